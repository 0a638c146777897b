package io.sluice.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * An interactive SSH session over a {@link TcpConversation}, as OpenSSH writes it: banners,
 * KEXINIT both ways, the hybrid sntrup761x25519 (or curve25519) key exchange, NEWKEYS; then, all
 * encrypted, the user-auth service, a public-key query, the signed request and its success, a
 * channel with a pty and a shell, and commands typed one keystroke per packet, each echoed, with
 * their output. The packet sizes are those of chacha20-poly1305 (see {@link SshPackets#encrypted}),
 * and of aes-ctr with hmac-sha2-256 when the client prefers those, as PuTTY does,
 * so Zeek's authentication heuristic and JA4SSH see what they see on a real network.
 */
final class SshSession {
    private static final long MS = 1_000_000L;
    /** Lengths of typed commands and of their output in bytes: `ls -la`, `git status`, `tail -f`, a `vi` screen. */
    private static final int[][] COMMANDS = {{6, 900}, {10, 400}, {2, 60}, {16, 2_400}, {22, 120}, {9, 7_000},
        {31, 300}, {4, 1_800}, {12, 40}, {18, 16_000}, {7, 200}, {25, 3_500}};

    // KEXINIT name-lists (kex, host key, ciphers, MACs, compression each way, languages) as the
    // programs send them: OpenSSH 9.6 and PuTTY 0.81 clients, Debian 12's and Ubuntu 24.04's servers
    static final String[] SSH_CLIENT_OPENSSH = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ext-info-c,kex-strict-c-v00@openssh.com",
        "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};
    static final String[] SSH_CLIENT_PUTTY = {
        "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group18-sha512,diffie-hellman-group16-sha512,ext-info-c,kex-strict-c-v00@openssh.com",
        "ssh-ed448,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256,ssh-rsa",
        "aes256-ctr,aes256-cbc,rijndael-cbc@lysator.liu.se,aes192-ctr,aes192-cbc,aes128-ctr,aes128-cbc,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com",
        "aes256-ctr,aes256-cbc,rijndael-cbc@lysator.liu.se,aes192-ctr,aes192-cbc,aes128-ctr,aes128-cbc,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com",
        "hmac-sha2-256,hmac-sha1,hmac-sha1-96,hmac-md5,hmac-sha2-256-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-md5-etm@openssh.com",
        "hmac-sha2-256,hmac-sha1,hmac-sha1-96,hmac-md5,hmac-sha2-256-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-md5-etm@openssh.com",
        "none,zlib,zlib@openssh.com", "none,zlib,zlib@openssh.com", "", ""};
    static final String[] SSH_SERVER_DEBIAN = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com",
        "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};
    static final String[] SSH_SERVER_UBUNTU = {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,ext-info-s,kex-strict-s-v00@openssh.com",
        "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
        "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""};

    /** A server: its banner, KEXINIT lists and host key, which every connection to it shows. */
    record Server(String banner, String[] kexLists, byte[] hostKey) {}

    /** A client: its banner and KEXINIT lists. */
    record Client(String banner, String[] kexLists) {}

    private SshSession() {}

    static void play(TcpConversation c, SplittableRandom r, Client client, Server server, int commands) {
        c.serverSends(ascii(server.banner() + "\r\n")).clientSends(ascii(client.banner() + "\r\n"));
        c.clientSends(SshPackets.kexInit(r, client.kexLists())).serverSends(SshPackets.kexInit(r, server.kexLists()));
        boolean hybrid = client.kexLists()[0].startsWith("sntrup761") && server.kexLists()[0].contains("sntrup761");
        c.clientSends(SshPackets.ecdhInit(r, hybrid ? 1158 + 32 : 32));
        c.serverSends(concat(SshPackets.ecdhReply(r, server.hostKey(), "ssh-ed25519", hybrid ? 1039 + 32 : 32),
                SshPackets.newKeys(r)));
        c.clientSends(SshPackets.newKeys(r));
        boolean ctr = client.kexLists()[2].startsWith("aes"); // the client's first cipher wins (RFC 4253 7.1)
        // user authentication: service request and accept, a key query answered PK_OK, the signed request, success
        c.clientSends(SshPackets.encrypted(r, 17, ctr)).serverSends(SshPackets.encrypted(r, 17, ctr));
        c.clientSends(SshPackets.encrypted(r, 1 + 4 + 4 + 4 + 14 + 4 + 9 + 1 + 4 + 11 + 4 + 51, ctr));
        c.serverSends(SshPackets.encrypted(r, 1 + 4 + 11 + 4 + 51, ctr));
        c.pause((150 + r.nextInt(900)) * MS); // the agent signs
        c.clientSends(SshPackets.encrypted(r, 1 + 4 + 4 + 4 + 14 + 4 + 9 + 1 + 4 + 11 + 4 + 51 + 4 + 83, ctr));
        c.serverSends(SshPackets.encrypted(r, 1, ctr));
        // session channel, pty, environment, shell; the server's motd and prompt
        c.clientSends(SshPackets.encrypted(r, 24, ctr)).serverSends(SshPackets.encrypted(r, 28, ctr));
        c.clientSends(SshPackets.encrypted(r, 40 + 280, ctr)).clientSends(SshPackets.encrypted(r, 38, ctr)).clientSends(SshPackets.encrypted(r, 20, ctr));
        c.serverSends(SshPackets.encrypted(r, 9 + 700 + r.nextInt(400), ctr));
        for (int i = 0; i < commands; i++) {
            int[] command = COMMANDS[r.nextInt(COMMANDS.length)];
            c.pause((800 + r.nextInt(9_000)) * MS); // reading, thinking
            for (int k = 0; k <= command[0]; k++) { // each keystroke and its echo; the last is Enter
                c.clientSends(SshPackets.encrypted(r, 10, ctr));
                c.serverSends(SshPackets.encrypted(r, 10, ctr));
                c.pause((60 + r.nextInt(260)) * MS);
            }
            int output = command[1] / 2 + r.nextInt(command[1]);
            // output goes out as the shell writes it, a few hundred bytes to a line-discipline buffer at a
            // time; one packet per segment also lets tshark delimit packets whose length is encrypted
            for (int left = output; left > 0; ) {
                int chunk = Math.min(left, 300 + r.nextInt(1_000));
                c.serverSends(SshPackets.encrypted(r, 9 + chunk, ctr));
                left -= chunk;
            }
            c.serverSends(SshPackets.encrypted(r, 9 + 20 + r.nextInt(30), ctr)); // the prompt
        }
        // exit: the keystrokes, then channel EOF and close both ways, and the disconnect
        for (int k = 0; k < 5; k++) c.clientSends(SshPackets.encrypted(r, 10, ctr)).serverSends(SshPackets.encrypted(r, 10, ctr));
        c.serverSends(SshPackets.encrypted(r, 5 + 4 + 4 + 11 + 1 + 4, ctr)); // exit-status
        c.serverSends(SshPackets.encrypted(r, 5, ctr)).clientSends(SshPackets.encrypted(r, 5, ctr));
        c.clientSends(SshPackets.encrypted(r, 1 + 4 + 4 + 21 + 4, ctr));
        c.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
