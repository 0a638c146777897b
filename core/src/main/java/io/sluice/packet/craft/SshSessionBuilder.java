package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/** Builds the cleartext bytes of an SSH2 session (RFC 4253 binary packets), for tests and the traffic generator. */
public final class SshSessionBuilder {
    private SshSessionBuilder() {}

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] kexInit(String kex, String hostKey, String enc, String mac, String comp) {
        var p = new ByteArrayOutputStream();
        p.write(20);
        p.writeBytes(new byte[16]);
        for (String list : new String[] {kex, hostKey, enc, enc, mac, mac, comp, comp, "", ""}) string(p, ascii(list));
        p.write(0);
        p.writeBytes(new byte[4]);
        return packet(p.toByteArray());
    }

    /** SSH_MSG_KEX_ECDH_REPLY (31) or a DH GEX reply (33): K_S, then the other strings. */
    public static byte[] kexReply(int type, byte[] hostKey) {
        var p = new ByteArrayOutputStream();
        p.write(type);
        string(p, hostKey);
        string(p, new byte[32]);
        string(p, new byte[64]);
        return packet(p.toByteArray());
    }

    public static byte[] newKeys() {
        return packet(new byte[] {21});
    }

    /** A binary packet: length, padding length, payload, padding to a multiple of 8 (at least 4). */
    public static byte[] packet(byte[] payload) {
        return packet(payload, null);
    }

    /** The same with random padding, as RFC 4253 6 asks of implementations; zeros if {@code padding} is null. */
    public static byte[] packet(byte[] payload, RandomGenerator padding) {
        int pad = 8 - (payload.length + 5) % 8;
        if (pad < 4) pad += 8;
        int len = payload.length + pad + 1;
        var out = new ByteArrayOutputStream();
        out.write(len >>> 24);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.write(pad);
        out.writeBytes(payload);
        byte[] p = new byte[pad];
        if (padding != null) padding.nextBytes(p);
        out.writeBytes(p);
        return out.toByteArray();
    }

    public static void string(ByteArrayOutputStream out, byte[] s) {
        out.write(s.length >>> 24);
        out.write(s.length >>> 16);
        out.write(s.length >>> 8);
        out.write(s.length);
        out.writeBytes(s);
    }

    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
