package io.sluice.flow;

import io.sluice.event.FlowListener;
import io.sluice.event.ConnId;
import io.sluice.event.Weird;
import io.sluice.packet.IpAddress;

/**
 * Writes weirds to the listener, each at most once per key and period, as Zeek's weird framework
 * does by default (base/frameworks/notice/weird.zeek): a connection's weird once per connection
 * and name (Zeek: {@code weird_ignore} keyed by the conn id, 10 minutes), a packet's weird
 * outside any connection once per address pair and name (10 minutes), one without addresses
 * once per name (10 minutes), and the checksum weirds once per originator (Zeek's
 * {@code ACTION_LOG_PER_ORIG}, one day).
 *
 * <p>Bounded and allocation-free until a weird is written: the keys live in a direct-mapped
 * table of 16,384 slots, so a flood of distinct weirds can evict a key early and repeat a row;
 * it can never grow memory. Time is packet time.
 */
public final class WeirdReporter {
    public static final String PEER = "sluice";
    private static final long TEN_MINUTES = 600_000_000_000L;
    private static final long ONE_DAY = 86_400_000_000_000L;
    private static final int SLOTS = 1 << 14;

    private final FlowListener listener;
    private final long[] keys = new long[SLOTS];
    private final long[] until = new long[SLOTS];
    private long written, repeats;

    public WeirdReporter(FlowListener listener) {
        this.listener = listener;
    }

    /** A weird of a connection, once per connection and name. */
    public void conn(Flow f, long ts, String name, String addl, String source) {
        long key = mix(1, f.uidHigh, f.uidLow, 0, 0, name);
        if (!first(key, ts, TEN_MINUTES)) return;
        emit(new Weird(ts, f.uid(), f.id(), name, addl, false, PEER, source));
    }

    /** A weird of a connection, once per originator address and name (checksum errors). */
    void perOrig(Flow f, long ts, String name, String source) {
        long key = mix(2, f.origHi, f.origLo, 0, 0, name);
        if (!first(key, ts, ONE_DAY)) return;
        emit(new Weird(ts, f.uid(), f.id(), name, null, false, PEER, source));
    }

    /** A packet's weird outside any connection (Zeek's flow_weird): ports are logged as 0. */
    public void flow(long ts, long srcHi, long srcLo, long dstHi, long dstLo, String name, String addl,
            String source) {
        long key = mix(3, srcHi, srcLo, dstHi, dstLo, name);
        if (!first(key, ts, TEN_MINUTES)) return;
        var id = new ConnId(IpAddress.format(srcHi, srcLo), 0, IpAddress.format(dstHi, dstLo), 0);
        emit(new Weird(ts, null, id, name, addl, false, PEER, source));
    }

    /** A packet's weird once per originator address and name (bad_IP_checksum), outside any connection. */
    public void flowPerOrig(long ts, long srcHi, long srcLo, long dstHi, long dstLo, String name, String source) {
        long key = mix(4, srcHi, srcLo, 0, 0, name);
        if (!first(key, ts, ONE_DAY)) return;
        var id = new ConnId(IpAddress.format(srcHi, srcLo), 0, IpAddress.format(dstHi, dstLo), 0);
        emit(new Weird(ts, null, id, name, null, false, PEER, source));
    }

    /** A weird with no addresses at all (Zeek's net_weird). */
    public void net(long ts, String name, String addl, String source) {
        long key = mix(5, 0, 0, 0, 0, name);
        if (!first(key, ts, TEN_MINUTES)) return;
        emit(new Weird(ts, null, null, name, addl, false, PEER, source));
    }

    /** Rows written. */
    public long written() {
        return written;
    }

    /** Weirds not written because the same one was written within its period. */
    public long repeats() {
        return repeats;
    }

    private void emit(Weird w) {
        written++;
        listener.content(w);
    }

    private boolean first(long key, long ts, long period) {
        int slot = (int) (key ^ (key >>> 32)) & (SLOTS - 1);
        if (keys[slot] == key && ts < until[slot]) {
            repeats++;
            return false;
        }
        keys[slot] = key;
        until[slot] = ts + period;
        return true;
    }

    private static long mix(int kind, long a, long b, long c, long d, String name) {
        long h = kind * 0x9E3779B97F4A7C15L;
        h = (h ^ a) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ b) * 0x165667B19E3779F9L;
        h = (h ^ c) * 0x9E3779B97F4A7C15L;
        h = (h ^ d) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ name.hashCode()) * 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
