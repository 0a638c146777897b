package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds scanners by Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan, "Fast Portscan
 * Detection Using Sequential Hypothesis Testing", IEEE S&P 2004): a sequential hypothesis test per
 * source over the outcomes of its <em>first-contact</em> TCP connections, attempts to a destination
 * the source has not tried before. A scanner's first contacts mostly fail; a benign host's mostly
 * succeed.
 *
 * <p>ATT&CK: T1046 Network Service Discovery when the scanner is inside the network, T1595.001
 * Active Scanning: Scanning IP Blocks when it is outside. DS0029: Network Connection Creation and
 * Network Traffic Flow.
 *
 * <p>Evidence: each first contact's outcome ({@link ProbeOutcome}: refused or unanswered is a
 * failure; a completed or half-open handshake is a success), the failures' uids.
 *
 * <p>Thresholds, all the paper's: θ0 = P(success | benign) = 0.8, θ1 = P(success | scanner) = 0.2,
 * detection probability β = 0.99 and false-positive probability α = 0.01, so the likelihood ratio
 * starts at 1, is multiplied by θ1/θ0 = 0.25 on a success and by (1−θ1)/(1−θ0) = 4 on a failure,
 * and the source is a scanner when it reaches η1 = β/α = 99 (four failures in a row) and benign at
 * η0 = (1−β)/(1−α) ≈ 0.0101 (four successes in a row). Departures from the paper, for a detector
 * that runs indefinitely: a walk that reaches η0 starts again at 1 (so a host that turns scanner
 * later is still caught); a source's state begins at its first failed first contact (its earlier
 * successes would only have ended a walk that restarts anyway), and its first-contact set keeps the
 * {@code max_contacts} most recent destinations; state is dropped after {@code idle} = 1 h of quiet.
 *
 * <p>Tool: when most of the walk's SYNs carry a scanning tool's TCP fingerprint (JA4T: nmap's,
 * zmap's; {@link ScannerSyns}), the explanation names the tool and the confidence is 0.95.
 *
 * <p>Known false positives: peer-to-peer clients, whose peer lists hold many stale addresses (the
 * paper's own caveat); a host walking a list of dead servers. Events arrive in the order the
 * sources emit them, not strictly by time, and the test follows that order.
 */
public final class TrwScanDetector implements Detector<String, TrwScanDetector.State> {

    public static final String ID = "scan.trw";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param theta0 probability that a benign host's first contact succeeds
     * @param theta1 probability that a scanner's first contact succeeds
     * @param detection β, the desired probability of detecting a scanner
     * @param falsePositive α, the tolerated probability of calling a benign host a scanner
     * @param maxContacts destinations remembered per source as already contacted
     * @param idleNanos quiet time after which a source's state is dropped
     */
    public record Config(double theta0, double theta1, double detection, double falsePositive, int maxContacts,
            long idleNanos) {
        public static final Config DEFAULTS = new Config(0.8, 0.2, 0.99, 0.01, 4_096, 3_600_000_000_000L);

        public Config {
            if (!(theta1 > 0 && theta1 < theta0 && theta0 < 1)) {
                throw new IllegalArgumentException(ID + ": need 0 < theta1 < theta0 < 1");
            }
            if (!(falsePositive > 0 && falsePositive < detection && detection < 1)) {
                throw new IllegalArgumentException(ID + ": need 0 < false_positive < detection < 1");
            }
            if (maxContacts < 1 || idleNanos <= 0) throw new IllegalArgumentException(ID + ": max_contacts and idle must be positive");
        }

        /** ln η1 = ln(β/α). */
        double upper() {
            return Math.log(detection / falsePositive);
        }

        /** ln η0 = ln((1−β)/(1−α)). */
        double lower() {
            return Math.log((1 - detection) / (1 - falsePositive));
        }

        double onSuccess() {
            return Math.log(theta1 / theta0);
        }

        double onFailure() {
            return Math.log((1 - theta1) / (1 - theta0));
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.doubleValue("theta0", d.theta0()), s.doubleValue("theta1", d.theta1()),
                s.doubleValue("detection", d.detection()), s.doubleValue("false_positive", d.falsePositive()),
                s.intValue("max_contacts", d.maxContacts()), s.durationNanos("idle", d.idleNanos()));
    }

    /** Per source: the walk, its first contacts and, once it is a scanner, the incident's totals. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashSet<String> contacted = new LinkedHashSet<>();
        double logRatio;
        int walkContacts;
        int walkFailures;
        boolean scanner;
        int decidedAfter;
        int decidedFailures;
        double decidedRatio;
        long firstContacts;
        long failures;
        long refused;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final List<String> failedHosts = new ArrayList<>();
        boolean scannerLocal;
        boolean fromCreations;
        boolean fromFlows;
        long changes;
        long reportedChanges;
        final EvidenceLog evidence = new EvidenceLog();
        /** The scanning tools the SYNs' JA4T names. */
        final ScannerSyns syns = new ScannerSyns();
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1046"), Technique.of("T1595"),
            Technique.of("T1595.001"));

    private final Config config;

    public TrwScanDetector(Config config) {
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
        if (outcome == ProbeOutcome.UNKNOWN) return state;
        boolean failed = outcome == ProbeOutcome.REFUSED || outcome == ProbeOutcome.UNANSWERED;
        if (state == null) {
            if (!failed) return null;
            state = new State();
            ctx.timer(event.tsNanos() + config.idleNanos());
        }
        if (event instanceof FlowRecord) state.fromFlows = true;
        else state.fromCreations = true;
        state.syns.observe(event);
        String dst = ProbeOutcome.probed(event).respH();
        if (!state.contacted.add(dst)) return state; // not a first contact
        if (state.contacted.size() > config.maxContacts()) {
            Iterator<String> oldest = state.contacted.iterator();
            oldest.next();
            oldest.remove();
        }
        long ts = event.tsNanos();
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.firstContacts++;
        state.walkContacts++;
        if (failed) {
            state.failures++;
            state.walkFailures++;
            if (outcome == ProbeOutcome.REFUSED) state.refused++;
            if (state.failedHosts.size() < Alert.MAX_ENTITIES) state.failedHosts.add(dst);
            if (event instanceof FlowRecord f) {
                state.scannerLocal |= Boolean.TRUE.equals(f.localOrig());
                state.evidence.add(f.uid(), f.communityId());
            } else {
                var c = (ConnectionCreation) event;
                state.scannerLocal |= c.localOrig();
                state.evidence.add(c.uid(), c.communityId());
            }
        }
        state.changes++;
        if (state.scanner) return state;
        state.logRatio += failed ? config.onFailure() : config.onSuccess();
        if (state.logRatio >= config.upper()) {
            state.scanner = true;
            state.decidedAfter = state.walkContacts;
            state.decidedFailures = state.walkFailures;
            state.decidedRatio = Math.exp(state.logRatio);
            report(source, state, ctx);
        } else if (state.logRatio <= config.lower()) {
            state.logRatio = 0; // benign so far: start a new walk
            state.walkContacts = 0;
            state.walkFailures = 0;
        }
        return state;
    }

    @Override
    public State onTimer(String source, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.scanner && state.changes != state.reportedChanges) report(source, state, ctx);
        long idleAt = state.last + config.idleNanos();
        if (timerNanos >= idleAt) return null;
        // Scanners are re-reported every 5 min while they go on; others only expire.
        ctx.timer(state.scanner ? Math.min(idleAt, timerNanos + 300_000_000_000L) : idleAt);
        return state;
    }

    private void report(String source, State s, DetectorContext ctx) {
        String why = String.format(Locale.ROOT,
                "%s failed to reach %s of the %s it contacted for the first time in %s (%s refused, %s unanswered); "
                        + "threshold random walk: likelihood ratio %.0f >= %.0f after %s of which %s failed "
                        + "(Jung et al. 2004, theta0=%.2f, theta1=%.2f)",
                source, Explanations.count(s.failures), Explanations.count(s.firstContacts, "host", "hosts"),
                Explanations.duration(s.last - s.first), Explanations.count(s.refused),
                Explanations.count(s.failures - s.refused), s.decidedRatio, config.detection() / config.falsePositive(),
                Explanations.count(s.decidedAfter, "first contact", "first contacts"), Explanations.count(s.decidedFailures),
                config.theta0(), config.theta1()) + s.syns.explain();
        double share = s.firstContacts == 0 ? 0 : (double) s.failures / s.firstContacts;
        var alert = Alert.builder(ID)
                .technique(s.scannerLocal ? "T1046" : "T1595.001")
                .severity(s.scannerLocal ? Severity.MEDIUM : Severity.LOW)
                // a scanner's own SYNs, not an operating system's connect(): the walk's verdict is sure
                .confidence(s.syns.dominantTool() != null ? 0.95 : Math.min(0.95, 0.6 + 0.35 * share))
                .time(s.first, s.last)
                .srcHost(source)
                .explanation(why)
                .incident(source + " random-walk scanner");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        for (String h : s.failedHosts) alert.dstHost(h);
        s.evidence.drainInto(alert);
        s.reportedChanges = s.changes;
        ctx.alert(alert.build());
    }
}
