package io.sluice.app;

import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final Map<String, Long> byState = new TreeMap<>();
    private final Map<String, Talker> talkers = new HashMap<>();
    private long flows;
    private long talkersDropped;

    void flow(FlowRecord r) {
        flows++;
        long bytes = r.origIpBytes() + r.respIpBytes();
        long[] p = byProto.computeIfAbsent(r.proto(), k -> new long[3]);
        p[0]++;
        p[1] += r.origPkts() + r.respPkts();
        p[2] += bytes;
        byState.merge(r.connState() == null ? "-" : r.connState(), 1L, Long::sum); // flow exports have no state
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
        return byState;
    }

    record TopTalker(String host, long bytes, long flows) {}

    List<TopTalker> topTalkers(int n) {
        var all = new ArrayList<TopTalker>(talkers.size());
        talkers.forEach((h, t) -> all.add(new TopTalker(h, t.bytes, t.flows)));
        all.sort(Comparator.comparingLong(TopTalker::bytes).reversed().thenComparing(TopTalker::host));
        return all.subList(0, Math.min(n, all.size()));
    }

    long talkersNotTracked() {
        return talkersDropped;
    }
}
