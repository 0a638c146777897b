package io.sluice.protocol.ssh;

import io.sluice.protocol.ThreadDigests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The algorithm name-lists of an SSH_MSG_KEXINIT (RFC 4253 section 7.1), the negotiation Zeek's
 * ssh main.zeek applies to them ({@code find_alg}: the first client algorithm the server also
 * lists), and HASSH (Salesforce): MD5 over {@code kex;encryption;mac;compression}, the client's
 * client-to-server lists for {@code hassh}, the server's server-to-client lists for
 * {@code hasshServer}.
 */
record SshKexInit(
        String kex,
        String hostKey,
        String encC2s,
        String encS2c,
        String macC2s,
        String macS2c,
        String compC2s,
        String compS2c) {

    static final String NEGOTIATION_FAILED = "Algorithm negotiation failed";

    /**
     * Parses the KEXINIT payload after the message type byte: a 16-byte cookie, then ten
     * name-lists (uint32 length and bytes), each checked against what is left. Null if malformed.
     */
    static SshKexInit parse(byte[] b, int off, int len) {
        int p = off + 16, end = off + len;
        if (p > end) return null;
        String[] lists = new String[10];
        for (int i = 0; i < 10; i++) {
            if (end - p < 4) return null;
            long n = ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            p += 4;
            if (n > end - p) return null;
            lists[i] = new String(b, p, (int) n, StandardCharsets.ISO_8859_1);
            p += (int) n;
        }
        return new SshKexInit(lists[0], lists[1], lists[2], lists[3], lists[4], lists[5], lists[6], lists[7]);
    }

    String hasshAlgorithms() {
        return kex + ";" + encC2s + ";" + macC2s + ";" + compC2s;
    }

    String hasshServerAlgorithms() {
        return kex + ";" + encS2c + ";" + macS2c + ";" + compS2c;
    }

    /**
     * Zeek's find_alg: the first client algorithm that the server lists too (names are split at
     * commas, empty ones skipped, as name_list_to_vector does). Walks both lists in place: this
     * runs seven times per connection, and splitting them made arrays and streams each time.
     */
    static String negotiate(String client, String server) {
        int n = client.length();
        for (int i = 0; i <= n; ) {
            int j = client.indexOf(',', i);
            if (j < 0) j = n;
            if (j > i && listed(server, client, i, j - i)) return client.substring(i, j);
            i = j + 1;
        }
        return NEGOTIATION_FAILED;
    }

    /** Whether the comma-separated {@code list} holds {@code name[from, from + len)} as a whole name. */
    private static boolean listed(String list, String name, int from, int len) {
        int n = list.length();
        for (int i = 0; i <= n; ) {
            int j = list.indexOf(',', i);
            if (j < 0) j = n;
            if (j - i == len && list.regionMatches(i, name, from, len)) return true;
            i = j + 1;
        }
        return false;
    }

    /** Zeek's find_bidirectional_alg: one name when both directions agree, else both. */
    static String negotiateBoth(String clientC2s, String serverC2s, String clientS2c, String serverS2c) {
        String c2s = negotiate(clientC2s, serverC2s), s2c = negotiate(clientS2c, serverS2c);
        return c2s.equals(s2c) ? c2s : "To server: " + c2s + ", to client: " + s2c;
    }

    static String md5Hex(String s) {
        return HexFormat.of().formatHex(digest("MD5", s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** MD5 or SHA-256 of the bytes, with the thread's digest instances. */
    static byte[] digest(String algorithm, byte[] data) {
        return switch (algorithm) {
            case "MD5" -> ThreadDigests.md5().digest(data);
            case "SHA-256" -> ThreadDigests.sha256().digest(data);
            default -> throw new IllegalArgumentException(algorithm);
        };
    }
}
