package io.sluice.protocol.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PE file's headers from its first bytes (Microsoft PE/COFF specification): the DOS header's
 * {@code e_lfanew}, the "PE\0\0" signature, the COFF file header, the optional header (PE32 or
 * PE32+) with its data directories, and the section table. Every offset is checked against the
 * bytes present, so a truncated or forged header gives null or fewer sections, never an exception.
 * The names of machines, subsystems and OS versions are Zeek's (base/files/pe/consts.zeek).
 */
public final class PeHeaders {
    /** How much of a file's start is kept for its headers: room for e_lfanew up to 2 KiB and 40 sections. */
    public static final int HEAD_BYTES = 4096;
    private static final int MAX_SECTIONS = 96;

    private PeHeaders() {}

    /** Whether the first bytes are a DOS executable's ("MZ"), the MIME type Zeek runs its PE analyzer on. */
    public static boolean isDosExecutable(byte[] b, int len) {
        return len >= 2 && b[0] == 'M' && b[1] == 'Z';
    }

    /** The pe.log row, or null when the bytes hold no PE file header. */
    public static PeInfo parse(byte[] b, int len, long tsNanos, String fuid, String uid) {
        if (!isDosExecutable(b, len) || len < 0x40) return null;
        long lfanew = u32(b, 0x3c);
        if (lfanew < 0x40 || lfanew + 24 > len) return null;
        int pe = (int) lfanew;
        if (b[pe] != 'P' || b[pe + 1] != 'E' || b[pe + 2] != 0 || b[pe + 3] != 0) return null;
        int coff = pe + 4;
        int machine = u16(b, coff);
        int sections = u16(b, coff + 2);
        long timestamp = u32(b, coff + 4);
        int optSize = u16(b, coff + 16);
        int characteristics = u16(b, coff + 18);
        boolean isExe = optSize > 0;
        boolean is64bit = (characteristics & 0x100) == 0; // Zeek: T unless 32BIT_MACHINE
        int opt = coff + 20;
        String os = null, subsystem = null;
        boolean aslr = false, dep = false, integrity = false, seh = true;
        Boolean imports = null, exports = null, certs = null, debug = null;
        List<String> names = null;
        if (isExe && opt + 2 <= len) {
            int magic = u16(b, opt);
            boolean plus = magic == 0x20b;
            if (opt + 72 <= len) {
                os = osVersion(u16(b, opt + 40), u16(b, opt + 42));
                subsystem = subsystem(u16(b, opt + 68));
                int dll = u16(b, opt + 70);
                aslr = (dll & 0x40) != 0;
                integrity = (dll & 0x80) != 0;
                dep = (dll & 0x100) != 0;
                seh = (dll & 0x400) == 0;
            }
            int countAt = opt + (plus ? 108 : 92);
            int dirs = countAt + 4 <= len ? (int) Math.min(u32(b, countAt), 16) : 0;
            int dirAt = countAt + 4;
            exports = dirs > 0 ? dirSize(b, len, dirAt, 0) : Boolean.FALSE;
            imports = dirs > 1 ? dirSize(b, len, dirAt, 1) : Boolean.FALSE;
            certs = dirs > 4 ? dirSize(b, len, dirAt, 4) : Boolean.FALSE;
            debug = dirs > 6 ? dirSize(b, len, dirAt, 6) : Boolean.FALSE;
            names = new ArrayList<>();
            int sec = opt + optSize;
            for (int i = 0; i < Math.min(sections, MAX_SECTIONS) && sec + 40 <= len; i++, sec += 40) {
                names.add(sectionName(b, sec));
            }
        }
        return new PeInfo(tsNanos, fuid, uid, machine(machine), timestamp * 1_000_000_000L, os, subsystem, isExe,
                is64bit, aslr, dep, integrity, seh, imports, exports, certs, debug, names);
    }

    private static Boolean dirSize(byte[] b, int len, int dirAt, int index) {
        int at = dirAt + index * 8 + 4;
        return at + 4 <= len ? u32(b, at) > 0 : null;
    }

    private static String sectionName(byte[] b, int at) {
        int n = 0;
        while (n < 8 && b[at + n] != 0) n++;
        return new String(b, at, n, StandardCharsets.UTF_8);
    }

    static String machine(int m) {
        return switch (m) {
            case 0x0 -> "UNKNOWN";
            case 0x1d3 -> "AM33";
            case 0x8664 -> "AMD64";
            case 0x1c0 -> "ARM";
            case 0x1c4 -> "ARMNT";
            case 0xaa64 -> "ARM64";
            case 0xebc -> "EBC";
            case 0x14c -> "I386";
            case 0x200 -> "IA64";
            case 0x9041 -> "M32R";
            case 0x266 -> "MIPS16";
            case 0x366 -> "MIPSFPU";
            case 0x466 -> "MIPSFPU16";
            case 0x1f0 -> "POWERPC";
            case 0x1f1 -> "POWERPCFP";
            case 0x166 -> "R4000";
            case 0x1a2 -> "SH3";
            case 0x1a3 -> "SH3DSP";
            case 0x1a6 -> "SH4";
            case 0x1a8 -> "SH5";
            case 0x1c2 -> "THUMB";
            case 0x169 -> "WCEMIPSV2";
            default -> "unknown-" + m;
        };
    }

    static String subsystem(int s) {
        return switch (s) {
            case 0 -> "UNKNOWN";
            case 1 -> "NATIVE";
            case 2 -> "WINDOWS_GUI";
            case 3 -> "WINDOWS_CUI";
            case 7 -> "POSIX_CUI";
            case 9 -> "WINDOWS_CE_GUI";
            case 10 -> "EFI_APPLICATION";
            case 11 -> "EFI_BOOT_SERVICE_DRIVER";
            case 12 -> "EFI_RUNTIME_DRIVER";
            case 13 -> "EFI_ROM";
            case 14 -> "XBOX";
            default -> "unknown-" + s;
        };
    }

    static String osVersion(int major, int minor) {
        if (minor >= 100) return "unknown-" + major + "." + minor;
        return switch (major * 100 + minor) {
            case 1000 -> "Windows 10";
            case 604 -> "Windows 10 Technical Preview";
            case 603 -> "Windows 8.1 or Server 2012 R2";
            case 602 -> "Windows 8 or Server 2012";
            case 601 -> "Windows 7 or Server 2008 R2";
            case 600 -> "Windows Vista or Server 2008";
            case 502 -> "Windows XP x64 or Server 2003";
            case 501 -> "Windows XP";
            case 500 -> "Windows 2000";
            case 490 -> "Windows Me";
            case 410 -> "Windows 98";
            case 400 -> "Windows 95 or NT 4.0";
            case 351 -> "Windows NT 3.51";
            case 350 -> "Windows NT 3.5";
            case 302 -> "Windows 3.2";
            case 311 -> "Windows for Workgroups 3.11";
            case 310 -> "Windows 3.1 or NT 3.1";
            case 300 -> "Windows 3.0";
            case 211 -> "Windows 2.11";
            case 210 -> "Windows 2.10";
            case 200 -> "Windows 2.0";
            case 104 -> "Windows 1.04";
            case 103 -> "Windows 1.03";
            case 101 -> "Windows 1.01";
            case 100 -> "Windows 1.0";
            default -> "unknown-" + major + "." + minor;
        };
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
