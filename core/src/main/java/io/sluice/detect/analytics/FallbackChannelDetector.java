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
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds a host switching to a fallback channel: it kept an outside destination answered for a
 * while, that destination stopped answering, and within a short time the host turned to a
 * destination it had never contacted and kept connecting there.
 *
 * <p>ATT&CK: T1008 Fallback Channels. DS0029: Network Connection Creation (each connection's
 * outcome: answered, refused or unanswered) and Network Traffic Flow (the same outcome from
 * Zeek's {@code conn_state} and the responder's packets, for flow exports and conn.log).
 *
 * <p>Evidence, per internal source host, per outside destination address: answered connections,
 * and failed attempts since the last answer. A destination is a channel once it has
 * {@code min_answered} answered connections spanning at least {@code min_span}; it has failed
 * after {@code min_failures} consecutive failed attempts. A destination first contacted while a
 * channel is failing, within {@code fallback_window} of its first failure, that gets
 * {@code min_fallback_answered} answered connections within that window is the fallback. A
 * connection is counted once whether its creation, its flow record or both arrive (by uid).
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): {@code min_answered} 5 and
 * {@code min_span} 10 min (a channel, not a single visit); {@code min_failures} 3 (a lost SYN or
 * a restart is not an outage); {@code fallback_window} 30 min; {@code min_fallback_answered} 3.
 * Bounded: 512 destinations and 4,096 uids per host; a host's state is dropped a day after its
 * last connection.
 *
 * <p>Known false positives: a service going down and the user moving to another site within
 * half an hour; load balancers and failover pairs of legitimate software (a second update mirror).
 */
public final class FallbackChannelDetector implements Detector<String, FallbackChannelDetector.HostState> {
    public static final String ID = "c2.fallback";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);
    static final int MAX_DESTINATIONS = 512;
    static final int MAX_UIDS = 4_096;
    private static final long DAY = 86_400_000_000_000L;

    public record Config(int minAnswered, long minSpanNanos, int minFailures, long fallbackWindowNanos,
            int minFallbackAnswered) {
        public static final Config DEFAULTS = new Config(5, 600_000_000_000L, 3, 1_800_000_000_000L, 3);

        public Config {
            if (minAnswered < 2 || minFailures < 1 || minFallbackAnswered < 1) {
                throw new IllegalArgumentException(ID + ": min_answered must be at least 2, min_failures and"
                        + " min_fallback_answered at least 1");
            }
            if (minSpanNanos < 0 || fallbackWindowNanos <= 0) {
                throw new IllegalArgumentException(ID + ": min_span must not be negative, fallback_window must be positive");
            }
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_answered", d.minAnswered()), s.durationNanos("min_span", d.minSpanNanos()),
                s.intValue("min_failures", d.minFailures()), s.durationNanos("fallback_window", d.fallbackWindowNanos()),
                s.intValue("min_fallback_answered", d.minFallbackAnswered()));
    }

    /** One outside destination of a host. */
    static final class Destination implements Serializable {
        private static final long serialVersionUID = 1L;
        long firstAnswered = Long.MAX_VALUE;
        long lastAnswered = Long.MIN_VALUE;
        int answered;
        int failures;
        long firstFailure;
        int lastPort;
        /** For a destination first contacted while a channel failed: that channel, and when. */
        String fallbackFor;
        long fallbackForFirstFailure;
        long firstContact;
        int fallbackAnswered;
        boolean reported;
        final EvidenceLog evidence = new EvidenceLog(10);

        boolean channel(Config c) {
            return answered >= c.minAnswered() && lastAnswered - firstAnswered >= c.minSpanNanos();
        }

        boolean failing(Config c) {
            return channel(c) && failures >= c.minFailures();
        }
    }

    /** One internal host: its outside destinations, and the uids already counted. */
    public static final class HostState implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, Destination> destinations = new LinkedHashMap<>();
        final LinkedHashSet<String> uids = new LinkedHashSet<>();
        long lastSeenNanos;
        boolean timerSet;
    }

    private final Config config;

    public FallbackChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1008"));
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
        return switch (event) {
            case ConnectionCreation c -> c.localOrig() && !c.localResp() && !AddressClasses.isPrivate(c.id().respH())
                    && !AddressClasses.isGroup(c.id().respH()) && c.outcome() != ConnectionCreation.Outcome.UNKNOWN
                    && c.outcome() != ConnectionCreation.Outcome.MIDSTREAM ? c.id().origH() : null;
            case FlowRecord f -> OutboundFlows.outbound(f) && !AddressClasses.isPrivate(f.id().respH())
                    && !AddressClasses.isGroup(f.id().respH()) && !"OTH".equals(f.connState())
                    ? f.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public HostState onEvent(String host, HostState state, Event event, DetectorContext ctx) {
        var s = state != null ? state : new HostState();
        s.lastSeenNanos = Math.max(s.lastSeenNanos, event.tsNanos());
        if (!s.timerSet) {
            s.timerSet = true;
            ctx.timer(event.tsNanos() + DAY);
        }
        String uid, dst, communityId;
        int port;
        boolean answered;
        Ds0029Component component = event.component();
        switch (event) {
            case ConnectionCreation c -> {
                uid = c.uid();
                dst = c.id().respH();
                port = c.id().respP();
                communityId = c.communityId();
                var o = c.outcome();
                answered = o == ConnectionCreation.Outcome.ESTABLISHED || o == ConnectionCreation.Outcome.ANSWERED;
            }
            case FlowRecord f -> {
                uid = f.uid();
                dst = f.id().respH();
                port = f.id().respP();
                communityId = f.communityId();
                answered = f.respPkts() > 0 && !"REJ".equals(f.connState()) && !"S0".equals(f.connState());
            }
            default -> {
                return s;
            }
        }
        if (uid != null) {
            if (s.uids.contains(uid)) return s; // the creation already counted this connection
            s.uids.add(uid);
            if (s.uids.size() > MAX_UIDS) {
                Iterator<String> it = s.uids.iterator();
                it.next();
                it.remove();
            }
        }
        long ts = event.tsNanos();
        Destination d = s.destinations.get(dst);
        if (d == null) {
            d = new Destination();
            d.firstContact = ts;
            // a first contact while another channel is failing: a candidate fallback
            for (Map.Entry<String, Destination> e : s.destinations.entrySet()) {
                Destination f = e.getValue();
                if (f.failing(config) && ts >= f.firstFailure && ts - f.firstFailure <= config.fallbackWindowNanos()) {
                    d.fallbackFor = e.getKey();
                    d.fallbackForFirstFailure = f.firstFailure;
                    break;
                }
            }
            if (s.destinations.size() >= MAX_DESTINATIONS) {
                Iterator<String> it = s.destinations.keySet().iterator();
                it.next();
                it.remove();
            }
            s.destinations.put(dst, d);
        }
        d.lastPort = port;
        if (answered) {
            d.answered++;
            d.firstAnswered = Math.min(d.firstAnswered, ts);
            d.lastAnswered = Math.max(d.lastAnswered, ts);
            d.failures = 0;
        } else {
            if (d.failures == 0) d.firstFailure = ts;
            d.failures++;
        }
        if (d.fallbackFor != null && !d.reported) {
            d.evidence.add(uid, communityId);
            if (answered && ts - d.fallbackForFirstFailure <= config.fallbackWindowNanos()) d.fallbackAnswered++;
            Destination failed = s.destinations.get(d.fallbackFor);
            if (d.fallbackAnswered >= config.minFallbackAnswered() && failed != null) {
                d.reported = true;
                report(host, dst, d, failed, component, ctx);
            }
        }
        return s;
    }

    private void report(String host, String dst, Destination d, Destination failed, Ds0029Component component,
            DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1008")
                .component(component)
                .severity(Severity.MEDIUM)
                .confidence(0.5)
                .time(failed.firstAnswered, d.lastAnswered)
                .srcHost(host)
                .dstHost(d.fallbackFor)
                .dstHost(dst)
                .dstPort(failed.lastPort)
                .dstPort(d.lastPort)
                .incident(host + " fallback " + d.fallbackFor + " → " + dst)
                .explanation(String.format(Locale.ROOT,
                        "%s had %s answered by %s:%d over %s; then %s failed in a row (the last answer %s before the"
                                + " first failure), and %s after the first failure it turned to %s:%d, never contacted"
                                + " before, which answered %s: a fallback channel",
                        host, Explanations.count(failed.answered, "connection", "connections"), d.fallbackFor,
                        failed.lastPort, Explanations.span(failed.lastAnswered - failed.firstAnswered),
                        Explanations.count(failed.failures, "attempt", "attempts"),
                        Explanations.span(failed.firstFailure - failed.lastAnswered),
                        Explanations.span(d.firstContact - failed.firstFailure), dst, d.lastPort,
                        Explanations.count(d.fallbackAnswered, "connection", "connections")));
        d.evidence.drainInto(b);
        ctx.alert(b.build());
    }

    @Override
    public HostState onTimer(String host, HostState state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.lastSeenNanos + DAY <= timerNanos) return null;
        ctx.timer(state.lastSeenNanos + DAY);
        return state;
    }
}
