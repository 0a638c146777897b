package io.sluice.app;

import io.sluice.app.report.TimeHistogram;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run saw, for the table printed at the end and the HTML report: flows by protocol, service
 * and state, the hosts that moved the most bytes, and connections over time. Fed once per finished
 * flow (never per packet). The talker map is capped so that a scan over millions of addresses
 * cannot exhaust memory; past the cap, new hosts are counted only in the totals. Services are
 * capped too (a Zeek log read as input can name any), and the time histogram is bounded.
 */
final class RunSummary {
    private static final int MAX_TALKERS = 200_000;
    /** Distinct service values counted; past it, flows count under {@link #OTHER_SERVICES}. */
    static final int MAX_SERVICES = 100;
    static final String OTHER_SERVICES = "(other)";
    /** conn.log's unset service: no protocol was confirmed (or the source does not say). */
    static final String NO_SERVICE = "-";

    /** Bytes (IP bytes, both directions) and flows per host as originator. */
    private static final class Talker {
        long bytes;
        long flows;
    }

    private final Map<String, long[]> byProto = new TreeMap<>();
    private final Map<String, long[]> byState = new TreeMap<>();
    /**
     * The rows of the last protocol, state and service seen: a handful of distinct values (constant
     * strings from the flow table) recur in every record, so a reference check usually spares the map.
     */
    private String lastProto, lastState, lastService;
    private long[] lastProtoRow, lastStateRow, lastServiceRow;
    /** Hashed, not sorted: services vary from flow to flow more than protocols do, and the report sorts them once. */
    private final Map<String, long[]> byService = new HashMap<>();
    private final TimeHistogram starts = new TimeHistogram();
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
        String service = r.service() == null ? NO_SERVICE : r.service();
        // a service list joined for its flow is a new string each time: equals spares the hashing of a repeat
        long[] v = service == lastService || service.equals(lastService) ? lastServiceRow
                : (lastServiceRow = serviceRow(lastService = service));
        v[0]++;
        starts.add(r.tsNanos());
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

    private long[] serviceRow(String service) {
        long[] row = byService.get(service);
        if (row != null) return row;
        if (byService.size() >= MAX_SERVICES) return byService.computeIfAbsent(OTHER_SERVICES, k -> new long[1]);
        row = new long[1];
        byService.put(service, row);
        return row;
    }

    long flows() {
        return flows;
    }

    /** Service (conn.log's {@code service}, {@code -} when unset) → flows. */
    Map<String, Long> byService() {
        var counts = new TreeMap<String, Long>();
        byService.forEach((service, n) -> counts.put(service, n[0]));
        return counts;
    }

    /** Flows by start time. */
    TimeHistogram starts() {
        return starts;
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
