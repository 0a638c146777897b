package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds horizontal scans (sweeps): one source trying one TCP port on many destinations and failing
 * on them (no answer, a reset, or a half-open probe it abandoned).
 *
 * <p>ATT&CK: T1046 Network Service Discovery and T1018 Remote System Discovery (a sweep lists the
 * hosts that answer) when the scanner is inside the network, T1595 Active Scanning and its
 * T1595.001 Scanning IP Blocks when it is outside. DS0029: Network Connection Creation
 * (outcomes) and Network Traffic Flow ({@code conn_state}), so it runs on captures, flow exports
 * and Zeek logs alike.
 *
 * <p>Evidence: the failed attempts ({@link ProbeOutcome}), one per distinct destination and port;
 * hosts found listening while the source is being watched are reported too.
 *
 * <p>Tool: when most of the scanner's SYNs carry a scanning tool's TCP fingerprint ({@code ja4t} on
 * the conn record: nmap's {@code 1024_2_1460_00} and its other windows, zmap's {@code 65535_00_00_00};
 * {@link ScannerSyns}), the explanation names the tool and the confidence is at least 0.9.
 *
 * <p>Thresholds: {@code min_hosts} = 25 distinct destinations failed on one port within
 * {@code window} = 5 min, Zeek's {@code Scan::addr_scan_threshold} and
 * {@code Scan::addr_scan_interval} (policy/misc/scan.zeek), which counts failed connections too.
 * The window starts at the first failure and tumbles, as Zeek's SumStats epoch does. Once the
 * threshold is crossed the incident keeps counting until the source has been quiet for
 * {@code hold} = 1 h (the engine's default incident gap), so a long scan is one alert whose
 * explanation carries the final numbers.
 *
 * <p>Known false positives: peer-to-peer clients trying stale peers on one port; monitoring or
 * inventory servers polling many hosts, some of them down; a client walking a list of dead
 * mirrors. Hosts found listening are counted only after the source's first failure.
 */
public final class HorizontalScanDetector implements Detector<String, HorizontalScanDetector.State> {

    public static final String ID = "scan.horizontal";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minHosts distinct destinations failed on one port that make a scan
     * @param windowNanos how long failures are gathered before the count starts over
     * @param holdNanos how long a detected scan's state is kept after its last failure
     * @param maxTargets failed (port, destination) pairs remembered per source; beyond, only counted
     */
    public record Config(int minHosts, long windowNanos, long holdNanos, int maxTargets) {
        public static final Config DEFAULTS = new Config(25, 300_000_000_000L, 3_600_000_000_000L, 20_000);

        public Config {
            if (minHosts < 2) throw new IllegalArgumentException(ID + ".min_hosts must be at least 2");
            if (windowNanos <= 0 || holdNanos <= 0) throw new IllegalArgumentException(ID + ": window and hold must be positive");
            if (maxTargets < minHosts) throw new IllegalArgumentException(ID + ".max_targets must be at least min_hosts");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_hosts", d.minHosts()), s.durationNanos("window", d.windowNanos()),
                s.durationNanos("hold", d.holdNanos()), s.intValue("max_targets", d.maxTargets()));
    }

    /** What one port showed the source across destinations. */
    public static final class Sweep implements Serializable {
        private static final long serialVersionUID = 1L;
        final Map<String, ProbeOutcome> failed = new LinkedHashMap<>();
        final Set<String> listening = new LinkedHashSet<>();
    }

    /** Per source: the failures of the current window (or of the incident, once detected). */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Map<Integer, Sweep> ports = new TreeMap<>();
        int tracked;
        long untracked;
        boolean scannerLocal;
        boolean fromCreations;
        boolean fromFlows;
        boolean alerted;
        long changes;
        long reportedChanges;
        final EvidenceLog evidence = new EvidenceLog();
        /** The scanning tools the SYNs' JA4T names. */
        final ScannerSyns syns = new ScannerSyns();

        void startOver(long ts) {
            windowStart = ts;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            ports.clear();
            tracked = 0;
            untracked = 0;
            evidence.clear();
            syns.clear();
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1018"), Technique.of("T1046"),
            Technique.of("T1595"), Technique.of("T1595.001"));

    private final Config config;

    public HorizontalScanDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return TECHNIQUES;
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return ProbeOutcome.prober(event);
    }

    @Override
    public State onEvent(String source, State state, Event event, DetectorContext ctx) {
        ProbeOutcome outcome = ProbeOutcome.of(event);
        if (state == null) {
            if (!outcome.failed()) return null; // nothing to watch until something fails
            state = new State();
            state.startOver(event.tsNanos());
            ctx.timer(event.tsNanos() + config.windowNanos());
        }
        if (outcome == ProbeOutcome.UNKNOWN) return state;
        if (event instanceof FlowRecord) state.fromFlows = true;
        else state.fromCreations = true;
        state.syns.observe(event);
        ConnId probed = ProbeOutcome.probed(event);
        String dst = probed.respH();
        int port = probed.respP();
        if (outcome == ProbeOutcome.OPEN) {
            Sweep w = state.ports.get(port);
            if (w != null && !w.failed.containsKey(dst) && w.listening.add(dst)) state.changes++;
            return state;
        }
        long ts = event.tsNanos();
        if (!state.alerted && ts >= state.windowStart + config.windowNanos()) state.startOver(ts);
        Sweep w = state.ports.get(port);
        if (w != null && w.failed.containsKey(dst)) {
            // The same destination again (a retransmission, or the flow record of a counted attempt).
            if (outcome == ProbeOutcome.REFUSED) w.failed.put(dst, outcome);
            return state;
        }
        if (state.tracked >= config.maxTargets()) {
            state.untracked++;
            return state;
        }
        if (w == null) {
            w = new Sweep();
            state.ports.put(port, w);
        }
        w.failed.put(dst, outcome);
        w.listening.remove(dst);
        state.tracked++;
        state.changes++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        if (event instanceof FlowRecord f) {
            state.scannerLocal |= Boolean.TRUE.equals(f.localOrig());
            state.evidence.add(f.uid(), f.communityId());
        } else {
            var c = (ConnectionCreation) event;
            state.scannerLocal |= c.localOrig();
            state.evidence.add(c.uid(), c.communityId());
        }
        if (!state.alerted && w.failed.size() >= config.minHosts()) {
            state.alerted = true;
            report(source, state, ctx);
        }
        return state;
    }

    @Override
    public State onTimer(String source, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.alerted) {
            if (state.changes != state.reportedChanges) report(source, state, ctx);
            if (timerNanos >= state.last + config.holdNanos()) return null;
            ctx.timer(Math.min(state.last + config.holdNanos(), timerNanos + config.windowNanos()));
            return state;
        }
        long windowEnd = state.windowStart + config.windowNanos();
        if (timerNanos >= windowEnd) return null; // too few failures in the window: forget them
        ctx.timer(windowEnd); // a later failure started a new window
        return state;
    }

    private void report(String source, State s, DetectorContext ctx) {
        var swept = new ArrayList<Integer>();
        var hosts = new LinkedHashSet<String>();
        var listening = new LinkedHashSet<String>();
        long failed = 0, refused = 0, unanswered = 0, abandoned = 0, listeningPairs = 0;
        for (var e : s.ports.entrySet()) {
            Sweep w = e.getValue();
            if (w.failed.size() < config.minHosts()) continue;
            swept.add(e.getKey());
            failed += w.failed.size();
            for (var o : w.failed.entrySet()) {
                hosts.add(o.getKey());
                switch (o.getValue()) {
                    case REFUSED -> refused++;
                    case UNANSWERED -> unanswered++;
                    default -> {
                        abandoned++; // it answered: listening, though the prober never finished the handshake
                        listening.add(o.getKey());
                    }
                }
            }
            listening.addAll(w.listening);
            listeningPairs += w.listening.size();
        }
        hosts.addAll(listening);
        long probed = failed + listeningPairs;
        long closed = refused + unanswered;
        var why = new StringBuilder();
        why.append(source).append(" probed ")
                .append(swept.size() == 1 ? "port " + swept.get(0) : "ports " + Explanations.list(swept, 10))
                .append(" on ").append(Explanations.count(hosts.size(), "host", "hosts"))
                .append(" in ").append(Explanations.duration(s.last - s.first)).append("; ")
                .append(Explanations.percent(closed, probed)).append(" were refused or unanswered (")
                .append(Explanations.count(refused)).append(" refused, ")
                .append(Explanations.count(unanswered)).append(" unanswered)");
        if (!listening.isEmpty()) {
            why.append("; ").append(Explanations.count(listening.size())).append(" listening");
            if (abandoned > 0) why.append(" (").append(Explanations.count(abandoned)).append(" probed half-open)");
            why.append(": ").append(Explanations.list(listening, 5));
        }
        why.append(s.syns.explain());
        if (s.untracked > 0) why.append("; ").append(Explanations.count(s.untracked)).append(" more attempts not itemised");

        double failRatio = probed == 0 ? 0 : (double) closed / probed;
        double confidence = Math.min(0.95, 0.5 + 0.45 * failRatio * Math.min(1.0, failed / (4.0 * config.minHosts())));
        // a scanner's own SYNs, not an operating system's connect(): the probes are a scan beyond doubt
        if (s.syns.dominantTool() != null) confidence = Math.max(confidence, 0.9);
        var alert = Alert.builder(ID)
                .technique(s.scannerLocal ? "T1046" : "T1595.001")
                .technique(s.scannerLocal ? "T1018" : "T1595")
                .severity(s.scannerLocal ? Severity.HIGH : Severity.MEDIUM)
                .confidence(confidence)
                .time(s.first, s.last)
                .srcHost(source)
                .explanation(why.toString())
                .incident(source + " horizontal scan");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        for (String h : listening) alert.dstHost(h);
        for (String h : hosts) alert.dstHost(h);
        for (int p : swept) alert.dstPort(p);
        s.evidence.drainInto(alert);
        s.reportedChanges = s.changes;
        ctx.alert(alert.build());
    }
}
