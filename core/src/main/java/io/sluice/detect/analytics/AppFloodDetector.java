package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds HTTP floods: a web server receiving requests at a rate far above its own recent level,
 * from one client or many, to exhaust the service (every request) or one costly part of the
 * application (most requests to one dynamic URI).
 *
 * <p>ATT&CK: T1499.002 Endpoint Denial of Service: Service Exhaustion Flood (an HTTP flood);
 * T1499.003 Application Exhaustion Flood when at least {@code min_uri_share} = 80% of the flood
 * asks for one URI that is not a static file; declared with their parent T1499. DS0029: Network Traffic Content (http.log rows).
 *
 * <p>Evidence: per server address and port, the requests of each {@code window} = 10 s, the
 * clients that sent them, the requests left without a response or answered 5xx (the service
 * giving way), and the server's baseline: an exponentially weighted mean of its earlier windows
 * (weight {@code alpha} = 0.1, about the last 10 windows), empty windows counting as zero.
 *
 * <p>Thresholds: {@code min_requests} = 500 in a window (50 a second) and at least {@code factor}
 * = 10 times the baseline. A server first seen during the flood has no baseline, so the absolute
 * threshold alone decides. Both numbers are judgement: a flood tool (LOIC, HULK, slowhttptest's
 * flood modes) sends hundreds to thousands of requests a second, while 50 a second is far above
 * what a capture of one office sees at one server. Severity MEDIUM when the flood comes from 10
 * or more clients or a fifth of its requests failed (5xx or no response), LOW otherwise.
 *
 * <p>Known false positives: load tests and benchmarks (one client, a steady rate: LOW); crawlers
 * and API clients that poll hard; a server behind a reverse proxy seen from the proxy's side (one
 * client that is every user); flash crowds on a new release (many clients, but mostly answered).
 */
public final class AppFloodDetector implements Detector<String, AppFloodDetector.State> {

    public static final String ID = "dos.app_flood";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);

    /**
     * @param minRequests requests in one window that make a flood
     * @param factor how far above the baseline the window must be
     * @param windowNanos the window requests are counted in
     * @param alpha weight of the newest window in the baseline
     * @param minUriShare share of the flood's requests to one URI that makes it an application flood
     * @param maxClients clients counted per window; beyond, only the requests are
     */
    public record Config(int minRequests, double factor, long windowNanos, double alpha, double minUriShare, int maxClients) {
        public static final Config DEFAULTS = new Config(500, 10.0, 10_000_000_000L, 0.1, 0.8, 10_000);

        public Config {
            if (minRequests < 2) throw new IllegalArgumentException(ID + ".min_requests must be at least 2");
            if (!(factor >= 1)) throw new IllegalArgumentException(ID + ".factor must be at least 1");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException(ID + ".alpha must be in (0, 1]");
            if (!(minUriShare > 0 && minUriShare <= 1)) throw new IllegalArgumentException(ID + ".min_uri_share must be in (0, 1]");
            if (maxClients < 1) throw new IllegalArgumentException(ID + ".max_clients must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_requests", d.minRequests()), s.doubleValue("factor", d.factor()),
                s.durationNanos("window", d.windowNanos()), s.doubleValue("alpha", d.alpha()),
                s.doubleValue("min_uri_share", d.minUriShare()), s.intValue("max_clients", d.maxClients()));
    }

    /** Per server "address port": the current window, the baseline of the earlier ones, the flood. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long requests;
        double baseline;
        long windowsSeen;
        final Map<String, Long> clients = new HashMap<>();
        final Map<String, Long> uris = new HashMap<>();
        long failed;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean flooding;
        double baselineAtStart;
        long reportedRequests;
        final EvidenceLog evidence = new EvidenceLog();
        String host;

        void nextWindow(long ts, long windowNanos, double alpha) {
            long gap = Math.max(1, (ts - windowStart) / windowNanos);
            if (!flooding) {
                baseline = baseline * (1 - alpha) + alpha * requests;
                for (long i = 1; i < gap && i < 1_000; i++) baseline *= 1 - alpha; // empty windows
                windowsSeen += gap;
            }
            windowStart += gap * windowNanos;
            requests = 0;
            clients.clear();
            uris.clear();
            failed = 0;
            if (!flooding) {
                evidence.clear();
                first = Long.MAX_VALUE;
                last = Long.MIN_VALUE;
            }
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.002"), Technique.of("T1499.003"), Technique.of("T1499"));

    private final Config config;

    public AppFloodDetector(Config config) {
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
        return event instanceof HttpTransaction h ? h.id().respH() + " " + h.id().respP() : null;
    }

    @Override
    public State onEvent(String server, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        long ts = h.tsNanos();
        if (state == null) {
            state = new State();
            state.windowStart = ts;
        }
        if (ts >= state.windowStart + config.windowNanos()) {
            if (state.flooding && state.requests < config.minRequests()) {
                state.flooding = false; // over: later floods are new incidents once the gap has passed
                state.baseline = state.baselineAtStart;
            }
            state.nextWindow(ts, config.windowNanos(), config.alpha());
        }
        // late events of an earlier window count in the current one: the rate is approximate anyway
        state.requests++;
        if (state.clients.size() < config.maxClients() || state.clients.containsKey(h.id().origH())) {
            state.clients.merge(h.id().origH(), 1L, Long::sum);
        }
        if (state.uris.size() < 1_000 || state.uris.containsKey(h.uri())) state.uris.merge(String.valueOf(h.uri()), 1L, Long::sum);
        if (h.statusCode() == null || h.statusCode() >= 500) state.failed++;
        if (h.host() != null) state.host = h.host();
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.evidence.add(h.uid(), null);
        if (!state.flooding && state.requests >= config.minRequests()
                && state.requests >= config.factor() * state.baseline) {
            state.flooding = true;
            state.baselineAtStart = state.baseline;
            report(server, state, ctx);
            ctx.timer(state.windowStart + config.windowNanos());
        } else if (state.flooding && state.requests == config.minRequests()) {
            ctx.timer(state.windowStart + config.windowNanos());
        }
        return state;
    }

    @Override
    public State onTimer(String server, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.flooding && state.requests != state.reportedRequests) report(server, state, ctx);
        return state;
    }

    private void report(String server, State s, DetectorContext ctx) {
        int space = server.lastIndexOf(' ');
        String host = server.substring(0, space);
        int port = Integer.parseInt(server.substring(space + 1));
        String topUri = null;
        long topCount = 0;
        for (var e : s.uris.entrySet()) {
            if (e.getValue() > topCount || (e.getValue() == topCount && e.getKey().compareTo(topUri) < 0)) {
                topUri = e.getKey();
                topCount = e.getValue();
            }
        }
        boolean oneUri = topUri != null && topCount >= config.minUriShare() * s.requests && !isStatic(topUri);
        long clients = s.clients.size();
        var why = new StringBuilder();
        why.append(host).append(" port ").append(port);
        if (s.host != null) why.append(" (").append(s.host).append(")");
        why.append(" received ").append(Explanations.count(s.requests, "HTTP request", "HTTP requests")).append(" in ")
                .append(Explanations.duration(config.windowNanos())).append(" from ")
                .append(Explanations.count(clients, "client", "clients"))
                .append(String.format(Locale.ROOT, "; its baseline is %.1f a window", s.baselineAtStart))
                .append("; ").append(Explanations.percent(s.failed, s.requests)).append(" failed (5xx or no response)");
        if (oneUri) why.append("; ").append(Explanations.percent(topCount, s.requests)).append(" asked for ").append(topUri);
        boolean medium = clients >= 10 || s.failed * 5 >= s.requests;
        var alert = Alert.builder(ID)
                .technique(oneUri ? "T1499.003" : "T1499.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(medium ? Severity.MEDIUM : Severity.LOW)
                .confidence(medium ? 0.7 : 0.5)
                .time(s.first, s.last)
                .dstHost(host)
                .dstPort(port)
                .explanation(why.toString())
                .incident(server + " http flood");
        if (clients == 1) alert.srcHost(s.clients.keySet().iterator().next());
        if (s.host != null) alert.domain(s.host);
        s.evidence.drainInto(alert);
        s.reportedRequests = s.requests;
        ctx.alert(alert.build());
    }

    private static boolean isStatic(String uri) {
        String path = uri.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) return false; // a query string asks the application for work
        return path.equals("/") || path.endsWith(".css") || path.endsWith(".js") || path.endsWith(".png")
                || path.endsWith(".jpg") || path.endsWith(".gif") || path.endsWith(".ico") || path.endsWith(".html")
                || path.endsWith(".htm") || path.endsWith(".svg") || path.endsWith(".woff2");
    }
}
