package io.sluice.protocol.ntlm;

import java.nio.charset.StandardCharsets;

/**
 * Parses NTLMSSP messages (MS-NLMP 2.2.1) out of whatever carries them: an SMB session setup's
 * SPNEGO blob, a DCE/RPC auth verifier, an HTTP Authorization header. Every offset and length read
 * from the message is checked against the bytes given; a malformed message yields null.
 */
public final class NtlmParser {
    private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    private static final int FLAG_UNICODE = 0x1;
    /** Longest name kept (bytes on the wire); longer ones are cut. */
    private static final int MAX_NAME_BYTES = 512;

    private NtlmParser() {}

    /**
     * Finds the NTLMSSP signature in {@code [off, off+len)} (for example inside a SPNEGO token,
     * which wraps it in ASN.1 we need not decode) and parses the message there; null if none.
     */
    public static NtlmMessage find(byte[] b, int off, int len) {
        int end = Math.min(b.length, off + len);
        for (int i = Math.max(0, off); i + SIGNATURE.length <= end; i++) {
            if (b[i] == 'N' && matchesSignature(b, i)) return parse(b, i, end - i);
        }
        return null;
    }

    private static boolean matchesSignature(byte[] b, int i) {
        for (int k = 0; k < SIGNATURE.length; k++) if (b[i + k] != SIGNATURE[k]) return false;
        return true;
    }

    /** Parses the message that starts at {@code off} (its signature); null if it is not a valid one. */
    public static NtlmMessage parse(byte[] b, int off, int len) {
        if (off < 0 || len < 12 || off + len > b.length || !matchesSignature(b, off)) return null;
        int type = u32(b, off + 8);
        switch (type) {
            case NtlmMessage.NEGOTIATE -> {
                if (len < 16) return new NtlmMessage(type, null, null, null, null, null, null);
                int flags = u32(b, off + 12);
                String domain = len >= 24 ? field(b, off, len, 16, false) : null;
                String ws = len >= 32 ? field(b, off, len, 24, false) : null;
                // NEGOTIATE names are always OEM (MS-NLMP 2.2.1.1); the flag is ignored here
                return new NtlmMessage(type, emptyToNull(domain), null, emptyToNull(ws), null, null, null);
            }
            case NtlmMessage.CHALLENGE -> {
                if (len < 32) return null;
                int flags = u32(b, off + 20);
                String nb = null, dns = null, tree = null;
                if (len >= 48) {
                    int tiLen = u16(b, off + 40);
                    int tiOff = u32(b, off + 44);
                    if (tiLen > 0 && tiOff >= 0 && tiOff <= len && tiLen <= len - tiOff) {
                        int p = off + tiOff, end = p + tiLen;
                        while (p + 4 <= end) {
                            int id = u16(b, p), l = u16(b, p + 2);
                            p += 4;
                            if (id == 0 || l > end - p) break; // MsvAvEOL, or a value that runs past the end
                            switch (id) {
                                case 1 -> nb = utf16(b, p, l);
                                case 3 -> dns = utf16(b, p, l);
                                case 5 -> tree = utf16(b, p, l);
                                default -> { }
                            }
                            p += l;
                        }
                    }
                }
                return new NtlmMessage(type, null, null, null, nb, dns, tree);
            }
            case NtlmMessage.AUTHENTICATE -> {
                if (len < 52) return null;
                boolean unicode = len >= 64 && (u32(b, off + 60) & FLAG_UNICODE) != 0;
                if (len < 64) unicode = true;
                String domain = field(b, off, len, 28, unicode);
                String user = field(b, off, len, 36, unicode);
                String ws = field(b, off, len, 44, unicode);
                return new NtlmMessage(type, emptyToNull(domain), emptyToNull(user), emptyToNull(ws), null, null, null);
            }
            default -> {
                return null;
            }
        }
    }

    /** A security buffer (length 2, max length 2, offset 4) at {@code at}; null if it points outside. */
    private static String field(byte[] b, int off, int len, int at, boolean unicode) {
        int l = u16(b, off + at);
        int o = u32(b, off + at + 4);
        if (l == 0) return "";
        if (o < 0 || o > len || l > len - o) return null;
        int n = Math.min(l, MAX_NAME_BYTES);
        return unicode ? utf16(b, off + o, n) : new String(b, off + o, n, StandardCharsets.ISO_8859_1);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String utf16(byte[] b, int off, int len) {
        return new String(b, off, Math.min(len, MAX_NAME_BYTES) & ~1, StandardCharsets.UTF_16LE);
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static int u32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
