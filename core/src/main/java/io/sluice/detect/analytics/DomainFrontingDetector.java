package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds domain fronting: a request that names one site to the network (TLS SNI, or the DNS name
 * it connected by) while asking the server, usually a CDN edge, for another (the HTTP Host).
 *
 * <p>ATT&CK: T1090.004 Domain Fronting (and its parent T1090 Proxy). DS0029: Network Traffic
 * Content.
 *
 * <p>Evidence, per source host. Inside TLS: the {@link TlsHandshake} SNI and the
 * {@link HttpTransaction} Host of the same connection (uid), which both exist only where the
 * session is decrypted (a TLS-inspecting proxy's or sensor's logs); their registered domains
 * differ. In cleartext HTTP: the Host header's registered domain differs from that of the name the
 * host's own {@link DnsTransaction} resolved to the responder's address, and the host never
 * resolved the Host name itself, so it reached the server through the front's name. Requests with
 * an absolute URI (to a forward proxy), a Host that is an address, and responders in private
 * space are left alone.
 *
 * <p>Thresholds: none; a mismatch is the finding. The registered domain is the last two labels,
 * three under a two-letter country code whose second level is a generic one (co.uk, com.au, ...):
 * a stand-in for the public suffix list, so sites spanning sibling registrations (a brand's
 * .com and its CDN's own domain) can differ. Bounded: 1,024 connection names and addresses, 4,096
 * resolved names per host, forgotten an hour after the host's last event.
 *
 * <p>Known false positives: a CDN or shared host serving several of one company's domains from
 * one address, reached by a cached name the sensor did not see resolved; clients that reuse a
 * connection (HTTP/2 coalescing) for a second domain covered by the same certificate.
 */
public final class DomainFrontingDetector implements Detector<String, DomainFrontingDetector.HostState> {
    public static final String ID = "tls.domain_fronting";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, HttpTransaction.class,
            TlsHandshake.class);
    static final int MAX_ENTRIES = 1_024;
    static final int MAX_RESOLVED = 4_096;
    private static final long HOUR = 3_600_000_000_000L;
    private static final Set<String> GENERIC_SECOND_LEVELS = Set.of("co", "com", "net", "org", "gov", "ac", "edu", "ne", "or");

    /** @param severity how bad a mismatch is taken to be */
    public record Config(Severity severity) {
        public static final Config DEFAULTS = new Config(Severity.MEDIUM);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).severityValue("severity", Config.DEFAULTS.severity()));
    }

    /** One source host: SNI by uid, Host by uid (logs may deliver http.log first), names by address. */
    public static final class HostState implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, String> sniByUid = new LinkedHashMap<>();
        final LinkedHashMap<String, String> hostByUid = new LinkedHashMap<>();
        final LinkedHashMap<String, String> nameByAddress = new LinkedHashMap<>();
        final LinkedHashSet<String> resolvedNames = new LinkedHashSet<>();
        long lastSeenNanos;
        boolean timerSet;
    }

    private final Config config;

    public DomainFrontingDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1090"), Technique.of("T1090.004"));
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
            case DnsTransaction d -> d.query() == null || d.answers() == null || d.answers().isEmpty() ? null : d.id().origH();
            case TlsHandshake t -> empty(t.serverName()) ? null : t.id().origH();
            case HttpTransaction h -> empty(h.host()) ? null : h.id().origH();
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
                String name = DomainBeaconDetector.normalise(d.query());
                if (s.resolvedNames.add(name) && s.resolvedNames.size() > MAX_RESOLVED) {
                    Iterator<String> it = s.resolvedNames.iterator();
                    it.next();
                    it.remove();
                }
                for (String a : d.answers()) {
                    if (DomainBeaconDetector.isAddress(a)) put(s.nameByAddress, a, name);
                }
            }
            case TlsHandshake t -> {
                String sni = DomainBeaconDetector.normalise(t.serverName());
                String hostHeader = s.hostByUid.remove(t.uid());
                if (hostHeader != null) mismatch(host, sni, hostHeader, "TLS SNI", t.uid(), t.tsNanos(), t.id().respH(),
                        t.id().respP(), ctx);
                else put(s.sniByUid, t.uid(), sni);
            }
            case HttpTransaction h -> http(host, s, h, ctx);
            default -> {}
        }
        return s;
    }

    private void http(String host, HostState s, HttpTransaction h, DetectorContext ctx) {
        String hostHeader = DomainBeaconDetector.normalise(h.host());
        if (DomainBeaconDetector.isAddress(hostHeader) || hostHeader.isEmpty()) return;
        String sni = s.sniByUid.get(h.uid());
        if (sni != null) {
            mismatch(host, sni, hostHeader, "TLS SNI", h.uid(), h.tsNanos(), h.id().respH(), h.id().respP(), ctx);
            return;
        }
        put(s.hostByUid, h.uid(), hostHeader);
        String uri = h.uri() == null ? "" : h.uri().toLowerCase(Locale.ROOT);
        if (uri.startsWith("http://") || uri.startsWith("https://") || AddressClasses.isPrivate(h.id().respH())) return;
        String front = s.nameByAddress.get(h.id().respH());
        if (front == null || s.resolvedNames.contains(hostHeader)) return;
        mismatch(host, front, hostHeader, "DNS name", h.uid(), h.tsNanos(), h.id().respH(), h.id().respP(), ctx);
    }

    private void mismatch(String host, String front, String hidden, String frontKind, String uid, long ts, String dst,
            int port, DetectorContext ctx) {
        String a = registeredDomain(front), b = registeredDomain(hidden);
        if (a.equals(b)) return;
        var alert = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.004")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(config.severity())
                .confidence(frontKind.equals("TLS SNI") ? 0.8 : 0.6)
                .time(ts, ts)
                .srcHost(host)
                .dstHost(dst)
                .dstPort(port)
                .domain(hidden)
                .evidence(uid, null)
                .incident(host + " fronting " + a + " → " + b)
                .explanation(String.format(Locale.ROOT,
                        "%s reached %s:%d as %s (%s) but asked for Host %s, a different site (%s vs %s): domain fronting",
                        host, dst, port, front, frontKind, hidden, a, b));
        ctx.alert(alert.build());
    }

    @Override
    public HostState onTimer(String host, HostState state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.lastSeenNanos + HOUR <= timerNanos) return null; // an idle host is forgotten
        ctx.timer(state.lastSeenNanos + HOUR);
        return state;
    }

    /** The last two labels, or three under a generic second level of a country code (example.co.uk). */
    static String registeredDomain(String name) {
        String[] labels = name.split("\\.");
        int n = labels.length;
        if (n <= 2) return name;
        boolean countrySuffix = labels[n - 1].length() == 2 && GENERIC_SECOND_LEVELS.contains(labels[n - 2]);
        int keep = countrySuffix ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static void put(LinkedHashMap<String, String> map, String key, String value) {
        if (key == null || value == null) return;
        map.remove(key);
        while (map.size() >= MAX_ENTRIES) {
            Iterator<String> it = map.keySet().iterator();
            it.next();
            it.remove();
        }
        map.put(key, value);
    }
}
