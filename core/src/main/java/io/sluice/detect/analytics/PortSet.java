package io.sluice.detect.analytics;

/**
 * A fixed set of port numbers, asked per event by the analytics that pick connections by port:
 * one bit per port, so a question is a shift and a mask, where a {@code Set<Integer>} boxed the
 * port (a new Integer above 127) and probed a hash table.
 */
final class PortSet {
    private final long[] bits = new long[1 << 10];

    private PortSet() {}

    static PortSet of(int... ports) {
        var s = new PortSet();
        for (int p : ports) {
            if (p < 0 || p > 0xFFFF) throw new IllegalArgumentException("not a port: " + p);
            s.bits[p >>> 6] |= 1L << p;
        }
        return s;
    }

    boolean contains(int port) {
        return (port & ~0xFFFF) == 0 && (bits[port >>> 6] & (1L << port)) != 0;
    }
}
