package io.sluice.generate;

import io.sluice.packet.craft.SshSessionBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * SSH binary packets before encryption starts (RFC 4253 section 6) with random padding: KEXINIT
 * (section 7.1) with an implementation's algorithm lists, the ECDH init and reply (RFC 5656 4),
 * NEWKEYS; and the sizes of packets after it, which random bytes stand in for.
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
        return kexInit(r, client ? CLIENT_LISTS : SERVER_LISTS);
    }

    /** KEXINIT with these ten name-lists (kex, host key, ciphers, MACs and compression each way, languages). */
    static byte[] kexInit(SplittableRandom r, String[] lists) {
        var payload = new ByteArrayOutputStream();
        byte[] cookie = new byte[16];
        r.nextBytes(cookie);
        payload.writeBytes(cookie);
        for (String list : lists) SshSessionBuilder.string(payload, list.getBytes(StandardCharsets.US_ASCII));
        payload.write(0); // first_kex_packet_follows
        payload.writeBytes(new byte[4]); // reserved
        return packet(r, 20, payload.toByteArray());
    }

    /** SSH_MSG_KEX_ECDH_INIT (30): the client's ephemeral public key of {@code keyLength} bytes. */
    static byte[] ecdhInit(SplittableRandom r, int keyLength) {
        var p = new ByteArrayOutputStream();
        SshSessionBuilder.string(p, ClientHellos.random(r, keyLength));
        return packet(r, 30, p.toByteArray());
    }

    /** SSH_MSG_KEX_ECDH_REPLY (31): the host key blob, the server's ephemeral key, the exchange hash's signature. */
    static byte[] ecdhReply(SplittableRandom r, byte[] hostKeyBlob, String signatureAlg, int keyLength) {
        var p = new ByteArrayOutputStream();
        SshSessionBuilder.string(p, hostKeyBlob);
        SshSessionBuilder.string(p, ClientHellos.random(r, keyLength));
        var sig = new ByteArrayOutputStream();
        SshSessionBuilder.string(sig, signatureAlg.getBytes(StandardCharsets.US_ASCII));
        SshSessionBuilder.string(sig, ClientHellos.random(r, signatureAlg.startsWith("rsa") ? 256 : 64));
        SshSessionBuilder.string(p, sig.toByteArray());
        return packet(r, 31, p.toByteArray());
    }

    /** An ssh-ed25519 public key blob (RFC 8709 4). */
    static byte[] ed25519HostKey(SplittableRandom r) {
        var p = new ByteArrayOutputStream();
        SshSessionBuilder.string(p, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
        SshSessionBuilder.string(p, ClientHellos.random(r, 32));
        return p.toByteArray();
    }

    static byte[] newKeys(SplittableRandom r) {
        return packet(r, 21, new byte[0]);
    }

    /**
     * Bytes on the wire of an encrypted packet: with chacha20-poly1305@openssh.com (OpenSSH's first
     * choice) padding length, payload and padding align to 8, the 4-byte length not counted, and a
     * 16-byte tag follows; with aes-ctr and hmac-sha2-256 (PuTTY's first choice) the whole packet
     * aligns to 16 and a 32-byte MAC follows.
     */
    static byte[] encrypted(SplittableRandom r, int payloadLength, boolean aesCtr) {
        if (aesCtr) {
            int packet = 4 + 1 + payloadLength + 4;
            packet += (16 - packet % 16) % 16;
            return ClientHellos.random(r, packet + 32);
        }
        int body = 1 + payloadLength + 4;
        body += (8 - body % 8) % 8;
        return ClientHellos.random(r, 4 + body + 16);
    }

    /** One unencrypted binary packet of message type {@code type}, padded to a multiple of 8. */
    static byte[] packet(SplittableRandom r, int type, byte[] payload) {
        byte[] typed = new byte[1 + payload.length];
        typed[0] = (byte) type;
        System.arraycopy(payload, 0, typed, 1, payload.length);
        return SshSessionBuilder.packet(typed, r);
    }
}
