package io.sluice.protocol.tls;

import java.util.Arrays;

/**
 * A parsed TLS ServerHello (RFC 8446 4.1.3), also the HelloRetryRequest that shares its layout
 * (recognised by its fixed random). Usable on its own from a byte array holding just the message.
 *
 * @param legacyVersion the server_version field
 * @param selectedVersion the supported_versions extension's value, -1 when absent
 * @param alpn the protocol the server chose, null when absent
 * @param keyShareGroup the key_share group (TLS 1.3 ServerHello or HelloRetryRequest), -1 when absent
 */
public record ServerHello(
        int legacyVersion,
        byte[] sessionId,
        int cipherSuite,
        int compressionMethod,
        int[] extensions,
        int selectedVersion,
        String alpn,
        int keyShareGroup,
        boolean preSharedKey,
        boolean helloRetryRequest,
        boolean malformed) {

    public static final int TYPE = 2;

    /** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02,
        0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E,
        0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C
    };

    /** The version the server chose: supported_versions if present, else the legacy field. */
    public int negotiatedVersion() {
        return selectedVersion >= 0 ? selectedVersion : legacyVersion;
    }

    public static ServerHello parseMessage(byte[] b, int off, int len) {
        if (len < 4 || (b[off] & 0xff) != TYPE) return null;
        int bodyLen = Bytes.u24(b, off + 1);
        if (bodyLen > len - 4) return null;
        return parseBody(b, off + 4, bodyLen);
    }

    public static ServerHello parseBody(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        if (len < 2 + 32 + 2) return null;
        int version = Bytes.u16(b, p);
        boolean hrr = Arrays.equals(b, p + 2, p + 34, HRR_RANDOM, 0, 32);
        p += 34;
        byte[] sid = new byte[0];
        int comp = 0;
        // TLS 1.3 drafts before 22 had neither session id nor compression method
        boolean earlyDraft = (version >> 8) == 0x7f && (version & 0xff) < 22;
        if (!earlyDraft) {
            int sidLen = b[p++] & 0xff;
            if (sidLen > 32 || p + sidLen > end) return null;
            sid = Arrays.copyOfRange(b, p, p + sidLen);
            p += sidLen;
        }
        if (p + 2 > end) return null;
        int cipher = Bytes.u16(b, p);
        p += 2;
        if (!earlyDraft) {
            if (p + 1 > end) return null;
            comp = b[p++] & 0xff;
        }
        var x = new ClientHello.Extensions();
        x.server = true;
        boolean malformed = false;
        if (p < end) {
            if (p + 2 > end) {
                malformed = true;
            } else {
                int extEnd = p + 2 + Bytes.u16(b, p);
                p += 2;
                if (extEnd > end) {
                    malformed = true;
                    extEnd = end;
                }
                malformed |= !x.parse(b, p, extEnd);
            }
        }
        return new ServerHello(version, sid, cipher, comp, x.types(), x.selectedVersion,
                x.alpn.isEmpty() ? null : x.alpn.get(0), x.selectedGroup, x.psk, hrr, malformed || x.malformed);
    }
}
