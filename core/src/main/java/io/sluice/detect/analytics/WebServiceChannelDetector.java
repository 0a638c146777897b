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
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds a host using a public web service (pastebin, GitHub, Telegram's bot API, Discord, Dropbox,
 * Google Drive, ...: {@link WebServices}) as a machine would: polling it at a steady rhythm, or
 * fetching a dead-drop page and at once connecting to an address it never looked up.
 *
 * <p>ATT&CK: T1102 Web Service, with T1102.002 Bidirectional Communication when the host also
 * sends data to the service it polls, T1102.003 One-Way Communication when it only reads from it,
 * and T1102.001 Dead Drop Resolver for the fetch-then-connect pattern. DS0029: Network Connection
 * Creation (each connection to an address the host resolved from a service's name is a contact),
 * Network Traffic Content (DNS answers, TLS/QUIC SNI and HTTP Host name the service; HTTP method
 * and body lengths tell uploads) and Network Traffic Flow (the bytes each way of each contact,
 * and the connection that follows a dead-drop fetch).
 *
 * <p>Evidence, per source host: names of service addresses from its DNS answers, names of
 * connections from their SNI or Host; each connection (by uid) to a service is one contact,
 * whichever of its events arrive. Polling: at least {@code min_contacts} contacts to one service
 * within {@code window} whose start intervals are regular (median absolute deviation at most
 * {@code max_dispersion} of the median interval). Direction: a contact is an upload when it sent
 * at least {@code upload_bytes} (a flow's originator bytes, or an HTTP POST/PUT body); at least
 * {@code min_uploads} uploads make the channel two-way; contacts whose bytes are known but carry
 * no upload make it one-way; with no bytes known (connection events only) it is T1102 alone. Dead
 * drop: after a contact with a dead-drop service ({@link WebServices.Kind#DEAD_DROP}), an answered
 * TCP connection within {@code resolve_window} to an outside address that no DNS answer of the host
 * named and that the host had not contacted; judged only when the host's DNS is visible (the
 * service's own address came from a DNS answer).
 *
 * <p>Thresholds (set by judgement, not yet measured on labelled traffic): {@code window} 1 h and
 * {@code min_contacts} 6, so polling every 10 minutes or faster is seen within the hour (slower
 * rhythms are {@code beacon.domain}'s, over a day); {@code max_dispersion} 0.25, which a uniform
 * jitter of ±40 % stays within (its MAD is about a fifth of the interval) while a person's visits
 * do not; {@code upload_bytes} 4 KiB, above a TLS handshake and request headers;
 * {@code min_uploads} 2; {@code resolve_window} 60 s. State per host is bounded (1,024 names by
 * address and by uid, 4,096 resolved and contacted addresses, 64 services, 1,000 contacts each) and
 * dropped a window after the host's last event.
 *
 * <p>Known false positives: legitimate automation against these APIs (CI jobs polling GitHub,
 * sync clients of Dropbox/Google Drive/OneDrive, chat bots); a browser tab refreshing a paste;
 * after a dead-drop fetch, a connection to an address resolved by a DNS server the sensor does not
 * see (DNS over HTTPS, a cache warmed before the capture).
 */
public final class WebServiceChannelDetector implements Detector<String, WebServiceChannelDetector.HostState> {
    public static final String ID = "c2.web_service";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, DnsTransaction.class,
            FlowRecord.class, HttpTransaction.class, QuicConnection.class, TlsHandshake.class);
    static final int MAX_NAMES = 1_024;
    static final int MAX_ADDRESSES = 4_096;
    static final int MAX_SERVICES = 64;
    static final int MAX_CONTACTS = 1_000;

    public record Config(long windowNanos, int minContacts, double maxDispersion, long uploadBytes, int minUploads,
            long resolveWindowNanos) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, 6, 0.25, 4_096, 2, 60_000_000_000L);

        public Config {
            if (minContacts < 3) throw new IllegalArgumentException(ID + ".min_contacts must be at least 3");
            if (windowNanos <= 0 || resolveWindowNanos <= 0) {
                throw new IllegalArgumentException(ID + ": window and resolve_window must be positive");
            }
            if (minUploads < 1) throw new IllegalArgumentException(ID + ".min_uploads must be at least 1");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_contacts", d.minContacts()),
                s.doubleValue("max_dispersion", d.maxDispersion()), s.longValue("upload_bytes", d.uploadBytes()),
                s.intValue("min_uploads", d.minUploads()), s.durationNanos("resolve_window", d.resolveWindowNanos()));
    }

    /** One connection to a service: bytes each way when a flow or HTTP body told them (-1: unknown). */
    static final class Contact implements Serializable {
        private static final long serialVersionUID = 1L;
        long tsNanos;
        long sent = -1;
        long received = -1;
        boolean upload;
        String communityId;
    }

    /** A service's contacts in the current window. */
    static final class ServiceSeries implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowEndNanos;
        final LinkedHashMap<String, Contact> contacts = new LinkedHashMap<>();
        String lastAddress;
        int lastPort = -1;
        /** Bits of {@link Ds0029Component#ordinal()} of the events that told of its contacts. */
        int components;
    }

    /** One source host. Plain data, bounded. */
    public static final class HostState implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, String> serviceByAddress = new LinkedHashMap<>();
        final LinkedHashMap<String, String> serviceByUid = new LinkedHashMap<>();
        final LinkedHashSet<String> resolved = new LinkedHashSet<>();
        final LinkedHashSet<String> contacted = new LinkedHashSet<>();
        final TreeMap<String, ServiceSeries> series = new TreeMap<>();
        long lastSeenNanos;
        String dropService;
        String dropUid;
        String dropCommunityId;
        long dropNanos;
        boolean dropResolved;
        int dropComponents;
    }

    private final Config config;

    public WebServiceChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1102"), Technique.of("T1102.001"), Technique.of("T1102.002"),
                Technique.of("T1102.003"));
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
            case DnsTransaction d -> d.answers() == null || d.answers().isEmpty() ? null : d.id().origH();
            case HttpTransaction h -> WebServices.service(h.host()) == null ? null : h.id().origH();
            case TlsHandshake t -> WebServices.service(t.serverName()) == null ? null : t.id().origH();
            case QuicConnection q -> WebServices.service(q.serverName()) == null ? null : q.id().origH();
            case ConnectionCreation c -> c.localOrig() && !c.localResp() ? c.id().origH() : null;
            case FlowRecord f -> OutboundFlows.outbound(f) ? f.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public HostState onEvent(String host, HostState state, Event event, DetectorContext ctx) {
        var s = state;
        if (s == null) {
            s = new HostState();
            ctx.timer(event.tsNanos() + config.windowNanos());
        }
        s.lastSeenNanos = Math.max(s.lastSeenNanos, event.tsNanos());
        switch (event) {
            case DnsTransaction d -> {
                String service = WebServices.service(d.query());
                for (String a : d.answers()) {
                    if (!DomainBeaconDetector.isAddress(a)) continue;
                    addBounded(s.resolved, a, MAX_ADDRESSES);
                    if (service != null) put(s.serviceByAddress, a, service, MAX_NAMES);
                }
            }
            case HttpTransaction h -> {
                String service = WebServices.service(h.host());
                var c = contact(host, s, service, h.uid(), null, h.tsNanos(), h.id().respH(), h.id().respP(),
                        Ds0029Component.NETWORK_TRAFFIC_CONTENT, ctx);
                if (c != null) {
                    // Bodies only: an HTTP request's headers are not the data it carries.
                    c.sent = Math.max(0, c.sent) + h.requestBodyLen();
                    c.received = Math.max(0, c.received) + h.responseBodyLen();
                    String m = h.method() == null ? "" : h.method().toUpperCase(Locale.ROOT);
                    if ((m.equals("POST") || m.equals("PUT")) && h.requestBodyLen() >= config.uploadBytes()) c.upload = true;
                }
                put(s.serviceByUid, h.uid(), service, MAX_NAMES);
            }
            case TlsHandshake t -> {
                String service = WebServices.service(t.serverName());
                contact(host, s, service, t.uid(), null, t.tsNanos(), t.id().respH(), t.id().respP(),
                        Ds0029Component.NETWORK_TRAFFIC_CONTENT, ctx);
                put(s.serviceByUid, t.uid(), service, MAX_NAMES);
            }
            case QuicConnection q -> {
                String service = WebServices.service(q.serverName());
                contact(host, s, service, q.uid(), null, q.tsNanos(), q.id().respH(), q.id().respP(),
                        Ds0029Component.NETWORK_TRAFFIC_CONTENT, ctx);
                put(s.serviceByUid, q.uid(), service, MAX_NAMES);
            }
            case ConnectionCreation c -> {
                String service = s.serviceByAddress.get(c.id().respH());
                if (service != null) {
                    contact(host, s, service, c.uid(), c.communityId(), c.tsNanos(), c.id().respH(), c.id().respP(),
                            Ds0029Component.NETWORK_CONNECTION_CREATION, ctx);
                } else if ("tcp".equals(c.proto()) && c.outcome() == ConnectionCreation.Outcome.ESTABLISHED) {
                    newDestination(host, s, c.uid(), c.communityId(), c.tsNanos(), c.id().respH(), c.id().respP(),
                            Ds0029Component.NETWORK_CONNECTION_CREATION, ctx);
                }
            }
            case FlowRecord f -> {
                String service = s.serviceByUid.remove(f.uid());
                if (service == null) service = s.serviceByAddress.get(f.id().respH());
                if (service != null) {
                    var c = contact(host, s, service, f.uid(), f.communityId(), f.tsNanos(), f.id().respH(), f.id().respP(),
                            Ds0029Component.NETWORK_TRAFFIC_FLOW, ctx);
                    if (c != null && f.origBytes() != null) {
                        // The flow's payload bytes include what HTTP bodies counted: it replaces them.
                        c.sent = f.origBytes();
                        c.received = f.respBytes() == null ? 0 : f.respBytes();
                        if (f.origBytes() >= config.uploadBytes()) c.upload = true;
                    }
                } else if ("tcp".equals(f.proto()) && answered(f)) {
                    newDestination(host, s, f.uid(), f.communityId(), f.tsNanos(), f.id().respH(), f.id().respP(),
                            Ds0029Component.NETWORK_TRAFFIC_FLOW, ctx);
                }
            }
            default -> {}
        }
        return s;
    }

    @Override
    public HostState onTimer(String host, HostState state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        for (Iterator<Map.Entry<String, ServiceSeries>> it = state.series.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().windowEndNanos <= timerNanos) {
                report(host, e.getKey(), e.getValue(), ctx);
                it.remove();
            }
        }
        if (state.series.isEmpty() && state.lastSeenNanos + config.windowNanos() <= timerNanos) return null;
        ctx.timer(Math.max(timerNanos + 1, state.lastSeenNanos + config.windowNanos()));
        return state;
    }

    private static boolean answered(FlowRecord f) {
        String st = f.connState();
        if ("S0".equals(st) || "REJ".equals(st)) return false;
        return f.respPkts() > 0;
    }

    /** Records one connection to a service (once per uid); returns it, or null when not a service. */
    private Contact contact(String host, HostState s, String service, String uid, String communityId, long ts,
            String address, int port, Ds0029Component component, DetectorContext ctx) {
        if (service == null || uid == null) return null;
        addBounded(s.contacted, address, MAX_ADDRESSES);
        if (WebServices.kind(service) == WebServices.Kind.DEAD_DROP && !uid.equals(s.dropUid)) {
            s.dropService = service;
            s.dropUid = uid;
            s.dropCommunityId = communityId;
            s.dropNanos = ts;
            s.dropResolved = s.resolved.contains(address);
            s.dropComponents = 0;
        }
        if (uid.equals(s.dropUid)) {
            s.dropComponents |= 1 << component.ordinal();
            if (communityId != null) s.dropCommunityId = communityId;
        }
        var series = s.series.get(service);
        if (series != null && ts >= series.windowEndNanos && !series.contacts.containsKey(uid)) {
            report(host, service, series, ctx);
            s.series.remove(service);
            series = null;
        }
        if (series == null) {
            if (s.series.size() >= MAX_SERVICES) return null;
            series = new ServiceSeries();
            series.windowEndNanos = ts + config.windowNanos();
            s.series.put(service, series);
            ctx.timer(series.windowEndNanos);
        }
        series.components |= 1 << component.ordinal();
        series.lastAddress = address;
        series.lastPort = port;
        var c = series.contacts.get(uid);
        if (c == null) {
            if (series.contacts.size() >= MAX_CONTACTS) return null;
            c = new Contact();
            c.tsNanos = ts;
            series.contacts.put(uid, c);
        }
        c.tsNanos = Math.min(c.tsNanos, ts);
        if (communityId != null) c.communityId = communityId;
        return c;
    }

    /** An answered TCP connection to no service: a dead drop's next hop when it follows a fetch. */
    private void newDestination(String host, HostState s, String uid, String communityId, long ts, String address,
            int port, Ds0029Component component, DetectorContext ctx) {
        boolean fresh = !s.contacted.contains(address) && !s.resolved.contains(address)
                && !AddressClasses.isPrivate(address);
        addBounded(s.contacted, address, MAX_ADDRESSES);
        if (!fresh || s.dropService == null || !s.dropResolved) return;
        long after = ts - s.dropNanos;
        if (after < 0 || after > config.resolveWindowNanos()) return;
        var b = Alert.builder(ID)
                .technique("T1102")
                .technique("T1102.001")
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(s.dropNanos, ts)
                .srcHost(host)
                .dstHost(address)
                .dstPort(port)
                .domain(s.dropService)
                .evidence(s.dropUid, s.dropCommunityId)
                .evidence(uid, communityId)
                .incident(host + " dead drop " + s.dropService + " → " + address)
                .explanation(String.format(Locale.ROOT,
                        "%s fetched %s, then %s later connected to %s:%d, an address none of its DNS answers named"
                                + " and it had not contacted: a dead-drop resolver", host, s.dropService,
                        Explanations.seconds(after / 1e9), address, port));
        for (Ds0029Component c : Ds0029Component.values()) {
            if ((s.dropComponents & (1 << c.ordinal())) != 0) b.component(c);
        }
        b.component(component);
        ctx.alert(b.build());
    }

    private void report(String host, String service, ServiceSeries series, DetectorContext ctx) {
        int n = series.contacts.size();
        if (n < config.minContacts()) return;
        long[] starts = new long[n];
        int i = 0, known = 0, uploads = 0;
        long largestUpload = 0;
        var evidence = new ArrayList<String[]>();
        for (var e : series.contacts.entrySet()) {
            Contact c = e.getValue();
            starts[i++] = c.tsNanos;
            if (c.sent >= 0) known++;
            if (c.upload) {
                uploads++;
                largestUpload = Math.max(largestUpload, c.sent);
            }
            if (evidence.size() < Alert.MAX_EVIDENCE) evidence.add(new String[] {e.getKey(), c.communityId});
        }
        Arrays.sort(starts);
        var rhythm = Rhythm.of(starts);
        if (!rhythm.regular(config.maxDispersion())) return;
        double median = rhythm.medianNanos(), mad = rhythm.madNanos();
        String kind;
        var b = Alert.builder(ID).technique("T1102");
        if (uploads >= config.minUploads()) {
            b.technique("T1102.002");
            kind = String.format(Locale.ROOT, "; %d of them sent at least %s (largest %s): a two-way channel through the service",
                    uploads, Explanations.bytes(config.uploadBytes()), Explanations.bytes(largestUpload));
        } else if (known * 2 >= n) {
            b.technique("T1102.003");
            kind = String.format(Locale.ROOT, "; %s sent %s or more: a one-way channel, commands read from the service",
                    uploads == 0 ? "none of the " + known + " measured contacts" : "only " + uploads + " of the " + known
                            + " measured contacts", Explanations.bytes(config.uploadBytes()));
        } else {
            kind = "; no byte counts, so the direction is unknown";
        }
        for (Ds0029Component c : Ds0029Component.values()) {
            if ((series.components & (1 << c.ordinal())) != 0) b.component(c);
        }
        b.severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(starts[0], starts[n - 1])
                .srcHost(host)
                .domain(service)
                .incident(host + " web service " + service)
                .explanation(String.format(Locale.ROOT, "%s contacted %s %s in %s, every %s ± %s%s", host, service,
                        Explanations.count(n, "time", "times"), Explanations.span(starts[n - 1] - starts[0]),
                        Explanations.seconds(median / 1e9), Explanations.seconds(mad / 1e9), kind));
        if (series.lastAddress != null) b.dstHost(series.lastAddress);
        if (series.lastPort >= 0) b.dstPort(series.lastPort);
        for (String[] e : evidence) b.evidence(e[0], e[1]);
        b.evidenceCount(n);
        ctx.alert(b.build());
    }

    private static void addBounded(LinkedHashSet<String> set, String value, int max) {
        if (value == null || !set.add(value)) return;
        if (set.size() > max) {
            Iterator<String> it = set.iterator();
            it.next();
            it.remove();
        }
    }

    private static void put(LinkedHashMap<String, String> map, String key, String value, int max) {
        if (key == null || value == null) return;
        map.remove(key);
        while (map.size() >= max) {
            Iterator<String> it = map.keySet().iterator();
            it.next();
            it.remove();
        }
        map.put(key, value);
    }
}
