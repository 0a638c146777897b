package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.detect.dns.RegisteredDomain;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a drive-by chain: a browser that, within a minute, is handed from site to site (by
 * Referer or redirect) across unrelated domains and ends up receiving an executable, Java
 * archive, Flash, Silverlight or HTA payload, the shape of an exploit kit's landing page, gate
 * and payload server.
 *
 * <p>ATT&CK: T1189 Drive-by Compromise. DS0029: Network Traffic Content (http.log: host, URI,
 * Referer, status, User-Agent, sniffed body type).
 *
 * <p>Evidence, per client: its HTTP transactions of the last {@code window} (60 s; up to 64). A
 * payload is a 2xx response whose body sniffs as a Windows or ELF executable, or whose URI ends in
 * {@code .exe .scr .jar .swf .xap .hta .vbs}; the client is a browser (User-Agent "Mozilla/").
 * From the payload the chain is followed backwards: its Referer names a page of another registered
 * domain that the client fetched in the window; that page's own Referer, or a redirect (3xx)
 * answered by a third domain just before it, is the next hop. At least {@code min_hops} (2) hops
 * across different registered domains alert HIGH; the chain is listed in the explanation. Exploit
 * kits route through a compromised site and a gate (traffic distribution system) before the
 * payload server (Angler, RIG, Magnitude, as the public analyses of those kits describe them).
 *
 * <p>Known false positives: download portals that send the browser through an ad or mirror
 * redirect to a CDN (raise {@code min_hops} or list them in {@code trusted_domains}). HTTPS
 * hides all of this; only cleartext chains are seen.
 */
public final class DriveByDetector implements Detector<String, DriveByDetector.State> {

    public static final String ID = "http.drive_by";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);
    private static final int MAX_KEPT = 64;
    private static final int MAX_HOPS = 6;

    public record Config(long windowNanos, int minHops, List<String> trustedDomains) {
        public static final Config DEFAULTS = new Config(60_000_000_000L, 2, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (minHops < 1) throw new IllegalArgumentException(ID + ".min_hops must be positive");
            trustedDomains = List.copyOf(trustedDomains);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_hops", d.minHops()),
                s.listValue("trusted_domains", d.trustedDomains()));
    }

    /** One page the client fetched: time, host, URI, Referer, status, uid. */
    public record Fetch(long tsNanos, String host, String uri, String referrer, int status, String uid) {}

    public record State(List<Fetch> fetches) {}

    private static final Set<String> PAYLOAD_EXTENSIONS = Set.of("exe", "scr", "jar", "swf", "xap", "hta", "vbs");

    private final Config config;

    public DriveByDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1189"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpTransaction h) || h.userAgent() == null || !h.userAgent().startsWith("Mozilla/")) {
            return null;
        }
        return h.id().origH();
    }

    private static String host(HttpTransaction h) {
        String host = h.host() == null || h.host().isEmpty() ? h.id().respH() : DnsLookups.hostWithoutPort(h.host());
        return host.toLowerCase(Locale.ROOT);
    }

    private static String domain(String host) {
        return DnsLookups.isAddressLiteral(host) ? host : RegisteredDomain.of(host).registered();
    }

    /** The host of a Referer URL, lower case; null when it has none. */
    static String refererHost(String referrer) {
        if (referrer == null) return null;
        String r = referrer.strip().toLowerCase(Locale.ROOT);
        int scheme = r.indexOf("://");
        if (scheme < 0) return null;
        int start = scheme + 3, end = start;
        while (end < r.length() && "/?#:".indexOf(r.charAt(end)) < 0) end++;
        return end > start ? r.substring(start, end) : null;
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        var fetches = state == null ? new ArrayList<Fetch>() : state.fetches();
        fetches.removeIf(f -> h.tsNanos() - f.tsNanos() > config.windowNanos());
        int status = h.statusCode() == null ? 0 : h.statusCode().intValue();
        String host = host(h);
        var fetch = new Fetch(h.tsNanos(), host, h.uri(), h.referrer(), status, h.uid());
        if (status >= 200 && status <= 299 && payload(h)) chain(client, fetch, h, fetches, ctx);
        if (fetches.size() >= MAX_KEPT) fetches.remove(0);
        fetches.add(fetch);
        return new State(fetches);
    }

    private static boolean payload(HttpTransaction h) {
        for (String m : h.respMimeTypes()) {
            if (m.equals("application/x-dosexec") || m.equals("application/x-executable")) return true;
        }
        String ext = LolbinDownloadDetector.extension(h.uri());
        return ext != null && PAYLOAD_EXTENSIONS.contains(ext);
    }

    private void chain(String client, Fetch payload, HttpTransaction h, List<Fetch> fetches, DetectorContext ctx) {
        var hops = new ArrayList<Fetch>();
        hops.add(payload);
        Fetch at = payload;
        for (int n = 0; n < MAX_HOPS; n++) {
            Fetch prev = previous(at, fetches, hops);
            if (prev == null) break;
            hops.add(prev);
            at = prev;
        }
        var domains = new ArrayList<String>();
        for (var f : hops) {
            String d = domain(f.host());
            if (config.trustedDomains().contains(d)) return;
            if (!domains.contains(d)) domains.add(d);
        }
        int crossings = domains.size() - 1;
        if (crossings < config.minHops()) return;
        var path = new ArrayList<String>();
        for (int i = hops.size() - 1; i >= 0; i--) {
            var f = hops.get(i);
            path.add(f.host() + shortUri(f.uri()) + (f.status() >= 300 && f.status() < 400 ? " (" + f.status() + ")" : ""));
        }
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1189")
                .severity(Severity.HIGH)
                .confidence(0.7)
                .time(hops.get(hops.size() - 1).tsNanos(), payload.tsNanos())
                .srcHost(client)
                .dstHost(h.id().respH())
                .dstPort(h.id().respP())
                .domain(payload.host())
                .incident(client + "|" + payload.host());
        for (int i = hops.size() - 1; i >= 0; i--) b.evidence(hops.get(i).uid(), null);
        String kind = h.respMimeTypes().isEmpty() ? "." + LolbinDownloadDetector.extension(h.uri())
                : h.respMimeTypes().get(0);
        b.explanation(String.format(Locale.ROOT,
                "%s was led across %s in %s to a payload (%s): %s",
                client, Explanations.count(domains.size(), "domain", "domains"),
                Explanations.duration(payload.tsNanos() - hops.get(hops.size() - 1).tsNanos()), kind,
                String.join(" → ", path)));
        ctx.alert(b.build());
    }

    /** The fetch that led to {@code f}: the page its Referer names, or a redirect just before it; null if none. */
    private static Fetch previous(Fetch f, List<Fetch> fetches, List<Fetch> used) {
        String ref = refererHost(f.referrer());
        for (int i = fetches.size() - 1; i >= 0; i--) {
            Fetch g = fetches.get(i);
            if (used.contains(g) || g.tsNanos() > f.tsNanos()) continue;
            if (ref != null && g.host().equals(ref) && (f.referrer().contains(pathOf(g.uri())))) return g;
        }
        // no Referer match: a redirect from another host within 5 s before
        for (int i = fetches.size() - 1; i >= 0; i--) {
            Fetch g = fetches.get(i);
            if (used.contains(g) || g.tsNanos() > f.tsNanos()) continue;
            if (g.status() >= 300 && g.status() < 400 && !g.host().equals(f.host())
                    && f.tsNanos() - g.tsNanos() <= 5_000_000_000L) {
                return g;
            }
        }
        return null;
    }

    private static String pathOf(String uri) {
        if (uri == null || uri.isEmpty()) return "/";
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static String shortUri(String uri) {
        if (uri == null) return "";
        return uri.length() > 60 ? uri.substring(0, 60) + "..." : uri;
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
