package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.snmp.SnmpSession;
import io.sluice.protocol.tftp.TftpTransfer;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds network device configuration being pulled off the wire: an SNMP walk that reads a device's
 * MIB wholesale, an SNMP set of Cisco's configuration-copy objects (which makes the device send
 * its running or startup configuration to a TFTP/FTP server), requests under many different
 * community strings (guessing one that works), and TFTP transfers of files named like device
 * configurations.
 *
 * <p>ATT&CK: T1602.001 Data from Configuration Repository: SNMP (MIB Dump), T1602.002 Network
 * Device Configuration Dump, and their parent T1602. DS0029: Network Traffic Content (snmp.log and tftp.log rows).
 *
 * <p>Evidence: per requester and agent within {@code window} = 10 min: the values asked for (a
 * GetNext or Get request counts one, a GetBulk its max-repetitions), the OIDs seen (first 32 per
 * session), the set requests and their OIDs, the distinct communities; per TFTP transfer its file
 * name and direction.
 *
 * <p>Thresholds: {@code min_walk_values} = 500 values in the window: {@code snmpwalk} of the
 * system and interfaces groups of a 24-port switch is about 24 x 22 + 10 = 540 values, while a
 * poller reading a few counters asks for tens. {@code min_communities} = 5 distinct communities
 * to one agent (public, private and a site's own are normal; more is a list being tried).
 * Configuration copy: any set under ciscoConfigCopyMIB (1.3.6.1.4.1.9.9.96) or the older
 * writeNet (1.3.6.1.4.1.9.2.1.55) and any TFTP file ending in {@code -confg}, {@code .cfg},
 * {@code .conf} or named running-config / startup-config. Severity: HIGH for a configuration copy
 * set, MEDIUM for a walk touching the routing, ARP or vendor subtrees, for community guessing and
 * for a configuration file over TFTP, LOW for other walks.
 *
 * <p>Known false positives: network management stations (they walk interface tables on schedule:
 * known pollers should be listed in {@code ignore_sources}); configuration backup tools using
 * SNMP config-copy or TFTP (RANCID, Oxidized, Cisco Prime) from their known servers. The session
 * row carries only the first community of a flow, so guessing from one socket (onesixtyone)
 * counts as one community; guessing that opens a flow per try is seen.
 */
public final class SnmpConfigDumpDetector implements Detector<String, SnmpConfigDumpDetector.State> {

    public static final String ID = "snmp.config_dump";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(SnmpSession.class, TftpTransfer.class);

    /**
     * @param minWalkValues values read from one agent within the window that make a walk
     * @param minCommunities distinct communities tried on one agent within the window
     * @param windowNanos the window
     * @param ignoreSources requesters never reported (known management stations)
     */
    public record Config(int minWalkValues, int minCommunities, long windowNanos, Set<String> ignoreSources) {
        public static final Config DEFAULTS = new Config(500, 5, 600_000_000_000L, Set.of());

        public Config {
            if (minWalkValues < 1) throw new IllegalArgumentException(ID + ".min_walk_values must be positive");
            if (minCommunities < 2) throw new IllegalArgumentException(ID + ".min_communities must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreSources = Set.copyOf(ignoreSources);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_walk_values", d.minWalkValues()), s.intValue("min_communities", d.minCommunities()),
                s.durationNanos("window", d.windowNanos()), new TreeSet<>(s.listValue("ignore_sources", List.of())));
    }

    /** Per requester and agent: what the window's sessions asked for. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long values;
        long sessions;
        final Set<String> subtrees = new TreeSet<>();
        final Set<String> communities = new LinkedHashSet<>();
        long unansweredSessions;
        final Set<String> copySets = new TreeSet<>();
        boolean walkReported;
        boolean guessReported;
        boolean copyReported;
        int agentPort;
        final EvidenceLog evidence = new EvidenceLog();
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1602.001"), Technique.of("T1602.002"), Technique.of("T1602"));

    /** Subtrees an attacker maps a network with; name, OID prefix. */
    private static final String[][] SENSITIVE = {
        {"ipRouteTable", "1.3.6.1.2.1.4.21"},
        {"ipNetToMediaTable (ARP)", "1.3.6.1.2.1.4.22"},
        {"ipForward", "1.3.6.1.2.1.4.24"},
        {"ipAddrTable", "1.3.6.1.2.1.4.20"},
        {"cisco", "1.3.6.1.4.1.9."},
        {"snmpUsmMIB", "1.3.6.1.6.3.15"},
        {"snmpCommunityMIB", "1.3.6.1.6.3.18"},
    };
    private static final String[] CONFIG_COPY = {"1.3.6.1.4.1.9.9.96.", "1.3.6.1.4.1.9.2.1.55."};

    private final Config config;

    public SnmpConfigDumpDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case SnmpSession s when !config.ignoreSources().contains(s.id().origH()) ->
                    "snmp " + s.id().origH() + " " + s.id().respH();
            case TftpTransfer t when isConfigFile(t.fname()) && !config.ignoreSources().contains(t.id().origH()) ->
                    "tftp " + t.uid();
            default -> null;
        };
    }

    static boolean isConfigFile(String fname) {
        if (fname == null) return false;
        String name = fname.toLowerCase(Locale.ROOT);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        return name.equals("running-config") || name.equals("startup-config") || name.endsWith("-confg")
                || name.endsWith(".cfg") || name.endsWith(".conf") || name.endsWith("-config");
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        if (event instanceof TftpTransfer t) {
            reportTftp(t, ctx);
            return null;
        }
        var s = (SnmpSession) event;
        long ts = s.tsNanos();
        if (state == null || ts >= state.windowStart + config.windowNanos()) {
            state = new State();
            state.windowStart = ts;
            ctx.timer(ts + config.windowNanos());
        }
        state.sessions++;
        state.agentPort = s.id().respP();
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        long reps = s.bulkMaxRepetitions() == null ? 1 : Math.max(1, s.bulkMaxRepetitions());
        state.values += s.getRequests() + s.getBulkRequests() * reps;
        if (s.community() != null && state.communities.size() < 1_000) state.communities.add(s.community());
        if (s.getResponses() == 0) state.unansweredSessions++;
        for (String oid : s.oids()) {
            for (String[] sub : SENSITIVE) {
                if (oid.startsWith(sub[1])) state.subtrees.add(sub[0]);
            }
            if (s.setRequests() > 0) {
                for (String prefix : CONFIG_COPY) {
                    if (oid.startsWith(prefix) && state.copySets.size() < 20) state.copySets.add(oid);
                }
            }
        }
        state.evidence.add(s.uid(), null);
        String requester = s.id().origH(), agent = s.id().respH();
        if (!state.copyReported && !state.copySets.isEmpty()) {
            state.copyReported = true;
            var why = requester + " set " + Explanations.count(state.copySets.size(), "configuration-copy object", "configuration-copy objects")
                    + " (" + Explanations.list(state.copySets, 4) + ") on " + agent
                    + " over SNMP: this makes the device send its configuration to a file server";
            report(requester, agent, state, ctx, "T1602.002", Severity.HIGH, 0.85, why, "config copy");
        }
        if (!state.walkReported && state.values >= config.minWalkValues()) {
            state.walkReported = true;
            var why = new StringBuilder().append(requester).append(" read ").append(Explanations.count(state.values))
                    .append(" SNMP values from ").append(agent).append(" in ")
                    .append(Explanations.count(state.sessions, "session", "sessions")).append(" over ")
                    .append(Explanations.duration(state.last - state.first));
            if (!state.subtrees.isEmpty()) why.append(", including ").append(String.join(", ", state.subtrees));
            report(requester, agent, state, ctx, "T1602.001", state.subtrees.isEmpty() ? Severity.LOW : Severity.MEDIUM,
                    state.subtrees.isEmpty() ? 0.5 : 0.7, why.toString(), "walk");
        }
        if (!state.guessReported && state.communities.size() >= config.minCommunities()) {
            state.guessReported = true;
            var why = requester + " tried " + Explanations.count(state.communities.size(), "community", "communities")
                    + " on " + agent + " in " + Explanations.duration(state.last - state.first) + "; "
                    + Explanations.count(state.unansweredSessions) + " of " + Explanations.count(state.sessions, "session", "sessions")
                    + " got no response (a wrong community is silently dropped)";
            report(requester, agent, state, ctx, "T1602.001", Severity.MEDIUM, 0.7, why, "community guessing");
        }
        return state;
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos >= state.windowStart + config.windowNanos()) return null;
        return state;
    }

    private void report(String requester, String agent, State s, DetectorContext ctx, String technique, Severity severity,
            double confidence, String why, String kind) {
        var alert = Alert.builder(ID)
                .technique(technique)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(confidence)
                .time(s.first, s.last)
                .srcHost(requester)
                .dstHost(agent)
                .dstPort(s.agentPort)
                .explanation(why)
                .incident(requester + " " + agent + " snmp " + kind);
        s.evidence.drainInto(alert);
        ctx.alert(alert.build());
    }

    private void reportTftp(TftpTransfer t, DetectorContext ctx) {
        boolean write = Boolean.TRUE.equals(t.wrq());
        String why = t.id().origH() + (write ? " wrote " : " read ") + "\"" + t.fname() + "\" " + (write ? "to" : "from")
                + " the TFTP server " + t.id().respH() + " (" + Explanations.count(t.size(), "byte", "bytes")
                + "): a file named like a network device's configuration, sent in clear text";
        var alert = Alert.builder(ID)
                .technique("T1602.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(t.tsNanos(), t.tsNanos())
                .srcHost(t.id().origH())
                .dstHost(t.id().respH())
                .dstPort(t.id().respP())
                .explanation(why)
                .incident(t.id().origH() + " " + t.id().respH() + " tftp " + t.fname())
                .evidence(t.uid(), null);
        if (t.uidData() != null && !t.uidData().equals(t.uid())) alert.evidence(t.uidData(), null);
        ctx.alert(alert.build());
    }
}
