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
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.socks.SocksRequest;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds an internal host sending its traffic through a proxy outside the network: an HTTP
 * {@code CONNECT} tunnel or a SOCKS request that an outside host relayed, a connection to an outside
 * host's SOCKS or Squid port, or Tor, by the shape of its TLS links or by its relay ports.
 *
 * <p>ATT&CK: T1090 Proxy; T1090.002 External Proxy for a CONNECT or SOCKS request to an outside host;
 * T1090.003 Multi-hop Proxy for Tor. DS0029: Network Traffic Content (the HTTP request line; the
 * SOCKS request and the proxy's answer; the TLS SNI and
 * certificate names; the host's DNS answers), Network Connection Creation and Network Traffic Flow
 * (connections to proxy ports, and to Tor's default relay and directory ports).
 *
 * <p>Evidence. CONNECT: an {@link HttpTransaction} with method CONNECT from a private or local
 * address to a non-private one; a CONNECT to an internal address is the corporate-proxy pattern
 * and is left alone. SOCKS: a {@link SocksRequest} (socks.log: SOCKS 4, 4a or 5 found by content on
 * any port and confirmed by the proxy's answer) from a private or local address to a non-private
 * one, reported as a CONNECT is, with the target the client named and the proxy's answer. Tor link: Tor clients send as SNI a made-up name, "www." + 8 to 20 base32
 * characters + ".com", and relays present certificates named the same way (".net" or ".com"); a
 * {@link TlsHandshake} is Tor-shaped when its SNI has that shape and either the certificate's
 * subject and issuer have it too, or the host's DNS is visible (it has had answers) and none of
 * its answers was for that name (Tor reaches relays by address from its consensus, never by DNS).
 * Tor ports: an answered outbound TCP {@link FlowRecord} to 9001 (ORPort) or 9030 (DirPort), the
 * defaults of tor's torrc, lasting at least {@code relay_min_duration}, or answered connections to
 * at least {@code relay_min_addresses} distinct addresses on those ports. Proxy ports: an
 * answered TCP connection (its {@link ConnectionCreation}, or its flow record when no creation
 * event came) from a private address to a non-private one on 1080 (SOCKS, IANA's "socks") or 3128
 * (Squid's default), reported LOW: those ports say proxy, not what went through it.
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): {@code relay_min_duration} 5 min
 * (a circuit's link stays up; a port scan or a stray connection does not), {@code
 * relay_min_addresses} 3 (a client bootstraps from several relays). State per host is bounded (4,096
 * names it resolved, 64 relay addresses) and dropped an hour after its last event.
 *
 * <p>Known false positives: sanctioned outside proxies (a cloud web gateway reached by CONNECT or
 * on 3128); other services on those ports;
 * a real site named like Tor's fake names ("www.facebook.com" has the shape) reached through a
 * resolver the sensor does not see; other software on ports 9001/9030.
 */
public final class ProxyChannelDetector implements Detector<String, ProxyChannelDetector.HostState> {
    public static final String ID = "proxy.channel";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, DnsTransaction.class,
            FlowRecord.class, HttpTransaction.class, SocksRequest.class, TlsHandshake.class);
    static final int MAX_NAMES = 4_096;
    static final int MAX_RELAYS = 64;
    private static final long HOUR = 3_600_000_000_000L;
    private static final Pattern TOR_NAME = Pattern.compile("www\\.[a-z2-7]{8,20}\\.(com|net)");
    private static final PortSet TOR_PORTS = PortSet.of(9001, 9030);
    private static final Map<Integer, String> PROXY_PORTS = Map.of(1080, "SOCKS", 3128, "Squid proxy");
    /** The keys of {@link #PROXY_PORTS}, asked about every connection without boxing its port. */
    private static final PortSet PROXY_PORT_NUMBERS = PortSet.of(PROXY_PORTS.keySet().stream().mapToInt(Integer::intValue).toArray());
    static final int MAX_UIDS = 1_024;

    public record Config(long relayMinDurationNanos, int relayMinAddresses) {
        public static final Config DEFAULTS = new Config(300_000_000_000L, 3);

        public Config {
            if (relayMinDurationNanos <= 0) throw new IllegalArgumentException(ID + ".relay_min_duration must be positive");
            if (relayMinAddresses < 1) throw new IllegalArgumentException(ID + ".relay_min_addresses must be at least 1");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("relay_min_duration", d.relayMinDurationNanos()),
                s.intValue("relay_min_addresses", d.relayMinAddresses()));
    }

    /** One source host: the names its DNS answered, and the Tor-port relays it reached. */
    public static final class HostState implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashSet<String> resolvedNames = new LinkedHashSet<>();
        final TreeSet<String> relays = new TreeSet<>();
        final LinkedHashSet<String> proxyUids = new LinkedHashSet<>();
        long lastSeenNanos;
        boolean timerSet;
    }

    private final Config config;

    public ProxyChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1090"), Technique.of("T1090.002"), Technique.of("T1090.003"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.allOf(Ds0029Component.class);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case DnsTransaction d -> d.query() == null || d.answers() == null || d.answers().isEmpty() ? null : d.id().origH();
            case HttpTransaction h -> "CONNECT".equalsIgnoreCase(h.method()) ? h.id().origH() : null;
            case SocksRequest r -> r.id().origH();
            case TlsHandshake t -> t.serverName() != null && torName(t.serverName()) && t.serverName().endsWith(".com")
                    ? t.id().origH() : null;
            case FlowRecord f -> (TOR_PORTS.contains(f.id().respP()) || proxyPort(f.id().origH(), f.id().respH(),
                    f.id().respP())) && "tcp".equals(f.proto()) && OutboundFlows.outbound(f) ? f.id().origH() : null;
            case ConnectionCreation c -> "tcp".equals(c.proto()) && c.outcome() == ConnectionCreation.Outcome.ESTABLISHED
                    && proxyPort(c.id().origH(), c.id().respH(), c.id().respP()) ? c.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public HostState onEvent(String host, HostState state, Event event, DetectorContext ctx) {
        var s = state != null ? state : new HostState();
        s.lastSeenNanos = Math.max(s.lastSeenNanos, event.tsNanos());
        if (!s.timerSet) {
            s.timerSet = true;
            ctx.timer(event.tsNanos() + HOUR);
        }
        switch (event) {
            case DnsTransaction d -> {
                if (s.resolvedNames.add(d.query().toLowerCase(Locale.ROOT)) && s.resolvedNames.size() > MAX_NAMES) {
                    Iterator<String> it = s.resolvedNames.iterator();
                    it.next();
                    it.remove();
                }
            }
            case HttpTransaction h -> connect(host, h, ctx);
            case SocksRequest r -> socks(host, r, ctx);
            case TlsHandshake t -> tor(host, s, t, ctx);
            case FlowRecord f -> {
                if (TOR_PORTS.contains(f.id().respP())) relayPort(host, s, f, ctx);
                else if (f.respPkts() > 0 && !"S0".equals(f.connState()) && !"REJ".equals(f.connState())) {
                    proxyConnection(host, s, f.uid(), f.communityId(), f.tsNanos(), f.id().respH(), f.id().respP(),
                            Ds0029Component.NETWORK_TRAFFIC_FLOW, ctx);
                }
            }
            case ConnectionCreation c -> proxyConnection(host, s, c.uid(), c.communityId(), c.tsNanos(), c.id().respH(),
                    c.id().respP(), Ds0029Component.NETWORK_CONNECTION_CREATION, ctx);
            default -> {}
        }
        return s;
    }

    @Override
    public HostState onTimer(String host, HostState state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.lastSeenNanos + HOUR <= timerNanos) return null;
        ctx.timer(state.lastSeenNanos + HOUR);
        return state;
    }

    private void connect(String host, HttpTransaction h, DetectorContext ctx) {
        String proxy = h.id().respH();
        String target = h.uri() != null && !h.uri().isEmpty() ? h.uri() : h.host();
        externalProxy(host, proxy, h.id().respP(), h.tsNanos(), h.uid(), ctx, String.format(Locale.ROOT,
                "%s asked %s:%d, outside the network, to tunnel to %s (HTTP CONNECT%s): an external proxy",
                host, proxy, h.id().respP(), target,
                h.statusCode() == null ? ", no answer seen" : ", answered " + h.statusCode()));
    }

    private void socks(String host, SocksRequest r, DetectorContext ctx) {
        String proxy = r.id().respH();
        String target = r.requestName() != null ? r.requestName() : r.requestHost() != null ? r.requestHost() : "?";
        if (r.requestPort() != null) target += ":" + r.requestPort();
        externalProxy(host, proxy, r.id().respP(), r.tsNanos(), r.uid(), ctx, String.format(Locale.ROOT,
                "%s asked %s:%d, outside the network, to relay to %s (SOCKS %d%s): an external proxy",
                host, proxy, r.id().respP(), target, r.version(),
                r.status() == null ? ", no answer to the request seen" : ", answered " + r.status()));
    }

    /** A private host asked a proxy to relay for it (CONNECT, SOCKS); nothing when the proxy is inside too. */
    private void externalProxy(String host, String proxy, int port, long ts, String uid, DetectorContext ctx,
            String explanation) {
        if (!AddressClasses.isPrivate(host) || AddressClasses.isPrivate(proxy)) return;
        ctx.alert(Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(ts, ts)
                .srcHost(host)
                .dstHost(proxy)
                .dstPort(port)
                .evidence(uid, null)
                .incident(host + " external proxy " + proxy)
                .explanation(explanation)
                .build());
    }

    private void tor(String host, HostState s, TlsHandshake t, DetectorContext ctx) {
        String sni = t.serverName().toLowerCase(Locale.ROOT);
        boolean certShape = torName(commonName(t.subject())) && torName(commonName(t.issuer()));
        boolean unresolved = !s.resolvedNames.isEmpty() && !s.resolvedNames.contains(sni);
        if (!certShape && !unresolved) return;
        String why = certShape
                ? "its certificate's subject " + t.subject() + " and issuer " + t.issuer() + " are made-up names too"
                : "none of the host's " + Explanations.count(s.resolvedNames.size(), "DNS answer", "DNS answers")
                        + " was for that name";
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.003")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(certShape ? 0.8 : 0.5)
                .time(t.tsNanos(), t.tsNanos())
                .srcHost(host)
                .dstHost(t.id().respH())
                .dstPort(t.id().respP())
                .evidence(t.uid(), null)
                .incident(host + " tor")
                .explanation(String.format(Locale.ROOT,
                        "%s opened TLS to %s:%d with SNI %s, shaped like Tor's random link names, and %s: a Tor link",
                        host, t.id().respH(), t.id().respP(), sni, why));
        ctx.alert(b.build());
    }

    private void relayPort(String host, HostState s, FlowRecord f, DetectorContext ctx) {
        if (f.respPkts() == 0 || "S0".equals(f.connState()) || "REJ".equals(f.connState())) return;
        if (s.relays.size() < MAX_RELAYS) s.relays.add(f.id().respH());
        long duration = f.durationNanos() == null ? 0 : f.durationNanos();
        boolean longLink = duration >= config.relayMinDurationNanos();
        if (!longLink && s.relays.size() < config.relayMinAddresses()) return;
        String why = longLink
                ? "a connection that stayed up " + Explanations.duration(duration)
                : Explanations.count(s.relays.size(), "relay address", "relay addresses") + " on those ports ("
                        + Explanations.list(s.relays, 5) + ")";
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.003")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.LOW)
                .confidence(longLink && s.relays.size() >= config.relayMinAddresses() ? 0.7 : 0.5)
                .time(f.tsNanos(), f.tsNanos() + duration)
                .srcHost(host)
                .dstHost(f.id().respH())
                .dstPort(f.id().respP())
                .evidence(f.uid(), f.communityId())
                .incident(host + " tor ports")
                .explanation(String.format(Locale.ROOT,
                        "%s reached %s:%d, a Tor relay port (9001 ORPort, 9030 DirPort), with %s: a Tor client",
                        host, f.id().respH(), f.id().respP(), why));
        ctx.alert(b.build());
    }

    private static boolean proxyPort(String orig, String resp, int port) {
        return PROXY_PORT_NUMBERS.contains(port) && AddressClasses.isPrivate(orig) && !AddressClasses.isPrivate(resp);
    }

    private void proxyConnection(String host, HostState s, String uid, String communityId, long ts, String proxy, int port,
            Ds0029Component component, DetectorContext ctx) {
        if (uid != null) {
            if (s.proxyUids.contains(uid)) return; // its creation was already reported
            s.proxyUids.add(uid);
            if (s.proxyUids.size() > MAX_UIDS) {
                Iterator<String> it = s.proxyUids.iterator();
                it.next();
                it.remove();
            }
        }
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.002")
                .component(component)
                .severity(Severity.LOW)
                .confidence(0.4)
                .time(ts, ts)
                .srcHost(host)
                .dstHost(proxy)
                .dstPort(port)
                .evidence(uid, communityId)
                .incident(host + " external proxy " + proxy)
                .explanation(String.format(Locale.ROOT,
                        "%s connected to %s:%d, the %s port, on a host outside the network: an external proxy",
                        host, proxy, port, PROXY_PORTS.get(port)));
        ctx.alert(b.build());
    }

    static boolean torName(String name) {
        return name != null && TOR_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** The CN of a subject or issuer as ssl.log writes it ("CN=www.x.net,O=..."), or the whole value. */
    static String commonName(String dn) {
        if (dn == null) return null;
        for (String part : dn.split(",")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "CN=", 0, 3)) return p.substring(3);
        }
        return dn;
    }
}
