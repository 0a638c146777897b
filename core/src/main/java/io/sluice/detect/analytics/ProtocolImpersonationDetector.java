package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import io.sluice.protocol.http.HttpTransaction;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds traffic dressed as a protocol or content it is not: HTTP "images" whose bytes are not an
 * image, and TLS-looking streams that break TLS's record rules (application data before any
 * handshake, record types TLS does not have), the disguises C2 channels put on to look like web
 * browsing or HTTPS.
 *
 * <p>ATT&CK: T1001.003 Data Obfuscation: Protocol Impersonation, with its parent T1001. DS0029:
 * Network Traffic Content (http.log's sniffed body types, weird.log's TLS record violations): the
 * guidance's "anomalous syntax, or structure" of traffic that "does not follow the expected
 * protocol standards".
 *
 * <p>Evidence: an {@link HttpTransaction} whose URI names an image ({@code .jpg .jpeg .png .gif}),
 * status 2xx, and whose response body sniffs as a non-image type (the declared extension lies), or,
 * with at least {@code min_body} (512) bytes, sniffs as nothing at all while JPEG, PNG and GIF all
 * have magic numbers the sniffer knows; the same for a POST/PUT request body sent as an image.
 * A {@link Weird} {@code ssl_early_application_data} or {@code SSL_unknown_record_type} on a
 * connection that started as TLS. MEDIUM; an HTML answer to an image URI is LOW (soft-404 pages).
 *
 * <p>Known false positives: servers answering missing images with a text page and status 200;
 * image proxies that return WebP/AVIF under a .jpg name (the sniffer does not know those types:
 * they look like "nothing"); TLS implementations with non-standard record types (rare).
 */
public final class ProtocolImpersonationDetector implements Detector<String, ProtocolImpersonationDetector.State> {

    public static final String ID = "protocol.impersonation";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class, Weird.class);

    public record Config(long minBody) {
        public static final Config DEFAULTS = new Config(512);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).longValue("min_body", Config.DEFAULTS.minBody()));
    }

    /** Stateless: each transaction or weird is judged on its own; repeats merge by incident. */
    public record State() {}

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif");
    private static final Set<String> TLS_WEIRDS = Set.of("ssl_early_application_data", "SSL_unknown_record_type");

    private final Config config;

    public ProtocolImpersonationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1001.003"), Technique.of("T1001"));
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
        return switch (event) {
            case HttpTransaction h -> {
                String ext = LolbinDownloadDetector.extension(h.uri());
                yield ext != null && IMAGE_EXTENSIONS.contains(ext) ? h.id().origH() : null;
            }
            case Weird w -> w.uid() != null && w.id() != null && TLS_WEIRDS.contains(w.name()) ? w.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        switch (event) {
            case HttpTransaction h -> http(client, h, ctx);
            case Weird w -> tls(client, w, ctx);
            default -> {}
        }
        return null;
    }

    /** "text/plain", or null when the body claims to be what it is. */
    private String lie(List<String> sniffed, long length) {
        for (String m : sniffed) if (m.startsWith("image/")) return null;
        if (!sniffed.isEmpty()) return sniffed.get(0);
        return length >= config.minBody() ? "no known type" : null;
    }

    private void http(String client, HttpTransaction h, DetectorContext ctx) {
        if (h.statusCode() == null || h.statusCode() < 200 || h.statusCode() > 299) return;
        String ext = LolbinDownloadDetector.extension(h.uri());
        String response = lie(h.respMimeTypes(), h.responseBodyLen());
        boolean upload = ("POST".equals(h.method()) || "PUT".equals(h.method())) && h.requestBodyLen() > 0;
        String request = upload ? lie(h.origMimeTypes(), h.requestBodyLen()) : null;
        if (response == null && request == null) return;
        boolean html = request == null && "text/html".equals(response);
        String what = request != null
                ? String.format(Locale.ROOT, "sent %s of %s as .%s", Explanations.bytes(h.requestBodyLen()), request, ext)
                : String.format(Locale.ROOT, "received %s of %s for a .%s", Explanations.bytes(h.responseBodyLen()),
                        response, ext);
        String host = h.host() == null || h.host().isEmpty() ? h.id().respH() : h.host();
        String uri = h.uri().length() > 100 ? h.uri().substring(0, 100) + "..." : h.uri();
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1001.003")
                .technique("T1001")
                .severity(html ? Severity.LOW : Severity.MEDIUM)
                .confidence(html ? 0.2 : 0.5)
                .time(h.tsNanos(), h.tsNanos())
                .srcHost(client)
                .dstHost(h.id().respH())
                .dstPort(h.id().respP())
                .evidence(h.uid(), null)
                .incident(client + "|" + host + "|http")
                .explanation(String.format(Locale.ROOT, "%s %s http://%s%s: an image in name only (%s, status %d)",
                        client, h.method(), host, uri, what, h.statusCode()))
                .build());
    }

    private void tls(String client, Weird w, DetectorContext ctx) {
        String rule = w.name().equals("ssl_early_application_data")
                ? "application data before any handshake" : "a record of type " + w.addl() + ", which TLS does not have";
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1001.003")
                .technique("T1001")
                .severity(Severity.MEDIUM)
                .confidence(0.45)
                .time(w.tsNanos(), w.tsNanos())
                .srcHost(client)
                .dstHost(w.id().respH())
                .dstPort(w.id().respP())
                .evidence(w.uid(), null)
                .incident(client + "|" + w.id().respH() + "|tls")
                .explanation(String.format(Locale.ROOT,
                        "%s and %s:%d spoke something framed as TLS that breaks its record rules: %s (%s)",
                        client, w.id().respH(), w.id().respP(), rule, w.name()))
                .build());
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
