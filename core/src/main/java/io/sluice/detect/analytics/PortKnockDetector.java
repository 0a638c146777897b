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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds port knocking: a host sends a short burst of failed TCP attempts to distinct closed ports
 * of a server, and right after it a connection of the same host to another port of that server is
 * accepted. When that port had refused the same host before the knock, the knock opened it.
 *
 * <p>ATT&CK: T1205.001 Traffic Signaling: Port Knocking. DS0029: Network Connection Creation and
 * Network Traffic Flow.
 *
 * <p>Evidence: the knock attempts (refused or unanswered, {@link ProbeOutcome}) and the accepted
 * connection, per (knocker, server) pair.
 *
 * <p>Thresholds: {@code min_knocks} = 3 to {@code max_knocks} = 8 distinct knocked ports within
 * {@code sequence} = 30 s before the accepted connection, which must follow the last knock within
 * {@code open_delay} = 15 s. knockd's manual page shows a three-port sequence with a 5 s
 * {@code seq_timeout}; the wider window tolerates slow clients, and the upper bound leaves port
 * scans (which also find open ports among many failures) to the scan analytics: more than
 * {@code max_knocks} failed ports around the connection means a scan, not a knock. The decision
 * waits {@code settle} = 10 s after the accepted connection, so that unanswered knocks, which flow
 * sources report only once their attempt times out, are in. Severity is HIGH when the opened port
 * had refused the knocker before (closed, then open), MEDIUM otherwise.
 *
 * <p>Known false positives: a client trying a list of fallback ports before the one that works
 * (some VPN and chat clients). Single-packet authorisation (fwknop) sends one UDP packet and is not
 * seen here.
 */
public final class PortKnockDetector implements Detector<JoinedKey, PortKnockDetector.State> {

    public static final String ID = "signal.port_knock";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minKnocks fewest distinct knocked ports
     * @param maxKnocks most distinct failed ports around the accepted connection that still make a knock
     * @param sequenceNanos how far before the accepted connection the knocks may start
     * @param openDelayNanos how soon after the last knock the accepted connection must come
     * @param settleNanos how long after the accepted connection the decision waits
     * @param memoryNanos how long a pair's failed attempts are remembered ("closed before")
     */
    public record Config(int minKnocks, int maxKnocks, long sequenceNanos, long openDelayNanos, long settleNanos,
            long memoryNanos) {
        public static final Config DEFAULTS = new Config(3, 8, 30_000_000_000L, 15_000_000_000L, 10_000_000_000L,
                600_000_000_000L);

        public Config {
            if (minKnocks < 1 || maxKnocks < minKnocks) throw new IllegalArgumentException(ID + ": need 1 <= min_knocks <= max_knocks");
            if (sequenceNanos <= 0 || openDelayNanos <= 0 || settleNanos < 0 || memoryNanos < sequenceNanos) {
                throw new IllegalArgumentException(ID + ": sequence and open_delay must be positive, memory at least sequence");
            }
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_knocks", d.minKnocks()), s.intValue("max_knocks", d.maxKnocks()),
                s.durationNanos("sequence", d.sequenceNanos()), s.durationNanos("open_delay", d.openDelayNanos()),
                s.durationNanos("settle", d.settleNanos()), s.durationNanos("memory", d.memoryNanos()));
    }

    /** One TCP attempt of the pair. */
    public record Attempt(long tsNanos, int port, String uid, String communityId) implements Serializable {}

    /** Per (knocker, server): recent failed attempts and accepted connections awaiting a decision. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Attempt> failures = new ArrayList<>();
        final Set<String> failedUids = new LinkedHashSet<>();
        final List<Attempt> opens = new ArrayList<>();
        final Set<String> openUids = new LinkedHashSet<>();
        long last = Long.MIN_VALUE;
        boolean knockerLocal;
        boolean fromCreations;
        boolean fromFlows;
        int knocksFound;
    }

    /** Attempts remembered per pair; a flood beyond this is a scan's business. */
    private static final int MAX_ATTEMPTS = 256;
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1205"), Technique.of("T1205.001"));

    private final Config config;

    public PortKnockDetector(Config config) {
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
    public JoinedKey key(Event event) {
        return switch (event) {
            case ConnectionCreation c when c.proto().equals("tcp") -> new JoinedKey(c.id().origH(), " > ", c.id().respH());
            case FlowRecord f when f.proto().equals("tcp") -> new JoinedKey(f.id().origH(), " > ", f.id().respH());
            default -> null;
        };
    }

    @Override
    public State onEvent(JoinedKey pair, State state, Event event, DetectorContext ctx) {
        ProbeOutcome outcome = ProbeOutcome.of(event);
        boolean failed = outcome == ProbeOutcome.REFUSED || outcome == ProbeOutcome.UNANSWERED;
        boolean opened = outcome == ProbeOutcome.OPEN;
        if (!failed && !opened) return state;
        if (state == null) {
            if (!failed) return null; // an accepted connection with no failure before it: nothing to watch
            state = new State();
        }
        Attempt a;
        if (event instanceof FlowRecord f) {
            a = new Attempt(f.tsNanos(), f.id().respP(), f.uid(), f.communityId());
            state.fromFlows = true;
            state.knockerLocal |= Boolean.TRUE.equals(f.localOrig());
        } else {
            var c = (ConnectionCreation) event;
            a = new Attempt(c.tsNanos(), c.id().respP(), c.uid(), c.communityId());
            state.fromCreations = true;
            state.knockerLocal |= c.localOrig();
        }
        if (failed) {
            if (state.failures.size() >= MAX_ATTEMPTS || !state.failedUids.add(a.uid())) return state;
            state.failures.add(a);
        } else {
            if (state.opens.size() >= MAX_ATTEMPTS || !state.openUids.add(a.uid())) return state;
            if (!hasFailureBefore(state, a.tsNanos())) return state;
            state.opens.add(a);
            ctx.timer(a.tsNanos() + config.settleNanos());
        }
        if (a.tsNanos() > state.last) {
            state.last = a.tsNanos();
            ctx.timer(state.last + config.memoryNanos());
        }
        return state;
    }

    private boolean hasFailureBefore(State s, long ts) {
        for (Attempt f : s.failures) {
            if (f.tsNanos() < ts && f.tsNanos() >= ts - config.sequenceNanos()) return true;
        }
        return false;
    }

    @Override
    public State onTimer(JoinedKey pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        var decided = new ArrayList<Attempt>();
        for (Attempt open : state.opens) {
            if (open.tsNanos() + config.settleNanos() <= timerNanos) {
                decided.add(open);
                judge(pair, state, open, ctx);
            }
        }
        state.opens.removeAll(decided);
        long forgetBefore = timerNanos - config.memoryNanos();
        state.failures.removeIf(f -> f.tsNanos() < forgetBefore);
        if (state.failures.isEmpty() && state.opens.isEmpty()) return null;
        return state;
    }

    /** Decides whether the knocks before {@code open} opened its port. */
    private void judge(JoinedKey pair, State s, Attempt open, DetectorContext ctx) {
        long from = open.tsNanos() - config.sequenceNanos();
        var knocked = new LinkedHashSet<Integer>();
        var knocks = new ArrayList<Attempt>();
        var around = new LinkedHashSet<Integer>();
        long lastKnock = Long.MIN_VALUE, firstKnock = Long.MAX_VALUE;
        boolean closedBefore = false;
        for (Attempt f : s.failures) {
            long ts = f.tsNanos();
            if (f.port() != open.port() && ts >= from && ts <= open.tsNanos() + config.settleNanos()) around.add(f.port());
            if (f.port() == open.port()) {
                if (ts < open.tsNanos()) closedBefore = true;
                continue;
            }
            if (ts < from || ts >= open.tsNanos()) continue;
            if (knocked.add(f.port())) knocks.add(f);
            lastKnock = Math.max(lastKnock, ts);
            firstKnock = Math.min(firstKnock, ts);
        }
        if (knocked.size() < config.minKnocks() || around.size() > config.maxKnocks()) return;
        if (open.tsNanos() - lastKnock > config.openDelayNanos()) return;
        // "Closed before" only counts when the refusal came before the knock began.
        boolean reopened = false;
        if (closedBefore) {
            for (Attempt f : s.failures) {
                if (f.port() == open.port() && f.tsNanos() < firstKnock) reopened = true;
            }
        }
        report(pair, s, open, knocked, knocks, firstKnock, lastKnock, reopened, ctx);
    }

    /** Out of {@link #judge}, which runs for every accepted connection after a failure: it compiles alone, quickly. */
    private void report(JoinedKey pair, State s, Attempt open, Set<Integer> knocked, List<Attempt> knocks, long firstKnock,
            long lastKnock, boolean reopened, DetectorContext ctx) {
        s.knocksFound++;
        String knocker = pair.first(), server = pair.second();
        String why = knocker + " sent " + Explanations.count(knocked.size(), "failed connection attempt", "failed connection attempts")
                + " to ports " + Explanations.list(knocked, 10) + " of " + server + " within "
                + Explanations.duration(lastKnock - firstKnock) + ", then its connection to port " + open.port()
                + " was accepted " + Explanations.duration(open.tsNanos() - lastKnock) + " later"
                + (reopened ? "; the same port had refused it before the knock" : "");
        var alert = Alert.builder(ID)
                .technique("T1205.001")
                .severity(reopened ? Severity.HIGH : Severity.MEDIUM)
                .confidence(reopened ? 0.85 : 0.6)
                .time(firstKnock, open.tsNanos())
                .srcHost(knocker)
                .dstHost(server)
                .dstPort(open.port())
                .explanation(why)
                .incident(pair + " port knock");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        for (int p : knocked) alert.dstPort(p);
        for (Attempt k : knocks) alert.evidence(k.uid(), k.communityId());
        alert.evidence(open.uid(), open.communityId());
        ctx.alert(alert.build());
    }
}
