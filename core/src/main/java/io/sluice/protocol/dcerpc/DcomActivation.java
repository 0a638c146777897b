package io.sluice.protocol.dcerpc;

import java.util.Locale;
import java.util.Map;

/**
 * The class a DCOM activation asks for, read from the activation properties in the request's
 * stub (MS-DCOM 2.2.22): what names MMC20.Application, ShellWindows or WMI's WbemLevel1Login in a
 * RemoteCreateInstance or RemoteGetClassObject call, which is otherwise an anonymous request to
 * port 135. These properties travel unsealed even when the later calls on the object are sealed.
 *
 * <p>The stub holds an OBJREF_CUSTOM ("MEOW", interface IActivationPropertiesIn) whose object data
 * is the activation blob: an 8-byte length and reserved word, then the CustomHeader as an NDR
 * type-serialised object (8-byte common header, 8-byte private header, the header fields, the
 * conformant arrays of property CLSIDs and of property sizes), then the properties in that order,
 * each type-serialised the same way. The property CLSID_InstantiationInfo
 * {000001AB-0000-0000-C000-000000000046} starts with the class id. Only little-endian NDR, as
 * Windows writes it; anything that does not fit is no answer (null), never an exception.
 */
final class DcomActivation {
    private static final byte[] OBJREF = {
        'M', 'E', 'O', 'W', 4, 0, 0, 0,
        (byte) 0xa2, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0x46};
    /** CLSID_InstantiationInfo in NDR (little-endian) byte order. */
    private static final byte[] INSTANTIATION_INFO = {
        (byte) 0xab, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0x46};
    /** The OBJREF_CUSTOM fields before the object data: signature, flags, iid, clsid, cbExtension, size. */
    private static final int OBJREF_HEADER = 48;
    private static final int MAX_PROPERTIES = 16;

    /**
     * Classes that lateral-movement tools activate remotely, by CLSID (facts from their
     * registrations; the Office ones are the applications' automation servers).
     */
    private static final Map<String, String> KNOWN = Map.of(
            "49b2791a-b1ae-4c90-9b8e-e860ba07f889", "MMC20.Application",
            "9ba05972-f6a8-11cf-a442-00a0c90a8f39", "ShellWindows",
            "c08afd90-f2a1-11d1-8455-00a0c91f3880", "ShellBrowserWindow",
            "00024500-0000-0000-c000-000000000046", "Excel.Application",
            "0006f03a-0000-0000-c000-000000000046", "Outlook.Application",
            "8bc3f05e-d86b-11d0-a075-00c04fb68820", "WbemLevel1Login");

    private DcomActivation() {}

    /** The canonical name of a class id the table knows ("MMC20.Application"), or null. */
    static String className(String clsid) {
        return clsid == null ? null : KNOWN.get(clsid);
    }

    /**
     * The class id ("49b2791a-b1ae-4c90-9b8e-e860ba07f889") a request asks to activate, looked for
     * from {@code from} in the first {@code k} bytes of the PDU {@code b}; null when there is none.
     */
    static String classId(byte[] b, int k, int from) {
        int meow = indexOf(b, k, from, OBJREF);
        if (meow < 0) return null;
        int hdr = meow + OBJREF_HEADER + 8; // the CustomHeader's type-serialisation header
        if (hdr + 64 > k || b[hdr] != 1 || b[hdr + 1] != 0x10) return null;
        long headerSize = u32(b, hdr + 20);
        int count = (int) u32(b, hdr + 32);
        if (count <= 0 || count > MAX_PROPERTIES || u32(b, hdr + 64) != count) return null;
        int clsids = hdr + 68, sizes = clsids + 16 * count + 4;
        if (sizes + 4 * count > k || u32(b, sizes - 4) != count) return null;
        long offset = hdr + headerSize;
        for (int i = 0; i < count; i++) {
            if (matches(b, clsids + 16 * i, INSTANTIATION_INFO)) {
                long classId = offset + 16; // after the property's own 16-byte serialisation headers
                return classId + 16 <= k ? uuid(b, (int) classId) : null;
            }
            offset += u32(b, sizes + 4 * i);
            if (offset > k) return null;
        }
        return null;
    }

    private static int indexOf(byte[] b, int k, int from, byte[] pattern) {
        outer:
        for (int i = Math.max(from, 0); i <= k - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static boolean matches(byte[] b, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) {
            if (b[at + j] != pattern[j]) return false;
        }
        return true;
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    /** A GUID in NDR order (three little-endian fields, then eight bytes) as canonical lower-case text. */
    private static String uuid(byte[] b, int i) {
        return String.format(Locale.ROOT, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u32(b, i),
                (b[i + 4] & 0xff) | (b[i + 5] & 0xff) << 8, (b[i + 6] & 0xff) | (b[i + 7] & 0xff) << 8,
                b[i + 8] & 0xff, b[i + 9] & 0xff, b[i + 10] & 0xff, b[i + 11] & 0xff, b[i + 12] & 0xff,
                b[i + 13] & 0xff, b[i + 14] & 0xff, b[i + 15] & 0xff);
    }
}
