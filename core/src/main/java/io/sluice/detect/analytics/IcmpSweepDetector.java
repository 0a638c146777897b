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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds ICMP sweeps: one source sending echo (or timestamp, information, address-mask) requests to
 * many addresses, the classic ping sweep that lists the live hosts of a network.
 *
 * <p>ATT&CK: T1018 Remote System Discovery when the sweeper is inside the network, T1595.001
 * Active Scanning: Scanning IP Blocks when it is outside. DS0029: Network Connection Creation (the
 * request) and Network Traffic Flow (whether anything answered). ICMP flows are Zeek's: the
 * originator "port" is the request type, so ICMPv4 types 8, 13, 15, 17 and ICMPv6 type 128 are
 * requests.
 *
 * <p>Evidence: one request flow per address; the share answered.
 *
 * <p>Thresholds: {@code min_hosts} = 25 distinct addresses within {@code window} = 5 min, the
 * numbers of Zeek's address-scan detection (policy/misc/scan.zeek, {@code addr_scan_threshold},
 * {@code addr_scan_interval}) carried over from TCP to ICMP. Severity is MEDIUM when an inside host
 * sweeps and at least half the addresses stayed silent (a blind sweep), LOW otherwise.
 *
 * <p>Known false positives: monitoring servers that ping their fleet (mostly answered, so LOW);
 * network inventory tools. Broadcast and multicast pings are left out.
 */
public final class IcmpSweepDetector implements Detector<String, IcmpSweepDetector.State> {

    public static final String ID = "scan.icmp_sweep";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minHosts distinct addresses probed that make a sweep
     * @param windowNanos how long requests are gathered before the count starts over
     * @param holdNanos how long a detected sweep's state is kept after its last request
     * @param maxTargets addresses remembered per source; beyond, only counted
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

    /** Per source: the addresses probed in the window (or the incident), and which answered. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        /** Address to answered: null unknown yet, else whether anything came back. */
        final Map<String, Boolean> probed = new LinkedHashMap<>();
        long untracked;
        final Set<Integer> types = new TreeSet<>();
        boolean sweeperLocal;
        boolean fromCreations;
        boolean fromFlows;
        boolean alerted;
        long changes;
        long reportedChanges;
        final EvidenceLog evidence = new EvidenceLog();

        void startOver(long ts) {
            windowStart = ts;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            probed.clear();
            untracked = 0;
            evidence.clear();
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1018"), Technique.of("T1595.001"));

    private final Config config;

    public IcmpSweepDetector(Config config) {
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
        return switch (event) {
            case ConnectionCreation c when isRequest(c.proto(), c.id().respH(), c.id().origP()) -> c.id().origH();
            case FlowRecord f when isRequest(f.proto(), f.id().respH(), f.id().origP()) -> f.id().origH();
            default -> null;
        };
    }

    private static boolean isRequest(String proto, String dst, int type) {
        if (!proto.equals("icmp") || AddressClasses.isGroup(dst)) return false;
        if (dst.indexOf(':') >= 0) return type == 128;
        return type == 8 || type == 13 || type == 15 || type == 17;
    }

    @Override
    public State onEvent(String source, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (state == null) {
            state = new State();
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        } else if (!state.alerted && ts >= state.windowStart + config.windowNanos()) {
            state.startOver(ts);
        }
        String dst;
        Boolean answered;
        String uid, communityId;
        int type;
        if (event instanceof FlowRecord f) {
            dst = f.id().respH();
            answered = f.respPkts() > 0;
            uid = f.uid();
            communityId = f.communityId();
            type = f.id().origP();
            state.fromFlows = true;
            state.sweeperLocal |= Boolean.TRUE.equals(f.localOrig());
        } else {
            var c = (ConnectionCreation) event;
            dst = c.id().respH();
            answered = switch (c.outcome()) {
                case ANSWERED -> Boolean.TRUE;
                case NOT_ANSWERED -> Boolean.FALSE;
                default -> null;
            };
            uid = c.uid();
            communityId = c.communityId();
            type = c.id().origP();
            state.fromCreations = true;
            state.sweeperLocal |= c.localOrig();
        }
        if (state.probed.containsKey(dst)) {
            Boolean before = state.probed.get(dst);
            if (answered != null && !Boolean.TRUE.equals(before) && !answered.equals(before)) {
                state.probed.put(dst, answered);
                state.changes++;
            }
            return state;
        }
        if (state.probed.size() >= config.maxTargets()) {
            state.untracked++;
            return state;
        }
        state.probed.put(dst, answered);
        state.types.add(type);
        state.changes++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.evidence.add(uid, communityId);
        if (!state.alerted && state.probed.size() >= config.minHosts()) {
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
        if (timerNanos >= windowEnd) return null; // too few addresses in the window: forget them
        ctx.timer(windowEnd);
        return state;
    }

    private void report(String source, State s, DetectorContext ctx) {
        long answered = 0, silent = 0;
        for (Boolean a : s.probed.values()) {
            if (a == null) continue;
            if (a) answered++;
            else silent++;
        }
        long known = answered + silent;
        long hosts = s.probed.size() + s.untracked;
        var why = new StringBuilder();
        why.append(source).append(" sent ICMP ").append(typeNames(s.types)).append(" requests to ")
                .append(Explanations.count(hosts, "address", "addresses")).append(" in ")
                .append(Explanations.duration(s.last - s.first)).append("; ");
        if (known == 0) why.append("whether they answered is not known");
        else why.append(Explanations.count(answered)).append(" answered (").append(Explanations.percent(answered, known))
                .append(known < s.probed.size() ? " of " + Explanations.count(known) + " with a known outcome" : "")
                .append(")");
        boolean blind = known > 0 && silent * 2 >= known;
        var alert = Alert.builder(ID)
                .technique(s.sweeperLocal ? "T1018" : "T1595.001")
                .severity(s.sweeperLocal && blind ? Severity.MEDIUM : Severity.LOW)
                .confidence(Math.min(0.9, 0.5 + 0.4 * Math.min(1.0, hosts / (4.0 * config.minHosts()))))
                .time(s.first, s.last)
                .srcHost(source)
                .explanation(why.toString())
                .incident(source + " icmp sweep");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        for (var e : s.probed.entrySet()) {
            if (Boolean.TRUE.equals(e.getValue())) alert.dstHost(e.getKey()); // live hosts first: what the sweep found
        }
        for (String h : s.probed.keySet()) alert.dstHost(h);
        s.evidence.drainInto(alert);
        s.reportedChanges = s.changes;
        ctx.alert(alert.build());
    }

    private static String typeNames(Set<Integer> types) {
        var names = new ArrayList<String>();
        for (int t : types) {
            names.add(switch (t) {
                case 8, 128 -> "echo";
                case 13 -> "timestamp";
                case 15 -> "information";
                case 17 -> "address-mask";
                default -> "type " + t;
            });
        }
        return String.join("/", new LinkedHashSet<>(names));
    }
}
