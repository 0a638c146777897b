package io.sluice.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * SSH binary packets before encryption starts (RFC 4253 section 6): length, padding length,
 * payload, padding; and the KEXINIT payload (section 7.1) with OpenSSH's algorithm lists. After
 * NEWKEYS everything is encrypted, which random bytes stand in for.
 */
final class SshPackets {
    private static final String[] CLIENT_LISTS = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ext-info-c",
        "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,ssh-ed25519,rsa-sha2-512,rsa-sha2-256",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};
    private static final String[] SERVER_LISTS = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512",
        "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};

    private SshPackets() {}

    static byte[] kexInit(SplittableRandom r, boolean client) {
        var payload = new ByteArrayOutputStream();
        byte[] cookie = new byte[16];
        r.nextBytes(cookie);
        payload.writeBytes(cookie);
        for (String list : client ? CLIENT_LISTS : SERVER_LISTS) {
            byte[] b = list.getBytes(StandardCharsets.US_ASCII);
            u32(payload, b.length);
            payload.writeBytes(b);
        }
        payload.write(0); // first_kex_packet_follows
        u32(payload, 0); // reserved
        return packet(r, 20, payload.toByteArray());
    }

    /** One unencrypted binary packet of message type {@code type}, padded to a multiple of 8. */
    static byte[] packet(SplittableRandom r, int type, byte[] payload) {
        int unpadded = 4 + 1 + 1 + payload.length;
        int padding = 8 - unpadded % 8;
        if (padding < 4) padding += 8;
        var out = new ByteArrayOutputStream();
        u32(out, 1 + 1 + payload.length + padding);
        out.write(padding);
        out.write(type);
        out.writeBytes(payload);
        byte[] pad = new byte[padding];
        r.nextBytes(pad);
        out.writeBytes(pad);
        return out.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
