package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.tls.TlsHandshake;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds hosts running commercial remote access software, by the vendor services its clients
 * name on the wire (TeamViewer, AnyDesk, ScreenConnect, RustDesk, LogMeIn, Splashtop, Atera, ...).
 *
 * <p>ATT&CK: T1219 Remote Access Software. DS0029: Network Traffic Content (DNS queries, TLS and
 * QUIC SNI, HTTP Host).
 *
 * <p>Evidence: a name that is, or lies under, one of the vendor domains below (facts from the
 * vendors' published firewall and allow-list documentation and ATT&CK's T1219 procedure examples).
 * One incident per host and tool, so a client's steady heartbeat is one alert that counts.
 *
 * <p>Thresholds: none; severity LOW by default because IT departments use these tools every day:
 * the alert says which tool a host runs, for comparison with the tools the organisation sanctions.
 *
 * <p>Known false positives: sanctioned support tools; vendor web sites visited in a browser
 * (their marketing pages share the registered domain).
 */
public final class RemoteAccessToolDetector implements Detector<String, RemoteAccessToolDetector.State> {
    public static final String ID = "remote_access.tool";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, HttpTransaction.class,
            QuicConnection.class, TlsHandshake.class);

    private static final Map<String, String> TOOLS = Map.ofEntries(
            Map.entry("teamviewer.com", "TeamViewer"),
            Map.entry("anydesk.com", "AnyDesk"),
            Map.entry("screenconnect.com", "ScreenConnect"),
            Map.entry("rustdesk.com", "RustDesk"),
            Map.entry("logmein.com", "LogMeIn"),
            Map.entry("logme.in", "LogMeIn"),
            Map.entry("gotoassist.com", "GoTo Resolve"),
            Map.entry("gotomypc.com", "GoToMyPC"),
            Map.entry("splashtop.com", "Splashtop"),
            Map.entry("ammyy.com", "Ammyy Admin"),
            Map.entry("atera.com", "Atera"),
            Map.entry("remoteutilities.com", "Remote Utilities"),
            Map.entry("supremocontrol.com", "Supremo"),
            Map.entry("zohoassist.com", "Zoho Assist"),
            Map.entry("beyondtrustcloud.com", "BeyondTrust Remote Support"),
            Map.entry("bomgarcloud.com", "BeyondTrust Remote Support"),
            Map.entry("dwservice.net", "DWService"),
            Map.entry("getscreen.me", "Getscreen"),
            Map.entry("meshcentral.com", "MeshCentral"),
            Map.entry("netsupportsoftware.com", "NetSupport Manager"),
            Map.entry("simple-help.com", "SimpleHelp"),
            Map.entry("remotepc.com", "RemotePC"),
            Map.entry("showmypc.com", "ShowMyPC"),
            Map.entry("islonline.net", "ISL Online"),
            Map.entry("parsec.app", "Parsec"),
            Map.entry("remotedesktop.google.com", "Chrome Remote Desktop"),
            Map.entry("remotedesktop-pa.googleapis.com", "Chrome Remote Desktop"));

    /** @param severity how bad a match is taken to be */
    public record Config(Severity severity) {
        public static final Config DEFAULTS = new Config(Severity.LOW);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).severityValue("severity", Config.DEFAULTS.severity()));
    }

    /** Stateless: the engine merges a host's repeated matches of one tool into one incident. */
    public record State() {}

    private final Config config;

    public RemoteAccessToolDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1219"));
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
            case DnsTransaction d -> tool(d.query()) != null ? d.id().origH() : null;
            case TlsHandshake t -> tool(t.serverName()) != null ? t.id().origH() : null;
            case QuicConnection q -> tool(q.serverName()) != null ? q.id().origH() : null;
            case HttpTransaction h -> tool(h.host()) != null ? h.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        String name, where, uid;
        ConnId id;
        switch (event) {
            case DnsTransaction d -> { name = d.query(); where = "looked up"; uid = d.uid(); id = d.id(); }
            case TlsHandshake t -> { name = t.serverName(); where = "opened TLS to"; uid = t.uid(); id = t.id(); }
            case QuicConnection q -> { name = q.serverName(); where = "opened QUIC to"; uid = q.uid(); id = q.id(); }
            case HttpTransaction h -> { name = h.host(); where = "sent an HTTP request to"; uid = h.uid(); id = h.id(); }
            default -> {
                return state;
            }
        }
        String[] match = match(name);
        if (match == null) return state;
        var b = Alert.builder(ID)
                .technique("T1219")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(config.severity())
                .confidence(0.6)
                .time(event.tsNanos(), event.tsNanos())
                .srcHost(host)
                .domain(DomainBeaconDetector.normalise(name))
                .evidence(uid, null)
                .incident(host + " remote access " + match[1])
                .explanation(String.format(Locale.ROOT, "%s %s %s, a service of the remote access software %s (%s)",
                        host, where, DomainBeaconDetector.normalise(name), match[1], match[0]));
        if (!(event instanceof DnsTransaction)) b.dstHost(id.respH()).dstPort(id.respP());
        ctx.alert(b.build());
        return state;
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }

    static String tool(String name) {
        String[] m = match(name);
        return m == null ? null : m[1];
    }

    /** {vendor domain, tool} for a name that is or lies under a listed domain, or null. */
    private static String[] match(String name) {
        if (name == null || name.isEmpty()) return null;
        String n = DomainBeaconDetector.normalise(name);
        while (true) {
            String tool = TOOLS.get(n);
            if (tool != null) return new String[] {n, tool};
            int dot = n.indexOf('.');
            if (dot < 0) return null;
            n = n.substring(dot + 1);
        }
    }
}
