package io.sluice.protocol.smb;

import io.sluice.event.WireText;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads and strings over a kept SMB message; callers check bounds first. Names and
 * paths are returned as wire strings (one char per byte, see {@link WireText}), the bytes Zeek logs
 * them as: a UTF-16 name as its UTF-8 bytes, an OEM name as the bytes sent.
 */
final class SmbBytes {
    /** Windows FILETIME of the Unix epoch (100 ns ticks since 1601-01-01). */
    private static final long EPOCH_FILETIME = 116_444_736_000_000_000L;
    /** Longest file or share name kept, in bytes on the wire. */
    static final int MAX_NAME_BYTES = 2048;

    private SmbBytes() {}

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int i) {
        return ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (long) (b[i + 3] & 0xff) << 24);
    }

    static long u64(byte[] b, int i) {
        return u32(b, i) | u32(b, i + 4) << 32;
    }

    /** A UTF-16LE name (SMB2/3, SMB1 with the Unicode flag) in wire form: its UTF-8 bytes, as Zeek logs it. */
    static String utf16(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_NAME_BYTES) & ~1;
        // names are NUL-terminated in some commands; the terminator is not part of the name
        while (n >= 2 && b[off + n - 2] == 0 && b[off + n - 1] == 0) n -= 2;
        return WireText.ofText(new String(b, off, n, StandardCharsets.UTF_16LE));
    }

    /**
     * An 8-bit name (SMB1 without the Unicode flag, in the client's OEM code page) in wire form:
     * the bytes as sent, since the code page is not known; Zeek logs them the same way.
     */
    static String oem(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_NAME_BYTES);
        while (n >= 1 && b[off + n - 1] == 0) n--;
        return new String(b, off, n, StandardCharsets.ISO_8859_1);
    }

    /** FILETIME to nanoseconds since the Unix epoch; null for 0 (not set). */
    static Long filetime(long ft) {
        if (ft == 0) return null;
        return (ft - EPOCH_FILETIME) * 100;
    }
}
