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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds vertical port scans: one source trying many TCP ports of one destination and failing on
 * them (no answer, a reset, or a half-open probe it abandoned).
 *
 * <p>ATT&CK: T1046 Network Service Discovery when the scanner is inside the network, T1595 Active
 * Scanning when it is outside, and T1595.002 Vulnerability Scanning when an outside scanner also
 * exchanged data with at least {@code min_probed} (3) of the open ports it found on the scanned
 * hosts: banner grabbing and service probes (Nmap {@code -sV}, Nessus, OpenVAS), which is how a
 * vulnerability scanner learns "running software and version numbers". DS0029: Network Connection
 * Creation (outcomes) and Network Traffic Flow ({@code conn_state}, bytes each way), so it runs on
 * captures, flow exports and Zeek logs alike.
 *
 * <p>Evidence: the failed attempts ({@link ProbeOutcome}), one per distinct port and destination;
 * ports found open while the source is being watched are reported too.
 *
 * <p>Tool: when most of the scanner's SYNs carry a scanning tool's TCP fingerprint ({@code ja4t} on
 * the conn record: nmap's {@code 1024_2_1460_00} and its other windows, zmap's {@code 65535_00_00_00};
 * {@link ScannerSyns}), the explanation names the tool and the confidence is at least 0.9.
 *
 * <p>Thresholds: {@code min_ports} = 15 distinct failed ports on one destination within
 * {@code window} = 5 min, Zeek's {@code Scan::port_scan_threshold} and
 * {@code Scan::port_scan_interval} (policy/misc/scan.zeek), which counts failed connections too.
 * The window starts at the first failure and tumbles, as Zeek's SumStats epoch does. Once the
 * threshold is crossed the incident keeps counting until the source has been quiet for
 * {@code hold} = 1 h (the engine's default incident gap), so a long scan is one alert whose
 * explanation carries the final numbers.
 *
 * <p>Known false positives: a client whose passive FTP data connections a firewall drops (each
 * transfer fails on a new high port); health checks of many closed ports; a host retrying a
 * cluster of dead services. Ports found open are counted only after the source's first failure.
 */
public final class VerticalScanDetector implements Detector<String, VerticalScanDetector.State> {

    public static final String ID = "scan.vertical";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minPorts distinct failed ports on one destination that make a scan
     * @param windowNanos how long failures are gathered before the count starts over
     * @param holdNanos how long a detected scan's state is kept after its last failure
     * @param maxTargets failed (destination, port) pairs remembered per source; beyond, only counted
     */
    public record Config(int minPorts, long windowNanos, long holdNanos, int maxTargets, int minProbed) {
        public static final Config DEFAULTS = new Config(15, 300_000_000_000L, 3_600_000_000_000L, 20_000, 3);

        public Config(int minPorts, long windowNanos, long holdNanos, int maxTargets) {
            this(minPorts, windowNanos, holdNanos, maxTargets, DEFAULTS.minProbed());
        }

        public Config {
            if (minPorts < 2) throw new IllegalArgumentException(ID + ".min_ports must be at least 2");
            if (windowNanos <= 0 || holdNanos <= 0) throw new IllegalArgumentException(ID + ": window and hold must be positive");
            if (maxTargets < minPorts) throw new IllegalArgumentException(ID + ".max_targets must be at least min_ports");
            if (minProbed < 1) throw new IllegalArgumentException(ID + ".min_probed must be at least 1");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_ports", d.minPorts()), s.durationNanos("window", d.windowNanos()),
                s.durationNanos("hold", d.holdNanos()), s.intValue("max_targets", d.maxTargets()),
                s.intValue("min_probed", d.minProbed()));
    }

    /** What one destination showed the source. */
    public static final class Target implements Serializable {
        private static final long serialVersionUID = 1L;
        final Map<Integer, ProbeOutcome> failed = new HashMap<>();
        final TreeSet<Integer> open = new TreeSet<>();
        /** Open ports with which the source exchanged data both ways (service probes). */
        final TreeSet<Integer> probed = new TreeSet<>();
    }

    /** Per source: the failures of the current window (or of the incident, once detected). */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Map<String, Target> hosts = new LinkedHashMap<>();
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
            hosts.clear();
            tracked = 0;
            untracked = 0;
            evidence.clear();
            syns.clear();
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1046"), Technique.of("T1595"),
            Technique.of("T1595.002"));

    private final Config config;

    public VerticalScanDetector(Config config) {
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
            Target t = state.hosts.get(dst);
            if (t != null && !t.failed.containsKey(port) && t.open.add(port)) state.changes++;
            if (t != null && event instanceof FlowRecord f && dataBothWays(f) && t.probed.add(port)) {
                state.changes++;
                state.evidence.add(f.uid(), f.communityId());
            }
            return state;
        }
        long ts = event.tsNanos();
        if (!state.alerted && ts >= state.windowStart + config.windowNanos()) state.startOver(ts);
        Target t = state.hosts.get(dst);
        if (t == null) {
            if (state.tracked >= config.maxTargets()) {
                state.untracked++;
                return state;
            }
            t = new Target();
            state.hosts.put(dst, t);
        }
        if (t.failed.containsKey(port)) {
            // The same port again (a retransmission, or the flow record of a counted attempt).
            if (outcome == ProbeOutcome.REFUSED) t.failed.put(port, outcome);
            return state;
        }
        if (state.tracked >= config.maxTargets()) {
            state.untracked++;
            return state;
        }
        t.failed.put(port, outcome);
        t.open.remove(port);
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
        if (!state.alerted && t.failed.size() >= config.minPorts()) {
            state.alerted = true;
            report(source, state, ctx);
        }
        return state;
    }

    private static boolean dataBothWays(FlowRecord f) {
        return f.origBytes() != null && f.origBytes() > 0 && f.respBytes() != null && f.respBytes() > 0;
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

    /**
     * What a report counts over the targets with enough failed ports. Apart from the text it goes
     * into: the loops run over up to max_targets hosts, so the JIT compiles them early, and this
     * small method compiles quickly where the whole report (with its text) took the compiler
     * seconds on the benchmark capture.
     */
    private static final class Tally {
        final ArrayList<String> scanned = new ArrayList<>();
        long failed, refused, unanswered, abandoned, openPairs;
        final TreeSet<Integer> open = new TreeSet<>();
        final TreeSet<Integer> serviceProbed = new TreeSet<>();
        final TreeSet<Integer> ports = new TreeSet<>();
    }

    /** Out of {@link #report} for the same reason as {@link Tally}: these loops run over every target. */
    private static void entities(Alert.Builder alert, Tally c) {
        for (String h : c.scanned) alert.dstHost(h);
        for (int p : c.open) alert.dstPort(p);
        for (int p : c.ports) alert.dstPort(p);
    }

    private Tally tally(State s) {
        var c = new Tally();
        for (var e : s.hosts.entrySet()) {
            Target t = e.getValue();
            if (t.failed.size() < config.minPorts()) continue;
            c.scanned.add(e.getKey());
            c.failed += t.failed.size();
            for (var o : t.failed.entrySet()) {
                c.ports.add(o.getKey());
                switch (o.getValue()) {
                    case REFUSED -> c.refused++;
                    case UNANSWERED -> c.unanswered++;
                    default -> {
                        c.abandoned++; // it answered: open, though the prober never finished the handshake
                        c.open.add(o.getKey());
                    }
                }
            }
            c.open.addAll(t.open);
            c.openPairs += t.open.size();
            c.serviceProbed.addAll(t.probed);
        }
        c.ports.addAll(c.open);
        return c;
    }

    private void report(String source, State s, DetectorContext ctx) {
        var c = tally(s);
        var scanned = c.scanned;
        var open = c.open;
        var serviceProbed = c.serviceProbed;
        var ports = c.ports;
        long failed = c.failed, refused = c.refused, unanswered = c.unanswered, abandoned = c.abandoned;
        long probed = failed + c.openPairs;
        long closed = refused + unanswered;
        var why = new StringBuilder();
        why.append(source).append(" probed ");
        if (scanned.size() == 1) {
            why.append(Explanations.count(ports.size(), "port", "ports")).append(" on ").append(scanned.get(0));
        } else {
            why.append(Explanations.count(probed, "port", "ports")).append(" (")
                    .append(Explanations.count(ports.size(), "distinct port", "distinct ports")).append(") on ")
                    .append(Explanations.count(scanned.size(), "host", "hosts")).append(" (")
                    .append(Explanations.list(scanned, 5)).append(")");
        }
        why
                .append(" in ").append(Explanations.duration(s.last - s.first)).append("; ")
                .append(Explanations.percent(closed, probed)).append(" were refused or unanswered (")
                .append(Explanations.count(refused)).append(" refused, ")
                .append(Explanations.count(unanswered)).append(" unanswered)");
        if (!open.isEmpty()) {
            why.append("; ").append(Explanations.count(open.size())).append(" open");
            if (abandoned > 0) why.append(" (").append(Explanations.count(abandoned)).append(" probed half-open)");
            why.append(": ").append(Explanations.list(open, 10));
        }
        boolean vulnerabilityScan = !s.scannerLocal && serviceProbed.size() >= config.minProbed();
        if (!serviceProbed.isEmpty()) {
            why.append("; exchanged data with ").append(Explanations.count(serviceProbed.size(), "open port", "open ports"))
                    .append(" (").append(Explanations.list(serviceProbed, 10)).append(")");
            if (vulnerabilityScan) why.append(": service probing, as vulnerability scanners do");
        }
        why.append(s.syns.explain());
        if (s.untracked > 0) why.append("; ").append(Explanations.count(s.untracked)).append(" more attempts not itemised");

        double failRatio = probed == 0 ? 0 : (double) closed / probed;
        double confidence = Math.min(0.95, 0.5 + 0.45 * failRatio * Math.min(1.0, failed / (4.0 * config.minPorts())));
        // a scanner's own SYNs, not an operating system's connect(): the probes are a scan beyond doubt
        if (s.syns.dominantTool() != null) confidence = Math.max(confidence, 0.9);
        var alert = Alert.builder(ID)
                .technique(s.scannerLocal ? "T1046" : "T1595")
                .severity(s.scannerLocal ? Severity.HIGH : Severity.MEDIUM)
                .confidence(confidence)
                .time(s.first, s.last)
                .srcHost(source)
                .explanation(why.toString())
                .incident(source + " vertical scan");
        if (vulnerabilityScan) alert.technique("T1595.002");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        entities(alert, c);
        s.evidence.drainInto(alert);
        s.reportedChanges = s.changes;
        ctx.alert(alert.build());
    }
}
