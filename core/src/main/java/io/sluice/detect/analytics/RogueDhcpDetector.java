package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dhcp.DhcpTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds rogue DHCP servers: a second server identifier answering clients of one network, above all
 * one that hands out a different gateway or DNS servers than the server already seen there (the
 * spoofed options that put the attacker in the middle).
 *
 * <p>ATT&CK: T1557.003 (and its parent T1557). DS0029: Network Traffic Content (the guidance:
 * "changes in DNS and/or gateway parameters") and Network Traffic Flow (the guidance for that
 * component: anomalies of known AiTM behaviour).
 *
 * <p>Evidence: dhcp.log rows with a server identifier (option 54), grouped by the client network
 * (the /24 of the assigned, requested or client address; for IPv4 DHCP only) over a tumbling
 * window ({@code window}, 24 h): each server identifier with the routers (option 3) and DNS servers
 * (option 6) it handed out and the clients it answered. It alerts MEDIUM when {@code min_servers}
 * (2) server identifiers answer clients of one network (a failover pair also does that), HIGH when
 * they hand out different routers or DNS servers, or when two of them answered one transaction
 * with different options. Without a baseline across runs, "the server seen before" is the first
 * one of the window.
 *
 * <p>Known false positives: Windows DHCP failover and split scopes (two servers, same options:
 * MEDIUM only); networks that hand different DNS servers to different client classes; list the
 * known servers in {@code known_servers} to leave them out.
 */
public final class RogueDhcpDetector implements Detector<String, RogueDhcpDetector.State> {

    public static final String ID = "lan.rogue_dhcp";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DhcpTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1557.003"), Technique.of("T1557"));
    private static final int MAX_SERVERS = 32;

    public record Config(long windowNanos, int minServers, List<String> knownServers) {
        public Config {
            knownServers = List.copyOf(knownServers);
        }

        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 2, List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_servers", d.minServers()),
                s.listValue("known_servers", d.knownServers()));
    }

    /** What one server identifier handed out, in order of first sight. */
    public record Server(long first, String routers, String dnsServers, Set<String> clients, List<String> uids) {}

    /** One client network in one window: its servers by identifier, and the severity alerted so far. */
    public record State(long windowStart, long last, TreeMap<String, Server> servers, List<String> order,
            int alerted) {}

    private final Config config;

    public RogueDhcpDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DhcpTransaction d) || d.serverIds().isEmpty()) return null;
        String addr = d.assignedAddr() != null ? d.assignedAddr()
                : d.requestedAddr() != null ? d.requestedAddr() : d.clientAddr();
        if (addr == null || addr.indexOf(':') >= 0 || addr.equals("0.0.0.0")) return null;
        int dot = addr.lastIndexOf('.');
        return dot > 0 ? addr.substring(0, dot) + ".0/24" : null;
    }

    @Override
    public State onEvent(String network, State state, Event event, DetectorContext ctx) {
        var d = (DhcpTransaction) event;
        long ts = d.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, new TreeMap<>(), new ArrayList<>(), -1);
            ctx.timer(ts + config.windowNanos());
        }
        // the options are those of the last server message: the server that sent it, or the only one
        String sender = d.serverIds().size() == 1 ? d.serverIds().get(0)
                : d.serverIds().contains(d.serverAddr()) ? d.serverAddr() : null;
        String client = d.mac() != null ? d.mac() : String.valueOf(d.clientAddr());
        for (String id : d.serverIds()) {
            if (config.knownServers().contains(id)) continue;
            var s = state.servers().get(id);
            if (s == null) {
                if (state.servers().size() >= MAX_SERVERS) continue;
                s = new Server(ts, null, null, new TreeSet<>(), new ArrayList<>());
                state.order().add(id);
            }
            String routers = s.routers(), dns = s.dnsServers();
            if (id.equals(sender)) {
                if (d.routers() != null) routers = String.join(",", d.routers());
                if (d.dnsServers() != null) dns = String.join(",", d.dnsServers());
            }
            if (s.clients().size() < Alert.MAX_ENTITIES) s.clients().add(client);
            if (s.uids().size() < Alert.MAX_EVIDENCE && d.uid() != null) s.uids().add(d.uid());
            state.servers().put(id, new Server(s.first(), routers, dns, s.clients(), s.uids()));
        }
        var next = new State(state.windowStart(), Math.max(state.last(), ts), state.servers(), state.order(),
                state.alerted());
        return evaluate(network, next, d.serverIds().size() >= 2, ctx);
    }

    private State evaluate(String network, State s, boolean sameTransaction, DetectorContext ctx) {
        if (s.servers().size() < config.minServers()) return s;
        var routers = new TreeSet<String>();
        var dns = new TreeSet<String>();
        for (var server : s.servers().values()) {
            if (server.routers() != null) routers.add(server.routers());
            if (server.dnsServers() != null) dns.add(server.dnsServers());
        }
        boolean differ = routers.size() > 1 || dns.size() > 1;
        var severity = differ ? Severity.HIGH : Severity.MEDIUM;
        if (severity.ordinal() <= s.alerted()) return s;
        var parts = new ArrayList<String>();
        for (String id : s.order()) {
            var server = s.servers().get(id);
            parts.add(String.format(Locale.ROOT, "%s (router %s, DNS %s, %d client%s)", id,
                    server.routers() == null ? "-" : server.routers(),
                    server.dnsServers() == null ? "-" : server.dnsServers(), server.clients().size(),
                    server.clients().size() == 1 ? "" : "s"));
        }
        var alert = Alert.builder(ID)
                .technique("T1557.003")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(differ ? 0.8 : 0.4)
                .time(s.windowStart(), s.last())
                .explanation(String.format(Locale.ROOT, "%d DHCP servers answered clients of %s%s%s: %s",
                        s.servers().size(), network, sameTransaction ? ", two of them in one exchange" : "",
                        differ ? ", handing out different " + (routers.size() > 1 && dns.size() > 1
                                ? "routers and DNS servers" : routers.size() > 1 ? "routers" : "DNS servers") : "",
                        String.join("; ", parts)))
                .incident(network + "|" + s.windowStart());
        String newest = s.order().get(s.order().size() - 1); // the latest to appear: the likelier rogue
        alert.srcHost(newest);
        for (String id : s.order()) if (!id.equals(newest)) alert.dstHost(id);
        for (var server : s.servers().values()) for (String uid : server.uids()) alert.evidence(uid, null);
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.last(), s.servers(), s.order(), severity.ordinal());
    }

    @Override
    public State onTimer(String network, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        return state.windowStart() + config.windowNanos() <= timerNanos ? null : state;
    }
}
