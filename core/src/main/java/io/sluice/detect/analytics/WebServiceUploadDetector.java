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
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Uploads to a web service that stores what it is sent: a code repository (GitHub, GitLab,
 * Bitbucket, ...), cloud storage (S3, Google Drive, Dropbox, MEGA, OneDrive, Azure Blob, ...) or a
 * file-sharing or paste site, named from the {@code exfil-web-services.tsv} facts.
 *
 * <p>ATT&CK: T1567 Exfiltration Over Web Service, T1567.001 Exfiltration to Code Repository,
 * T1567.002 Exfiltration to Cloud Storage (by the service's kind). DS0029: Network Traffic Content
 * when the connection itself names the service (TLS SNI, HTTP Host), Network Traffic Flow when only
 * the flow record is there and the destination address is known to be the service's: an address
 * the same host resolved from the service's name (DNS answers), or inside the service's published
 * ranges (GitHub's meta API, Dropbox's AS), so NetFlow or conn.log alone are enough for those.
 *
 * <p>Evidence: per source host, the outbound {@link FlowRecord}s' originator and responder bytes
 * (OutboundFlows' filter), summed per service and naming component over a 24-hour window from the
 * first upload; judged when the watermark passes the window's end or at the end of input. A
 * connection's content events come before its flow record (the pipeline and Zeek both write
 * conn.log when the connection ends), so the uid names the flow when the bytes arrive.
 *
 * <p>Thresholds (Sluice's choice): at least 4 MiB sent to one service and at least 3 times what
 * came back. Half of {@code exfil.ratio}'s 8 MiB, because the destination is already a place data
 * is stored; a ratio lower than its 10 to 1 because these services answer uploads with small JSON
 * and TLS records, while a download or a page view returns more than it sends. MEDIUM.
 *
 * <p>Known false positives: sync clients (Dropbox, OneDrive, Drive) and developers pushing large
 * repositories or release assets; backups to S3 or Azure Blob. Allow-list those hosts with the
 * engine's configuration, or raise {@code min_bytes}.
 */
public final class WebServiceUploadDetector implements Detector<String, WebServiceUploadDetector.State> {
    public static final String ID = "exfil.web_service";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, FlowRecord.class,
            HttpTransaction.class, TlsHandshake.class);
    private static final int MAX_NAMES = 256;

    public record Config(long windowNanos, long minBytes, double ratio) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 4L << 20, 3);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("ratio", d.ratio()));
    }

    /** Per source host: which connections and addresses name a service, and the uploads so far. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** uid → "TLS SNI name" / "HTTP Host name" of connections whose flow record has not come yet. */
        final LinkedHashMap<String, String> namedConnections = new LinkedHashMap<>();
        /** address → the service name it was resolved from. */
        final LinkedHashMap<String, String> resolved = new LinkedHashMap<>();
        /** "service|component" → what was sent. */
        final TreeMap<String, Upload> uploads = new TreeMap<>();
        long windowEndNanos = Long.MIN_VALUE;
    }

    /** Bytes sent to one service, named one way. */
    static final class Upload extends PairWindow {
        private static final long serialVersionUID = 1L;
        final String service;
        final ExfilWebServices.Kind kind;
        final Ds0029Component component;
        long outBytes, inBytes;
        String dst, name, via;

        Upload(String service, ExfilWebServices.Kind kind, Ds0029Component component, long start, long window) {
            super(start, window);
            this.service = service;
            this.kind = kind;
            this.component = component;
        }
    }

    private final Config config;
    private final ExfilWebServices services = ExfilWebServices.standard();

    public WebServiceUploadDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1567"), Technique.of("T1567.001"), Technique.of("T1567.002"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case FlowRecord f -> OutboundFlows.outbound(f) && PairWindow.out(f) > 0 ? f.id().origH() : null;
            case TlsHandshake t -> services.ofName(t.serverName()) != null ? t.id().origH() : null;
            case HttpTransaction h -> services.ofName(h.host()) != null ? h.id().origH() : null;
            case DnsTransaction d -> d.answers() != null && !d.answers().isEmpty() && services.ofName(d.query()) != null
                    ? d.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        switch (event) {
            case TlsHandshake t -> {
                state = orNew(state);
                remember(state.namedConnections, t.uid(), "TLS SNI " + t.serverName());
            }
            case HttpTransaction h -> {
                state = orNew(state);
                remember(state.namedConnections, h.uid(), "HTTP Host " + h.host());
            }
            case DnsTransaction d -> {
                state = orNew(state);
                for (String a : d.answers()) {
                    if (a == null) continue;
                    if (a.indexOf('.') > 0 && Character.isDigit(a.charAt(0)) || a.indexOf(':') >= 0) {
                        remember(state.resolved, a, d.query());
                    }
                }
            }
            case FlowRecord f -> state = upload(host, state, f, ctx);
            default -> { }
        }
        return state;
    }

    private State upload(String host, State state, FlowRecord f, DetectorContext ctx) {
        String via = state == null || f.uid() == null ? null : state.namedConnections.remove(f.uid());
        Ds0029Component component;
        String name;
        ExfilWebServices.Service service;
        if (via != null) {
            name = via.substring(via.lastIndexOf(' ') + 1);
            service = services.ofName(name);
            component = Ds0029Component.NETWORK_TRAFFIC_CONTENT;
        } else {
            name = state == null ? null : state.resolved.get(f.id().respH());
            service = name == null ? null : services.ofName(name);
            if (service != null) {
                via = "DNS answer for " + name;
            } else {
                service = services.ofAddress(f.id().respH());
                if (service == null) return state;
                name = null;
                via = service.name() + "'s published address range";
            }
            component = Ds0029Component.NETWORK_TRAFFIC_FLOW;
        }
        if (service == null) return state;
        state = orNew(state);
        if (state.windowEndNanos != Long.MIN_VALUE && f.tsNanos() >= state.windowEndNanos) {
            judge(host, state, ctx); // the window ended before its timer fired
        }
        if (state.uploads.isEmpty()) {
            state.windowEndNanos = f.tsNanos() + config.windowNanos();
            ctx.timer(state.windowEndNanos);
        }
        String key = service.name() + "|" + component.name();
        Upload u = state.uploads.get(key);
        if (u == null) {
            u = new Upload(service.name(), service.kind(), component, f.tsNanos(), config.windowNanos());
            state.uploads.put(key, u);
        }
        u.note(f);
        u.outBytes += PairWindow.out(f);
        u.inBytes += PairWindow.in(f);
        u.dst = f.id().respH();
        if (name != null) u.name = name;
        u.via = via;
        return state;
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(host, state, ctx);
        return state.namedConnections.isEmpty() && state.resolved.isEmpty() ? null : state;
    }

    private void judge(String host, State s, DetectorContext ctx) {
        for (Upload u : s.uploads.values()) {
            if (u.outBytes < config.minBytes() || u.outBytes < config.ratio() * Math.max(1, u.inBytes)) continue;
            // PairWindow's alert says Flow (the bytes); a connection named by its own SNI or Host adds Content
            Alert.Builder b = u.alert(ID, new HostPair(host, u.dst), Severity.MEDIUM, 0.5)
                    .component(u.component)
                    .technique("T1567")
                    .incident(host + " → " + u.service);
            if (!u.kind.technique.equals("T1567")) b.technique(u.kind.technique);
            if (u.name != null) b.domain(u.name);
            ctx.alert(b.explanation(String.format(Locale.ROOT,
                    "%s uploaded %s to %s (%s, named by %s) and received %s (%,.0f to 1) in %s over %s",
                    host, Explanations.bytes(u.outBytes), u.service, u.kind.label, u.via, Explanations.bytes(u.inBytes),
                    u.outBytes / (double) Math.max(1, u.inBytes), Explanations.count(u.flows, "connection", "connections"),
                    u.span())).build());
        }
        s.uploads.clear();
        s.windowEndNanos = Long.MIN_VALUE;
    }

    private static State orNew(State s) {
        return s != null ? s : new State();
    }

    /** Keeps at most {@link #MAX_NAMES} entries, dropping the oldest. */
    private static void remember(LinkedHashMap<String, String> map, String key, String value) {
        if (key == null) return;
        map.remove(key);
        map.put(key, value);
        if (map.size() > MAX_NAMES) {
            Iterator<String> it = map.keySet().iterator();
            it.next();
            it.remove();
        }
    }
}
