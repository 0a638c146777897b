package io.sluice.protocol.quic;

/**
 * What Sluice knows about each QUIC version: the name quic.log shows (Zeek's
 * {@code QUIC::version_strings}), the long-header packet type numbering (RFC 9369 renumbered them
 * for version 2), and the Initial salt and key labels (RFC 9001 5.2, RFC 9369 3.3 and 3.3.2, and
 * the salts of the drafts). Versions Zeek's QUIC analyzer does not parse are "unhandled".
 */
public final class QuicVersion {
    public static final int V1 = 0x00000001;
    public static final int V2 = 0x6b3343cf;
    static final int NEGOTIATION = 0;

    /** Long-header packet types in version 1 numbering (RFC 9000 17.2). */
    public static final int INITIAL = 0, ZERO_RTT = 1, HANDSHAKE = 2, RETRY = 3;

    private static final byte[] SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final byte[] SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    private static final byte[] SALT_DRAFT_22 = hex("7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a");
    private static final byte[] SALT_DRAFT_23 = hex("c3eef712c72ebb5a11a7d2432bb46365bef9f502");
    private static final byte[] SALT_DRAFT_29 = hex("afbfec289993d24c9e9786f19c6111e04390a899");

    private QuicVersion() {}

    /** Whether the analyzer parses packets of this version (drafts 22-34, mvfst, v1, v2), as Zeek's. */
    static boolean handled(int v) {
        return v == V1 || v == V2 || draft(v) > 0 || mvfst(v);
    }

    /** The draft number of a 0xff0000xx version in 22..34, else 0. */
    private static int draft(int v) {
        if ((v & 0xffffff00) != 0xff000000) return 0;
        int d = v & 0xff;
        return d >= 22 && d <= 34 ? d : 0;
    }

    private static boolean mvfst(int v) {
        return v == 0xfaceb001 || v == 0xfaceb002 || v == 0xfaceb00e || v == 0xfaceb011 || v == 0xfaceb012
                || v == 0xfaceb013;
    }

    /**
     * quic.log's {@code version}: Zeek's names. Zeek names 0xff00001f "draft-30" (a slip in its table
     * for draft 31); we print what Zeek prints so that logs compare.
     */
    static String name(int v) {
        if (v == V1) return "1";
        if (v == V2) return "quicv2";
        int d = draft(v);
        if (d > 0) return "draft-" + (d == 31 ? 30 : d);
        if (mvfst(v)) return "mvfst (" + Integer.toHexString(v) + ")";
        return "unknown-" + Integer.toHexString(v);
    }

    /** The long-header packet type, in version 1 numbering, of the two type bits of the first byte. */
    static int packetType(int version, int firstByte) {
        int bits = (firstByte >> 4) & 0x3;
        if (version != V2) return bits;
        // RFC 9369 3.2: Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00
        return (bits + 3) & 0x3;
    }

    /** The salt for Initial keys, or null when we do not know it (no decryption then). */
    static byte[] salt(int v) {
        if (v == V1) return SALT_V1;
        if (v == V2) return SALT_V2;
        int d = draft(v);
        if (d == 22 || v == 0xfaceb001) return SALT_DRAFT_22;
        if ((d >= 23 && d <= 28) || v == 0xfaceb002) return SALT_DRAFT_23;
        if ((d >= 29 && d <= 32) || v == 0xfaceb00e) return SALT_DRAFT_29;
        if (d >= 33) return SALT_V1;
        return null;
    }

    /** Whether the packet protection labels are version 2's ("quicv2 key", ...). */
    static boolean v2Labels(int v) {
        return v == V2;
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
