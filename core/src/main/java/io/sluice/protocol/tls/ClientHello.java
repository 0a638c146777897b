package io.sluice.protocol.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed TLS ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2). Usable on its own from a byte array
 * holding just the handshake message, so QUIC can reuse it on the CRYPTO stream.
 *
 * <p>Lists keep wire order and GREASE values; fingerprints drop GREASE themselves. Extension
 * contents that do not parse leave their field empty and set {@code malformed}; the fixed part
 * must be valid or there is no ClientHello at all. Strings (SNI, ALPN) are decoded as ISO-8859-1 so
 * every byte survives one to one.
 *
 * @param legacyVersion the client_version field (0x0303 in TLS 1.3); for SSLv2 hellos the version
 * @param serverNames host names (name type 0) of the server_name extension
 * @param alpn protocol names of the ALPN extension, in order
 * @param supportedVersions the supported_versions extension, or null when absent
 * @param sessionTicketLength length of the session_ticket extension, -1 when absent
 * @param sslv2 whether this was an SSLv2-compatible hello (cipher specs of 3 bytes; JA3/JA4 not defined)
 */
public record ClientHello(
        int legacyVersion,
        byte[] sessionId,
        int[] cipherSuites,
        int[] compressionMethods,
        int[] extensions,
        List<String> serverNames,
        int unknownServerNameTypes,
        List<String> alpn,
        int[] supportedVersions,
        int[] supportedGroups,
        int[] ecPointFormats,
        int[] signatureAlgorithms,
        int[] keyShareGroups,
        int sessionTicketLength,
        boolean preSharedKey,
        boolean malformed,
        boolean sslv2) {

    public static final int TYPE = 1;
    private static final int[] NONE = new int[0];

    /** Parses a whole handshake message (4-byte header included); null if it is not a valid ClientHello. */
    public static ClientHello parseMessage(byte[] b, int off, int len) {
        if (len < 4 || (b[off] & 0xff) != TYPE) return null;
        int bodyLen = Bytes.u24(b, off + 1);
        if (bodyLen > len - 4) return null;
        return parseBody(b, off + 4, bodyLen);
    }

    /** Parses the body of a ClientHello handshake message; null if the fixed part is invalid. */
    public static ClientHello parseBody(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        if (len < 2 + 32 + 1) return null;
        int version = Bytes.u16(b, p);
        p += 2 + 32;
        int sidLen = b[p++] & 0xff;
        if (sidLen > 32 || p + sidLen > end) return null;
        byte[] sid = java.util.Arrays.copyOfRange(b, p, p + sidLen);
        p += sidLen;
        if (p + 2 > end) return null;
        int csLen = Bytes.u16(b, p);
        p += 2;
        if (csLen % 2 != 0 || p + csLen > end) return null;
        int[] ciphers = new int[csLen / 2];
        for (int i = 0; i < ciphers.length; i++) ciphers[i] = Bytes.u16(b, p + 2 * i);
        p += csLen;
        if (p + 1 > end) return null;
        int cmLen = b[p++] & 0xff;
        if (p + cmLen > end) return null;
        int[] comp = new int[cmLen];
        for (int i = 0; i < cmLen; i++) comp[i] = b[p + i] & 0xff;
        p += cmLen;
        var x = new Extensions();
        boolean malformed = false;
        if (p < end) {
            if (p + 2 > end) {
                malformed = true;
            } else {
                int extLen = Bytes.u16(b, p);
                p += 2;
                int extEnd = p + extLen;
                if (extEnd > end) {
                    malformed = true;
                    extEnd = end;
                }
                malformed |= !x.parse(b, p, extEnd);
            }
        }
        return new ClientHello(version, sid, ciphers, comp, x.types(), x.serverNames, x.unknownNameTypes, x.alpn,
                x.supportedVersions, orNone(x.groups), orNone(x.pointFormats), orNone(x.sigAlgs), orNone(x.keyShares),
                x.ticketLength, x.psk, malformed || x.malformed, false);
    }

    /**
     * Parses an SSLv2-compatible ClientHello record body (after the 2-byte record header, starting
     * at the message type 1), as sent by old clients offering SSLv3/TLS.
     */
    public static ClientHello parseV2(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 9 || (b[off] & 0xff) != TYPE) return null;
        int version = Bytes.u16(b, off + 1);
        int csLen = Bytes.u16(b, off + 3);
        int sidLen = Bytes.u16(b, off + 5);
        int chLen = Bytes.u16(b, off + 7);
        int p = off + 9;
        if (csLen % 3 != 0 || sidLen > 32 || (long) p + csLen + sidLen + chLen > end) return null;
        int[] ciphers = new int[csLen / 3];
        for (int i = 0; i < ciphers.length; i++) ciphers[i] = Bytes.u24(b, p + 3 * i);
        p += csLen;
        byte[] sid = java.util.Arrays.copyOfRange(b, p, p + sidLen);
        return new ClientHello(version, sid, ciphers, NONE, NONE, List.of(), 0, List.of(), null, NONE, NONE, NONE,
                NONE, -1, false, false, true);
    }

    public boolean hasExtension(int type) {
        for (int t : extensions) if (t == type) return true;
        return false;
    }

    private static int[] orNone(int[] a) {
        return a == null ? NONE : a;
    }

    /** Walks an extensions block; shared with {@link ServerHello}. */
    static final class Extensions {
        private int[] types = new int[16];
        private int count;
        final List<String> serverNames = new ArrayList<>(1);
        int unknownNameTypes;
        final List<String> alpn = new ArrayList<>(2);
        int[] supportedVersions;
        int[] groups;
        int[] pointFormats;
        int[] sigAlgs;
        int[] keyShares;
        int ticketLength = -1;
        boolean psk;
        boolean malformed;
        /** For ServerHello: the single selected version / key share group, -1 when absent. */
        int selectedVersion = -1;
        int selectedGroup = -1;

        int[] types() {
            return java.util.Arrays.copyOf(types, count);
        }

        /** Returns false if the block's framing is broken (the rest is then ignored). */
        boolean parse(byte[] b, int p, int end) {
            while (p < end) {
                if (p + 4 > end) return false;
                int type = Bytes.u16(b, p);
                int len = Bytes.u16(b, p + 2);
                p += 4;
                if (p + len > end) return false;
                if (count == types.length) types = java.util.Arrays.copyOf(types, count * 2);
                types[count++] = type;
                if (!content(type, b, p, p + len)) malformed = true;
                p += len;
            }
            return true;
        }

        boolean server;

        private boolean content(int type, byte[] b, int p, int end) {
            switch (type) {
                case 0 -> {
                    if (server) return true; // empty in a ServerHello
                    if (end - p < 2) return end == p;
                    int listEnd = p + 2 + Bytes.u16(b, p);
                    if (listEnd > end) return false;
                    p += 2;
                    while (p < listEnd) {
                        if (p + 3 > listEnd) return false;
                        int nameType = b[p] & 0xff;
                        int nl = Bytes.u16(b, p + 1);
                        p += 3;
                        if (p + nl > listEnd) return false;
                        if (nameType == 0) serverNames.add(new String(b, p, nl, StandardCharsets.ISO_8859_1));
                        else unknownNameTypes++;
                        p += nl;
                    }
                    return true;
                }
                case 16 -> {
                    if (end - p < 2) return false;
                    int listEnd = p + 2 + Bytes.u16(b, p);
                    if (listEnd > end) return false;
                    p += 2;
                    while (p < listEnd) {
                        int nl = b[p] & 0xff;
                        p++;
                        if (p + nl > listEnd) return false;
                        alpn.add(new String(b, p, nl, StandardCharsets.ISO_8859_1));
                        p += nl;
                    }
                    return true;
                }
                case 43 -> {
                    if (server) {
                        if (end - p != 2) return false;
                        selectedVersion = Bytes.u16(b, p);
                        return true;
                    }
                    if (end - p < 1) return false;
                    int l = b[p] & 0xff;
                    if (l % 2 != 0 || p + 1 + l > end) return false;
                    supportedVersions = u16s(b, p + 1, l);
                    return true;
                }
                case 10 -> {
                    groups = u16List(b, p, end);
                    return groups != null;
                }
                case 11 -> {
                    if (end - p < 1) return false;
                    int l = b[p] & 0xff;
                    if (p + 1 + l > end) return false;
                    pointFormats = new int[l];
                    for (int i = 0; i < l; i++) pointFormats[i] = b[p + 1 + i] & 0xff;
                    return true;
                }
                case 13 -> {
                    sigAlgs = u16List(b, p, end);
                    return sigAlgs != null;
                }
                case 35 -> {
                    ticketLength = end - p;
                    return true;
                }
                case 41 -> {
                    psk = true;
                    return true;
                }
                case 51 -> {
                    if (server) {
                        // ServerHello: one KeyShareEntry; HelloRetryRequest: just the selected group
                        if (end - p < 2) return false;
                        selectedGroup = Bytes.u16(b, p);
                        return true;
                    }
                    if (end - p < 2) return false;
                    int listEnd = p + 2 + Bytes.u16(b, p);
                    if (listEnd > end) return false;
                    p += 2;
                    int[] g = new int[8];
                    int n = 0;
                    while (p < listEnd) {
                        if (p + 4 > listEnd) return false;
                        int kl = Bytes.u16(b, p + 2);
                        if (n == g.length) g = java.util.Arrays.copyOf(g, n * 2);
                        g[n++] = Bytes.u16(b, p);
                        p += 4 + kl;
                        if (p > listEnd) return false;
                    }
                    keyShares = java.util.Arrays.copyOf(g, n);
                    return true;
                }
                default -> {
                    return true;
                }
            }
        }

        private static int[] u16List(byte[] b, int p, int end) {
            if (end - p < 2) return null;
            int l = Bytes.u16(b, p);
            if (l % 2 != 0 || p + 2 + l > end) return null;
            return u16s(b, p + 2, l);
        }

        private static int[] u16s(byte[] b, int p, int byteLen) {
            int[] out = new int[byteLen / 2];
            for (int i = 0; i < out.length; i++) out[i] = Bytes.u16(b, p + 2 * i);
            return out;
        }
    }
}
