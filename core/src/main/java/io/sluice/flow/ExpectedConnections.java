package io.sluice.flow;

/**
 * Connections a dissector announced before they start (Zeek's {@code Analyzer::schedule_analyzer}):
 * FTP's PORT/EPRT/PASV/EPSV data channel, TFTP's data flow. Keyed by responder address and port,
 * optionally the originator address, and the transport. A bounded ring: when full the oldest entry
 * is overwritten; entries expire by packet time. A new connection that matches takes the service
 * name and consumes the entry. Consulted only on connection creation and only when non-empty, so
 * traffic without such protocols pays one comparison per new connection.
 */
final class ExpectedConnections {
    static final int CAPACITY = 4096;

    private final long[] origHi = new long[CAPACITY], origLo = new long[CAPACITY];
    private final long[] respHi = new long[CAPACITY], respLo = new long[CAPACITY];
    private final int[] respPort = new int[CAPACITY];
    private final boolean[] anyOrig = new boolean[CAPACITY], tcp = new boolean[CAPACITY];
    private final long[] expires = new long[CAPACITY];
    private final String[] service = new String[CAPACITY];
    private final Object[] attachment = new Object[CAPACITY];
    /** The attachment of the last successful {@link #match}, for the caller to take. */
    private Object matchedAttachment;
    /** Next slot to write; the ring's oldest entry once it has wrapped. */
    private int next;
    /** Live (unconsumed) entries, possibly including expired ones not yet swept. */
    private int live;
    private long added, matched;

    boolean isEmpty() {
        return live == 0;
    }

    /** Records an expectation; {@code anyOriginator} ignores the originator address. */
    void add(boolean anyOriginator, long oHi, long oLo, long rHi, long rLo, int rPort, boolean isTcp, String name,
            Object attached, long expiresNanos) {
        int i = next;
        if (service[i] == null) live++;
        anyOrig[i] = anyOriginator;
        origHi[i] = oHi;
        origLo[i] = oLo;
        respHi[i] = rHi;
        respLo[i] = rLo;
        respPort[i] = rPort;
        tcp[i] = isTcp;
        service[i] = name;
        attachment[i] = attached;
        expires[i] = expiresNanos;
        next = (i + 1) & (CAPACITY - 1);
        added++;
    }

    /**
     * The service of the newest live expectation the new connection matches (consuming it), or null.
     * Expired entries met on the way are dropped.
     */
    String match(long oHi, long oLo, long rHi, long rLo, int rPort, boolean isTcp, long now) {
        for (int k = 1; k <= CAPACITY && live > 0; k++) {
            int i = (next - k) & (CAPACITY - 1);
            String s = service[i];
            if (s == null) continue;
            if (expires[i] < now) {
                drop(i);
                continue;
            }
            if (respPort[i] == rPort && tcp[i] == isTcp && respHi[i] == rHi && respLo[i] == rLo
                    && (anyOrig[i] || (origHi[i] == oHi && origLo[i] == oLo))) {
                matchedAttachment = attachment[i];
                drop(i);
                matched++;
                return s;
            }
        }
        return null;
    }

    /** What the announcing dissector attached to the expectation the last {@link #match} consumed. */
    Object matchedAttachment() {
        return matchedAttachment;
    }

    private void drop(int i) {
        service[i] = null;
        attachment[i] = null;
        live--;
    }

    long added() {
        return added;
    }

    long matched() {
        return matched;
    }
}
