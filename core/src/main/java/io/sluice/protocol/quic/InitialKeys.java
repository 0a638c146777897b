package io.sluice.protocol.quic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The packet protection keys of one direction's Initial packets (RFC 9001 5.2, RFC 9369 3.3):
 * everyone can derive them from the client's first Destination Connection ID, which is what lets
 * a passive observer read the ClientHello and ServerHello.
 *
 * <pre>
 * initial_secret = HKDF-Extract(salt(version), client_dcid)
 * secret         = HKDF-Expand-Label(initial_secret, "client in" | "server in", "", 32)
 * key, iv, hp    = HKDF-Expand-Label(secret, "quic key" | "quic iv" | "quic hp", "", 16 | 12 | 16)
 *                  (version 2: "quicv2 key", "quicv2 iv", "quicv2 hp")
 * </pre>
 *
 * @param version the QUIC version they were derived for
 */
public record InitialKeys(int version, byte[] key, byte[] iv, byte[] hp) {

    /** Derives the keys, or null when the version's salt is unknown. */
    public static InitialKeys derive(int version, byte[] dcid, int dcidOff, int dcidLen, boolean client) {
        byte[] salt = QuicVersion.salt(version);
        if (salt == null) return null;
        try {
            byte[] initial = hmac(salt, dcid, dcidOff, dcidLen);
            byte[] secret = expandLabel(initial, client ? "client in" : "server in", 32);
            boolean v2 = QuicVersion.v2Labels(version);
            return new InitialKeys(version,
                    expandLabel(secret, v2 ? "quicv2 key" : "quic key", 16),
                    expandLabel(secret, v2 ? "quicv2 iv" : "quic iv", 12),
                    expandLabel(secret, v2 ? "quicv2 hp" : "quic hp", 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** HKDF-Expand-Label of TLS 1.3 (RFC 8446 7.1) with an empty context; one HMAC block (length <= 32). */
    static byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + l.length + 1 + 1];
        info[0] = (byte) (length >> 8);
        info[1] = (byte) length;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        info[3 + l.length] = 0; // empty context
        info[4 + l.length] = 1; // HKDF-Expand block counter T(1)
        byte[] t = hmac(secret, info, 0, info.length);
        return java.util.Arrays.copyOf(t, length);
    }

    private static byte[] hmac(byte[] key, byte[] data, int off, int len) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(data, off, len);
        return mac.doFinal();
    }
}
