package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds services that speak a protocol on a port that is not the protocol's own: SSH on 443, HTTP
 * on 53, RDP on 80, as C2 channels and tunnels do to slip through port-based filters.
 *
 * <p>ATT&CK T1571 Non-Standard Port. DS0029 Network Traffic Flow (the connection's
 * {@code service_nonstandard_port}) and Network Traffic Content (the protocol behind it is
 * identified by payload, not by port, so "communications that do not follow the expected protocol
 * behavior for the port" is what the field says).
 *
 * <p>Evidence: conn.log rows whose {@code service_nonstandard_port} names protocols found by
 * content on a responder port that is not theirs (each protocol signature's standard ports, e.g.
 * HTTP 80/81/631/1080/3128/8000/8080/8888, SSH 22). One incident per (responder, port, protocol),
 * counting connections and distinct clients.
 *
 * <p>Thresholds: {@code min_connections} (default 1: one identified connection is already a
 * fact, not a statistic). Severity: HIGH when the port is the standard port of another protocol
 * (impersonation: SSH on 443), MEDIUM for remote-access, file-transfer and name protocols
 * ({@code suspicious_protocols}), LOW otherwise (HTTP and TLS on high ports are common).
 *
 * <p>False positives: development servers and appliances on ad-hoc ports (HTTP on 8081, TLS on
 * 9443), SSH moved to a high port as hardening. {@code ignore} takes {@code protocol/port} pairs
 * ({@code http/8081}) or bare protocols to leave out. By default it leaves out TFTP, whose
 * transfers run between ephemeral ports: a data flow whose request was captured is announced
 * (the flow layer then never marks it), but one whose request was missed looks like TFTP on a
 * random port. DCE/RPC's own ports include the dynamic range the endpoint mapper hands out
 * (49152-65535 on Windows), so RPC endpoints there are not reported, while DCE/RPC on, say, 443
 * is. On the corpus the protocol traces give SSH on 2200 and on a high port, both real cases of
 * the technique's shape (before the flow layer knew the RPC range, every alert on the Windows
 * attack captures was an RPC endpoint, e.g. 441 connections to 172.16.66.36:49668).
 */
public final class NonStandardPortDetector implements Detector<NonStandardPortDetector.Service, NonStandardPortDetector.State> {

    public static final String ID = "protocol.nonstandard_port";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    /**
     * @param minConnections      connections to the service before it is reported
     * @param ignore              {@code protocol/port} pairs or bare protocols never reported
     * @param suspiciousProtocols protocols reported at MEDIUM rather than LOW
     */
    public record Config(int minConnections, List<String> ignore, List<String> suspiciousProtocols) {
        public static final Config DEFAULTS = new Config(1, List.of("tftp"),
                List.of("ssh", "rdp", "vnc", "telnet", "smb", "ftp", "dns", "dce_rpc", "smtp", "tftp", "snmp", "ldap",
                        "kerberos"));

        public Config {
            if (minConnections < 1) throw new IllegalArgumentException("detectors." + ID + ".min_connections must be at least 1");
            ignore = ignore.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            suspiciousProtocols = suspiciousProtocols.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_connections", d.minConnections()), s.listValue("ignore", d.ignore()),
                s.listValue("suspicious_protocols", d.suspiciousProtocols()));
    }

    /** A responder's port and the protocols found on it (comma-joined as conn.log writes them). */
    public record Service(String respH, int respP, String protocols) {
        // written out for the engine's key lookups; same values as the record's own (HostPair says why)
        @Override
        public int hashCode() {
            return (31 * java.util.Objects.hashCode(respH) + respP) * 31 + java.util.Objects.hashCode(protocols);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Service s && respP == s.respP && java.util.Objects.equals(respH, s.respH)
                    && java.util.Objects.equals(protocols, s.protocols);
        }
    }

    /**
     * @param clients first clients seen (at most {@link Alert#MAX_ENTITIES}); {@code clientCount} counts all
     * @param evidence evidence gathered before the threshold was reached, handed to the first alert
     */
    public record State(long firstNanos, long lastNanos, long connections, List<String> clients, long clientCount,
            List<Evidence> evidence, boolean reported) {}

    /** Standard ports of the protocols Sluice identifies, to name whose port a service borrowed. */
    private static final Map<Integer, String> PORT_OWNER = Map.ofEntries(
            Map.entry(21, "ftp"), Map.entry(22, "ssh"), Map.entry(23, "telnet"), Map.entry(25, "smtp"),
            Map.entry(53, "dns"), Map.entry(80, "http"), Map.entry(88, "kerberos"), Map.entry(123, "ntp"),
            Map.entry(135, "dce_rpc"), Map.entry(139, "smb"), Map.entry(161, "snmp"), Map.entry(389, "ldap"),
            Map.entry(443, "ssl"), Map.entry(445, "smb"), Map.entry(465, "ssl"), Map.entry(587, "smtp"),
            Map.entry(636, "ssl"), Map.entry(993, "ssl"), Map.entry(995, "ssl"), Map.entry(3389, "rdp"),
            Map.entry(5900, "vnc"), Map.entry(8080, "http"));

    private final Config config;

    public NonStandardPortDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1571"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public Service key(Event event) {
        if (!(event instanceof FlowRecord f)) return null;
        var protocols = f.serviceNonStandardPort();
        if (protocols == null || protocols.isEmpty() || ignored(protocols, f.id().respP())) return null;
        return new Service(f.id().respH(), f.id().respP(), protocols);
    }

    private boolean ignored(String protocols, int port) {
        for (var p : protocols.split(",")) {
            var name = p.toLowerCase(Locale.ROOT);
            if (!config.ignore().contains(name) && !config.ignore().contains(name + "/" + port)) return false;
        }
        return true;
    }

    @Override
    public State onEvent(Service key, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        var s = state != null ? state : new State(f.tsNanos(), f.tsNanos(), 0, List.of(), 0, List.of(), false);
        var clients = s.clients();
        long clientCount = s.clientCount();
        if (!clients.contains(f.id().origH())) {
            if (clients.size() < Alert.MAX_ENTITIES) {
                clients = append(clients, f.id().origH());
                clientCount++;
            } else {
                clientCount++; // past the cap a client may be counted twice; the count is a lower bound otherwise
            }
        }
        long connections = s.connections() + 1;
        long last = Math.max(s.lastNanos(), f.tsNanos());
        long first = Math.min(s.firstNanos(), f.tsNanos());
        var evidence = s.evidence();
        if (!s.reported() && evidence.size() < Alert.MAX_EVIDENCE) evidence = append(evidence, new Evidence(f.uid(), f.communityId()));
        if (connections < config.minConnections()) {
            return new State(first, last, connections, clients, clientCount, evidence, false);
        }
        var alert = Alert.builder(ID).technique("T1571")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW).component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity(key)).confidence(0.9)
                .time(s.reported() ? f.tsNanos() : first, last)
                .srcHost(f.id().origH()).dstHost(key.respH()).dstPort(key.respP())
                .incident(key.respH() + ":" + key.respP() + "/" + key.protocols())
                .explanation(explain(key, connections, clientCount, first, last));
        if (s.reported()) {
            alert.evidence(f.uid(), f.communityId());
        } else {
            for (var e : evidence) alert.evidence(e.uid(), e.communityId());
            alert.evidenceCount(connections);
        }
        ctx.alert(alert.build());
        return new State(first, last, connections, clients, clientCount, List.of(), true);
    }

    @Override
    public State onTimer(Service key, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }

    private Severity severity(Service key) {
        var owner = PORT_OWNER.get(key.respP());
        if (owner != null && !List.of(key.protocols().split(",")).contains(owner)) return Severity.HIGH;
        for (var p : key.protocols().split(",")) {
            if (config.suspiciousProtocols().contains(p.toLowerCase(Locale.ROOT))) return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    private static String explain(Service key, long connections, long clients, long first, long last) {
        var owner = PORT_OWNER.get(key.respP());
        var sb = new StringBuilder();
        sb.append(key.respH()).append(':').append(key.respP()).append(" spoke ").append(key.protocols())
                .append(" (identified by content), not on its standard port");
        if (owner != null && !List.of(key.protocols().split(",")).contains(owner)) {
            sb.append("; ").append(key.respP()).append(" is the port of ").append(owner);
        }
        // built for every connection once the service is reported (the incident keeps the latest): no formatter here
        sb.append("; ").append(Explanations.count(connections)).append(connections == 1 ? " connection" : " connections")
                .append(" from ").append(Explanations.count(clients)).append(clients == 1 ? " client" : " clients");
        if (connections > 1) sb.append(" over ").append(Explanations.countRounded((last - first) / 1e9)).append(" s");
        return sb.toString();
    }

    private static <T> List<T> append(List<T> list, T item) {
        var out = new ArrayList<T>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return List.copyOf(out);
    }
}
