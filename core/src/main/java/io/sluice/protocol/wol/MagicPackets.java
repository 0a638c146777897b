package io.sluice.protocol.wol;

import java.nio.ByteBuffer;

/**
 * Finds a Wake-on-LAN magic packet in a payload: six bytes of {@code FF} (the synchronisation
 * stream) followed by sixteen repetitions of the target's 48-bit hardware address (AMD's "Magic
 * Packet Technology" white paper, 1995). The pattern may sit anywhere in the payload; the search
 * looks for the synchronisation stream within the first {@link #SEARCH} bytes, so its cost is
 * bounded and it allocates nothing.
 */
public final class MagicPackets {
    /** Sync stream plus sixteen addresses. */
    public static final int LENGTH = 6 + 16 * 6;
    /** How far into a payload the synchronisation stream is looked for. */
    static final int SEARCH = 256;

    private MagicPackets() {}

    /** The offset (relative to {@code offset}) of the magic packet's sync stream, or -1. */
    public static int find(ByteBuffer buf, int offset, int length) {
        if (buf == null || offset < 0 || length < LENGTH || offset > buf.limit() - length) return -1;
        int last = Math.min(length - LENGTH, SEARCH);
        for (int i = 0; i <= last; i++) {
            // A run of more than six FF bytes fails here until i reaches its last six.
            if (sync(buf, offset + i) && repeated(buf, offset + i + 6)) return i;
        }
        return -1;
    }

    private static boolean sync(ByteBuffer buf, int at) {
        for (int k = 0; k < 6; k++) if (buf.get(at + k) != (byte) 0xff) return false;
        return true;
    }

    /**
     * Sixteen equal six-byte groups holding a unicast address: FF or 00 runs (padding, filler) and
     * group addresses are not a network card a packet could wake.
     */
    private static boolean repeated(ByteBuffer buf, int at) {
        if ((buf.get(at) & 1) != 0) return false; // group (multicast/broadcast) address, FF included
        boolean allZero = true;
        for (int k = 0; k < 6; k++) allZero &= buf.get(at + k) == 0;
        if (allZero) return false;
        for (int r = 1; r < 16; r++) {
            for (int k = 0; k < 6; k++) if (buf.get(at + r * 6 + k) != buf.get(at + k)) return false;
        }
        return true;
    }

    /** The target hardware address of the magic packet whose sync stream starts at {@code at}. */
    public static String target(ByteBuffer buf, int at) {
        var sb = new StringBuilder(17);
        for (int k = 0; k < 6; k++) {
            if (k > 0) sb.append(':');
            int b = buf.get(at + 6 + k) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }
}
