package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds Windows authentication leaving the network: an inside host opening SMB (TCP 445, 139) or
 * NetBIOS name traffic (UDP 137) to an outside address, which is how a forced-authentication lure
 * (a UNC path in a document, a {@code .url}/{@code .lnk} icon, an HTML image) hands the user's NTLM
 * challenge-response to the attacker's server.
 *
 * <p>ATT&CK: T1187 Forced Authentication. DS0029: Network Traffic Flow, as its guidance asks:
 * "SMB traffic on TCP ports 139, 445 and UDP port 137 and WebDAV traffic attempting to exit the
 * network to unknown external systems".
 *
 * <p>Evidence: conn.log rows (packet-metered, NetFlow/IPFIX, Zeek or cloud flow logs) from an inside
 * originator ({@code local_orig}, or a private address when the source does not say) to a public
 * responder on those ports, per source host over a tumbling {@code window} (1 h): the outside
 * destinations, attempts, and how many were answered. WebDAV lures ({@code \\host@80\x}) are not
 * claimed: in a flow they are an HTTP connection to the outside like any other, and Sluice's HTTP
 * dissector does not log the NTLM inside them.
 *
 * <p>Thresholds: none; one such connection is the fact the guidance names. Severity HIGH when the
 * outside host answered (an SMB session or the NTLM exchange could complete, so a hash may have
 * left), MEDIUM when every attempt failed (the egress filter held; the lure still fired). Ports are
 * the guidance's; {@code ports} changes them.
 *
 * <p>Known false positives: SMB to a cloud file service over the Internet (Azure Files on 445:
 * list its addresses in {@code ignore_destinations}); NTLM-authenticated web proxies outside the
 * network; networks whose inside addresses are public and not listed as local.
 */
public final class ExternalSmbDetector implements Detector<String, ExternalSmbDetector.State> {
    public static final String ID = "smb.external";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1187"));
    private static final int MAX_DESTINATIONS = 64;

    /**
     * @param windowNanos        how long one source's attempts are gathered into one incident
     * @param ports              SMB/NetBIOS responder ports (TCP and UDP alike)
     * @param ignoreDestinations outside addresses that legitimately serve SMB (cloud file shares)
     */
    public record Config(long windowNanos, List<Integer> ports, List<String> ignoreDestinations) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, List.of(445, 139, 137), List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ports = List.copyOf(ports);
            ignoreDestinations = List.copyOf(ignoreDestinations);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        var ports = new java.util.ArrayList<Integer>();
        for (String p : s.listValue("ports", List.of())) {
            try {
                ports.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("detectors." + ID + ".ports: expected port numbers, got '" + p + "'");
            }
        }
        return new Config(s.durationNanos("window", d.windowNanos()), ports.isEmpty() ? d.ports() : ports,
                s.listValue("ignore_destinations", d.ignoreDestinations()));
    }

    /** One outside destination of one source: attempts, answered ones, the ports and kind used. */
    public record Target(long attempts, long answered, long bytesOut, Set<String> kinds) {}

    /** One source in one window. */
    public record State(long windowStart, long first, long last, Map<String, Target> targets) {}

    private final Config config;

    public ExternalSmbDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    /** "smb/445", "netbios/137", or null when the flow is not one of them. */
    String kind(FlowRecord f) {
        int port = f.id().respP();
        if (!config.ports().contains(port) || !f.proto().equals("tcp") && !f.proto().equals("udp")) return null;
        return (port == 137 || port == 138 ? "netbios/" : "smb/") + port;
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || f.id() == null) return null;
        String orig = f.id().origH(), resp = f.id().respH();
        boolean inside = Boolean.TRUE.equals(f.localOrig()) || f.localOrig() == null && AddressClasses.isPrivate(orig);
        boolean outside = !Boolean.TRUE.equals(f.localResp()) && !AddressClasses.isPrivate(resp)
                && !AddressClasses.isSpecial(resp);
        if (!inside || !outside || config.ignoreDestinations().contains(resp) || kind(f) == null) return null;
        return orig;
    }

    @Override
    public State onEvent(String source, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, ts, new LinkedHashMap<>());
            ctx.timer(ts + config.windowNanos());
        }
        String dst = f.id().respH();
        boolean answered = answered(f);
        Target t = state.targets().get(dst);
        if (t == null && state.targets().size() >= MAX_DESTINATIONS) return state;
        var kinds = new java.util.TreeSet<String>(t == null ? Set.of() : t.kinds());
        kinds.add(kind(f));
        t = t == null ? new Target(1, answered ? 1 : 0, orZero(f.origBytes()), kinds)
                : new Target(t.attempts() + 1, t.answered() + (answered ? 1 : 0), t.bytesOut() + orZero(f.origBytes()), kinds);
        state.targets().put(dst, t);
        var s = new State(state.windowStart(), Math.min(state.first(), ts), Math.max(state.last(), ts + orZero(f.durationNanos())),
                state.targets());
        report(source, s, f, ctx);
        return s;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** The outside host said something back: a session, or at least an answered handshake. */
    private static boolean answered(FlowRecord f) {
        if (f.proto().equals("tcp")) {
            var o = ProbeOutcome.of(f);
            return o == ProbeOutcome.OPEN || o == ProbeOutcome.UNKNOWN && f.respPkts() > 0;
        }
        return f.respPkts() > 0;
    }

    private void report(String source, State s, FlowRecord f, DetectorContext ctx) {
        long attempts = 0, answered = 0, bytes = 0;
        var kinds = new java.util.TreeSet<String>();
        for (Target t : s.targets().values()) {
            attempts += t.attempts();
            answered += t.answered();
            bytes += t.bytesOut();
            kinds.addAll(t.kinds());
        }
        boolean leaked = answered > 0;
        var alert = Alert.builder(ID)
                .technique("T1187")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(leaked ? Severity.HIGH : Severity.MEDIUM)
                .confidence(leaked ? 0.7 : 0.5)
                .time(s.first(), s.last())
                .srcHost(source)
                .explanation(String.format(Locale.ROOT,
                        "%s opened %s (%s) to %s outside the network (%s); %s answered, %s sent",
                        source, Explanations.count(attempts, "connection", "connections"), String.join(", ", kinds),
                        Explanations.count(s.targets().size(), "address", "addresses"),
                        Explanations.list(s.targets().keySet(), 5), Explanations.count(answered),
                        Explanations.bytes(bytes)))
                .evidence(f.uid(), f.communityId())
                .incident(source + "|" + s.windowStart());
        int n = 0;
        for (String d : s.targets().keySet()) if (n++ < Alert.MAX_ENTITIES) alert.dstHost(d);
        alert.dstPort(f.id().respP());
        ctx.alert(alert.build());
    }

    @Override
    public State onTimer(String source, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
