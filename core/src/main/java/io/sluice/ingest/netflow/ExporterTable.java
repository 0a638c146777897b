package io.sluice.ingest.netflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Exporters by (address, port), open addressing so the per-datagram lookup allocates nothing.
 * Bounded: past {@link #MAX} exporters, datagrams from new ones are counted on a shared overflow
 * exporter and dropped, so spoofed sources cannot grow memory without limit.
 */
public final class ExporterTable {
    static final int MAX = 65536;

    private long[] his = new long[64];
    private long[] los = new long[64];
    private int[] ports = new int[64];
    private Exporter[] values = new Exporter[64];
    private int size;
    private final List<Exporter> inOrder = new ArrayList<>();
    private final Exporter overflow = new Exporter(0, 0, 0);

    /** The exporter, created on first use; the overflow exporter when the table is full. */
    public Exporter get(long hi, long lo, int port) {
        int mask = values.length - 1;
        for (int i = slot(hi, lo, port) & mask; ; i = (i + 1) & mask) {
            Exporter e = values[i];
            if (e == null) {
                if (size >= MAX) return overflow;
                e = new Exporter(hi, lo, port);
                his[i] = hi;
                los[i] = lo;
                ports[i] = port;
                values[i] = e;
                inOrder.add(e);
                if (++size * 2 > values.length) grow();
                return e;
            }
            if (his[i] == hi && los[i] == lo && ports[i] == port) return e;
        }
    }

    /** Every exporter seen, in order of first datagram (the overflow exporter last, if used). */
    public List<Exporter> exporters() {
        var all = new ArrayList<>(inOrder);
        if (overflow.stats.datagrams > 0) all.add(overflow);
        return all;
    }

    private void grow() {
        Exporter[] old = values;
        his = new long[old.length * 2];
        los = new long[old.length * 2];
        ports = new int[old.length * 2];
        values = new Exporter[old.length * 2];
        int mask = values.length - 1;
        for (Exporter e : old) {
            if (e == null) continue;
            int i = slot(e.hi, e.lo, e.port) & mask;
            while (values[i] != null) i = (i + 1) & mask;
            his[i] = e.hi;
            los[i] = e.lo;
            ports[i] = e.port;
            values[i] = e;
        }
    }

    private static int slot(long hi, long lo, int port) {
        long h = (hi * 0xC2B2AE3D27D4EB4FL) ^ (lo * 0x9E3779B97F4A7C15L) ^ (port * 0x165667B19E3779F9L);
        return (int) (h >>> 40);
    }
}
