package io.sluice.protocol.dhcp;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * FoxIO's JA4D, the fingerprint of one DHCP message (as FoxIO's Zeek package makes it): message type
 * (five letters, {@code disco}, {@code offer}, {@code reqst}, ... or the number in five digits),
 * option 57's maximum message size (four digits, {@code 9999} at most, {@code 0000} without it),
 * {@code i} or {@code n} for a requested address (option 50), {@code d} or {@code n} for a client
 * FQDN (option 81); then the option codes in the order sent, without 53, 50, 81 and the end, and
 * option 55's parameter request list, each hyphen-joined or {@code 00} when empty:
 * {@code disco0000in_61-55_1-3-6-42}. How a client's DHCP stack fills its messages tells its
 * operating system and device type, with no database. DHCPv6 messages take the same shape
 * ({@link #ofV6}).
 */
final class Ja4d {
    private static final String[] TYPES = {null, "disco", "offer", "reqst", "decln", "dpack", "dpnak", "relse", "infor",
        "frenw", "lqery", "lunas", "lunkn", "lactv", "blklq", "lqdon", "actlq", "lqsta", "dhtls"};
    private static final String[] TYPES_V6 = {null, "solct", "advrt", "reqst", "confm", "renew", "rebnd", "reply",
        "relse", "decln", "recon", "inreq", "rlayf", "rlayr", "query", "qrply", "qdone", "qdata", "rereq", "rrply",
        "v4qry", "v4res", "acqry", "sttls", "bdudp", "brply", "poreq", "pores", "urqst", "ureqa", "udone", "conne",
        "connr", "dconn", "state", "conta", "arinf", "arrep"};
    /** Deeper than Wireshark's relay hop limit is crafted; the bound keeps the walk's stack small. */
    private static final int MAX_DEPTH = 32;

    private Ja4d() {}

    /**
     * @param messageType option 53, 0 when absent
     * @param maxMessageSize option 57, -1 when absent
     * @param options the option codes in order (no pad), {@code count} of them
     */
    static String of(int messageType, int maxMessageSize, boolean requestedAddress, boolean clientFqdn, int[] options,
            int count, List<Integer> params) {
        var s = new StringBuilder(48);
        if (messageType == 0) s.append("00000");
        else if (messageType < TYPES.length) s.append(TYPES[messageType]);
        else s.append(String.format("%05d", messageType));
        if (maxMessageSize < 0) s.append("0000");
        else s.append(String.format("%04d", Math.min(maxMessageSize, 9999)));
        s.append(requestedAddress ? 'i' : 'n').append(clientFqdn ? 'd' : 'n').append('_');
        int listed = 0;
        for (int i = 0; i < count; i++) {
            int code = options[i];
            if (code == 53 || code == 50 || code == 81 || code == 255) continue;
            if (listed++ > 0) s.append('-');
            s.append(code);
        }
        if (listed == 0) s.append("00");
        s.append('_');
        if (params == null || params.isEmpty()) s.append("00");
        else for (int i = 0; i < params.size(); i++) s.append(i > 0 ? "-" : "").append(params.get(i));
        return s.toString();
    }

    /**
     * The JA4D of the DHCPv6 message held whole in {@code buf[offset, offset+length)}, as FoxIO's
     * Wireshark plugin makes it (their one DHCPv6 implementation; the Zeek package has none):
     * message type (five letters, {@code solct}, {@code advrt}, {@code reqst}, ... or five digits);
     * the length of the first DUID (options 1, 2, 53) from the client identifier on (four digits,
     * {@code 0000} without one); {@code i} for an IA_TA (option 4), {@code d} for a client FQDN
     * (option 39) that holds a name; then every option code in the order of Wireshark's tree, the
     * options inside IAs, addresses, prefixes and relayed messages included, and the option
     * request list(s) (option 6): {@code solct0014nn_1-6-8-25_23-24}. A relay message keeps its own
     * type only, where the plugin writes the five letters of each nested message one after another.
     */
    static String ofV6(ByteBuffer buf, int offset, int length) {
        var w = new V6Walk();
        w.message(buf, offset, offset + length, 0);
        int type = buf.get(offset) & 0xff;
        var s = new StringBuilder(64);
        s.append(type > 0 && type < TYPES_V6.length ? TYPES_V6[type] : String.format("%05d", type));
        s.append(w.duidSize < 0 ? "0000" : String.format("%04d", Math.min(w.duidSize, 9999)));
        s.append(w.tempAddress ? 'i' : 'n').append(w.fqdn ? 'd' : 'n').append('_');
        s.append(w.options.isEmpty() ? "00" : w.options).append('_');
        s.append(w.requested.isEmpty() ? "00" : w.requested);
        return s.toString();
    }

    /** What the plugin reads off Wireshark's DHCPv6 tree, gathered in the tree's (depth-first) order. */
    private static final class V6Walk {
        final StringBuilder options = new StringBuilder(), requested = new StringBuilder();
        int duidSize = -1;
        boolean clientId, tempAddress, fqdn;

        void message(ByteBuffer buf, int p, int end, int depth) {
            if (p >= end) return;
            int type = buf.get(p) & 0xff;
            int header = type == 12 || type == 13 ? 34 : 4;
            // a broken relayed message ends only itself in Wireshark, not the relay around it
            if (end - p >= header) options(buf, p + header, end, depth);
        }

        /** False when an option runs past its container: Wireshark then reads no further option of the message. */
        boolean options(ByteBuffer buf, int p, int end, int depth) {
            if (depth > MAX_DEPTH) return false;
            while (p < end) {
                if (end - p < 4) return false;
                int code = buf.getShort(p) & 0xffff, len = buf.getShort(p + 2) & 0xffff, v = p + 4;
                if (len > end - v) return false;
                append(options, code);
                if (code == 1) clientId = true;
                // the plugin takes the first DUID it meets once a client identifier has been seen
                if (clientId && duidSize < 0 && len >= 2 && (code == 1 || code == 2 || code == 53)) duidSize = len;
                if (code == 4 && len >= 4) tempAddress = true;
                if (code == 39 && len >= 1 && hasName(buf, v + 1, v + len)) fqdn = true;
                if (code == 6) for (int i = 0; i + 2 <= len; i += 2) append(requested, buf.getShort(v + i) & 0xffff);
                if (code == 9) {
                    message(buf, v, v + len, depth + 1);
                } else {
                    int inner = nestedAt(buf, code, v, len);
                    if (inner >= 0 && inner <= len && !options(buf, v + inner, v + len, depth + 1)) return false;
                }
                p = v + len;
            }
            return true;
        }

        /** Where the options inside an option start (Wireshark's containers), or -1. */
        private static int nestedAt(ByteBuffer buf, int code, int v, int len) {
            return switch (code) {
                case 3, 25 -> 12; // IA_NA, IA_PD: IAID, T1, T2
                case 4 -> 4; // IA_TA: IAID
                case 5 -> 24; // IAADDR: address, lifetimes
                case 26 -> 25; // IAPREFIX: lifetimes, prefix length, prefix
                case 44 -> 17; // LQ_QUERY: query type, link address
                case 45, 94, 95, 96 -> 0; // CLIENT_DATA, the S46 containers
                case 89 -> len >= 8 ? prefixEnd(buf, v + 7, 8) : -1; // S46_RULE: flags .. IPv6 prefix
                case 92 -> len >= 5 ? prefixEnd(buf, v + 4, 5) : -1; // S46_V4V6BIND: IPv4 address, IPv6 prefix
                default -> -1;
            };
        }

        private static int prefixEnd(ByteBuffer buf, int lengthAt, int fixed) {
            int bits = buf.get(lengthAt) & 0xff;
            return bits > 128 ? -1 : fixed + (bits + 7) / 8;
        }

        /**
         * Whether Wireshark finds a client FQDN name in option 39's domain field: a name of two labels
         * or more with its root, or a partial name (no root) that ends the field alone; a root alone,
         * a top-level name alone or anything not in DNS wire format is not one.
         */
        private static boolean hasName(ByteBuffer buf, int p, int end) {
            int labels = 0;
            boolean rooted = false;
            while (p < end) {
                int l = buf.get(p) & 0xff;
                if (l > 63 || l > end - p - 1) return false;
                p += 1 + l;
                if (l == 0) {
                    if (labels >= 2) return true;
                    if (labels == 0) return false;
                    labels = 0;
                    rooted = true;
                } else {
                    labels++;
                    if (p == end) return !rooted;
                }
            }
            return false;
        }

        private static void append(StringBuilder s, int code) {
            if (!s.isEmpty()) s.append('-');
            s.append(code);
        }
    }
}
