package io.sluice.packet.craft;

import io.sluice.protocol.quic.InitialKeys;
import io.sluice.protocol.quic.QuicVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds QUIC packets and TLS hellos for tests and the traffic generator, protecting Initial packets
 * as RFC 9001 5 says with the keys the QUIC dissector derives ({@link InitialKeys}), so protection and
 * removal share one key schedule.
 */
public final class QuicPackets {
    private QuicPackets() {}

    public static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    public static String toHex(byte[] b) {
        var sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }

    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A 2-byte varint (RFC 9000 16), or 1 byte below 64. */
    public static byte[] varint(long v) {
        if (v < 64) return new byte[] {(byte) v};
        if (v < 16384) return new byte[] {(byte) (0x40 | (v >> 8)), (byte) v};
        return new byte[] {(byte) (0x80 | (v >> 24)), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    public static byte[] cryptoFrame(long offset, byte[] data, int from, int len) {
        byte[] chunk = java.util.Arrays.copyOfRange(data, from, from + len);
        return concat(new byte[] {0x06}, varint(offset), varint(len), chunk);
    }

    public static byte[] padding(int n) {
        return new byte[n];
    }

    /** A TLS 1.3 ClientHello handshake message (4-byte header included). */
    public static byte[] clientHello(String sni, String... alpn) {
        var ext = new ByteArrayOutputStream();
        if (sni != null) {
            byte[] n = sni.getBytes(StandardCharsets.US_ASCII);
            ext.writeBytes(extension(0, concat(u16(n.length + 3), new byte[] {0}, u16(n.length), n)));
        }
        if (alpn.length > 0) {
            var list = new ByteArrayOutputStream();
            for (String a : alpn) {
                list.write(a.length());
                list.writeBytes(a.getBytes(StandardCharsets.US_ASCII));
            }
            ext.writeBytes(extension(16, concat(u16(list.size()), list.toByteArray())));
        }
        ext.writeBytes(extension(10, hex("0004001d0017")));
        ext.writeBytes(extension(13, hex("000404030804")));
        ext.writeBytes(extension(43, hex("020304")));
        ext.writeBytes(extension(51, concat(hex("0024001d0020"), new byte[32])));
        ext.writeBytes(extension(57, hex("0104800075300304800fffff")));
        byte[] e = ext.toByteArray();
        byte[] body = concat(hex("0303"), new byte[32], new byte[] {0}, hex("0006130113021303"), hex("0100"),
                u16(e.length), e);
        return concat(new byte[] {1}, u24(body.length), body);
    }

    /** A TLS 1.3 ServerHello (TLS_AES_128_GCM_SHA256, x25519). */
    public static byte[] serverHello() {
        byte[] e = concat(extension(43, hex("0304")), extension(51, concat(hex("001d0020"), new byte[32])));
        byte[] body = concat(hex("0303"), new byte[32], new byte[] {0}, hex("1301"), new byte[] {0}, u16(e.length), e);
        return concat(new byte[] {2}, u24(body.length), body);
    }

    private static byte[] extension(int type, byte[] data) {
        return concat(u16(type), u16(data.length), data);
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    public static byte[] u24(int v) {
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    /**
     * A protected Initial packet.
     *
     * @param keyDcid the client's first DCID, from which the keys come
     * @param frames the plaintext frames; padded with PADDING if too short for the sample
     */
    public static byte[] initial(int version, boolean client, byte[] keyDcid, byte[] dcid, byte[] scid, long pn, int pnLen,
            byte[] frames) throws Exception {
        if (frames.length + pnLen < 4) frames = concat(frames, padding(4 - pnLen - frames.length));
        InitialKeys keys = InitialKeys.derive(version, keyDcid, 0, keyDcid.length, client);
        int typeBits = version == QuicVersion.V2 ? 1 : 0;
        byte first = (byte) (0xc0 | (typeBits << 4) | (pnLen - 1));
        int length = pnLen + frames.length + 16;
        byte[] pnBytes = new byte[pnLen];
        for (int i = 0; i < pnLen; i++) pnBytes[i] = (byte) (pn >> (8 * (pnLen - 1 - i)));
        byte[] header = concat(new byte[] {first}, u32(version), new byte[] {(byte) dcid.length}, dcid,
                new byte[] {(byte) scid.length}, scid, varint(0), lengthVarint(length), pnBytes);
        return protect(keys, header, header.length - pnLen, pn, frames);
    }

    /** Lengths always as 2-byte varints, as most stacks write them. */
    private static byte[] lengthVarint(int v) {
        return new byte[] {(byte) (0x40 | (v >> 8)), (byte) v};
    }

    public static byte[] protect(InitialKeys keys, byte[] header, int pnOffset, long pn, byte[] frames) throws Exception {
        byte[] nonce = keys.iv().clone();
        for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(header);
        byte[] packet = concat(header, gcm.doFinal(frames));
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.hp(), "AES"));
        byte[] mask = ecb.doFinal(packet, pnOffset + 4, 16);
        int pnLen = (packet[0] & 0x03) + 1;
        packet[0] ^= (byte) (mask[0] & 0x0f);
        for (int i = 0; i < pnLen; i++) packet[pnOffset + i] ^= mask[1 + i];
        return packet;
    }

    /** A Handshake (or 0-RTT) packet with random-looking payload: we never decrypt those. */
    public static byte[] longPacket(int version, int v1Type, byte[] dcid, byte[] scid, int payloadLen) {
        byte[] payload = new byte[payloadLen];
        java.util.Arrays.fill(payload, (byte) 0x5a);
        return longPacket(version, v1Type, dcid, scid, payload);
    }

    /** A Handshake (or 0-RTT) packet carrying {@code payload} as it is: its protected packet number and frames. */
    public static byte[] longPacket(int version, int v1Type, byte[] dcid, byte[] scid, byte[] payload) {
        int payloadLen = payload.length;
        int bits = version == QuicVersion.V2 ? (v1Type + 1) & 3 : v1Type;
        return concat(new byte[] {(byte) (0xc0 | (bits << 4))}, u32(version), new byte[] {(byte) dcid.length}, dcid,
                new byte[] {(byte) scid.length}, scid, lengthVarint(payloadLen), payload);
    }

    public static byte[] retry(int version, byte[] dcid, byte[] scid, byte[] token) {
        int bits = version == QuicVersion.V2 ? 0 : 3;
        return concat(new byte[] {(byte) (0xc0 | (bits << 4))}, u32(version), new byte[] {(byte) dcid.length}, dcid,
                new byte[] {(byte) scid.length}, scid, token, new byte[16]);
    }

    public static byte[] shortPacket(byte[] dcid, int payloadLen) {
        return concat(new byte[] {0x41}, dcid, new byte[payloadLen]);
    }

    /**
     * A 1-RTT packet: the fixed bit, then bits that header protection makes look random (spin,
     * reserved, key phase, packet number length), the DCID, and the protected rest.
     */
    public static byte[] shortPacket(int firstByteNoise, byte[] dcid, byte[] payload) {
        return concat(new byte[] {(byte) (0x40 | (firstByteNoise & 0x3f))}, dcid, payload);
    }

    public static byte[] u32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }
}
