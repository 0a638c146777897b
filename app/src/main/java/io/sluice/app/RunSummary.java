package io.sluice.app;

import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run saw, for the table printed at the end: flows by protocol and state, and the hosts
 * that moved the most bytes. Fed once per finished flow (never per packet). The talker map is
 * capped so that a scan over millions of addresses cannot exhaust memory; past the cap, new hosts
 * are counted only in the totals.
 */
final class RunSummary {
    private static final int MAX_TALKERS = 200_000;

    /** Bytes (IP bytes, both directions) and flows per host as originator. */
    private static final class Talker {
        long bytes;
        long flows;
    }

    private final Map<String, long[]> byProto = new TreeMap<>();
    private final Map<String, long[]> byState = new TreeMap<>();
    /**
     * The rows of the last protocol and state seen: a handful of distinct values (constant strings
     * from the flow table) recur in every record, so a reference check usually spares the map.
     */
    private String lastProto, lastState;
    private long[] lastProtoRow, lastStateRow;
    private final Map<String, Talker> talkers = new HashMap<>();
    private long flows;
    private long talkersDropped;

    void flow(FlowRecord r) {
        flows++;
        long bytes = r.origIpBytes() + r.respIpBytes();
        String proto = r.proto();
        long[] p = proto == lastProto ? lastProtoRow : (lastProtoRow = byProto.computeIfAbsent(lastProto = proto, k -> new long[3]));
        p[0]++;
        p[1] += r.origPkts() + r.respPkts();
        p[2] += bytes;
        String state = r.connState() == null ? "-" : r.connState(); // flow exports have no state
        long[] s = state == lastState ? lastStateRow : (lastStateRow = byState.computeIfAbsent(lastState = state, k -> new long[1]));
        s[0]++;
        Talker t = talkers.get(r.id().origH());
        if (t == null) {
            if (talkers.size() >= MAX_TALKERS) {
                talkersDropped++;
                return;
            }
            t = new Talker();
            talkers.put(r.id().origH(), t);
        }
        t.bytes += bytes;
        t.flows++;
    }

    long flows() {
        return flows;
    }

    /** Protocol → {flows, packets, bytes}. */
    Map<String, long[]> byProtocol() {
        return byProto;
    }

    Map<String, Long> byConnState() {
        var counts = new TreeMap<String, Long>();
        byState.forEach((state, n) -> counts.put(state, n[0]));
        return counts;
    }

    record TopTalker(String host, long bytes, long flows) {}

    /**
     * The {@code n} hosts with the most bytes (ties by name), most first. Picked in one pass that keeps
     * the best {@code n} so far: a big capture has hundreds of thousands of hosts, and sorting them all
     * at the end of a run is time the user waits for.
     */
    List<TopTalker> topTalkers(int n) {
        var best = new ArrayList<TopTalker>(n + 1);
        if (n <= 0) return best;
        for (var entry : talkers.entrySet()) {
            Talker t = entry.getValue();
            if (best.size() == n && !before(t.bytes, entry.getKey(), best.get(n - 1))) continue;
            var candidate = new TopTalker(entry.getKey(), t.bytes, t.flows);
            int i = best.size();
            while (i > 0 && before(candidate.bytes(), candidate.host(), best.get(i - 1))) i--;
            best.add(i, candidate);
            if (best.size() > n) best.remove(n);
        }
        return best;
    }

    private static boolean before(long bytes, String host, TopTalker other) {
        return bytes != other.bytes() ? bytes > other.bytes() : host.compareTo(other.host()) < 0;
    }

    long talkersNotTracked() {
        return talkersDropped;
    }
}
