package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.http.HttpTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a client downloading a Windows executable over plain HTTP from a suspicious place: an
 * address literal instead of a name, a path that disguises the file as something else, an
 * unusual port, or no User-Agent at all: the payload delivery after a phishing link or exploit,
 * or a dropper fetching its next stage.
 *
 * <p>ATT&CK: T1105 Ingress Tool Transfer; T1204 User Execution when the client is a browser (its
 * User-Agent starts "Mozilla/" and is not WinInet's compatibility agent): a person fetched the
 * file that is then run (the catalogue has no T1204.002 entry, so the parent is named);
 * T1566.003 Spearphishing via Service when the file comes from a messaging service's store of
 * files its users send each other ({@code cdn.discordapp.com} and {@code media.discordapp.net}
 * under {@code /attachments/}, {@code files.slack.com}, {@code api.telegram.org/file/},
 * {@code cdn.fbsbx.com} of Facebook Messenger): an executable sent in a chat or social message,
 * the delivery ATT&CK's detection for that technique asks to watch ("abnormal file transfers"
 * over social media). These services use HTTPS, so Sluice sees such downloads in cleartext only
 * behind a TLS-inspecting proxy or where the guidance's "SSL/TLS inspection" hands it the
 * decrypted traffic. DS0029: Network Traffic Content.
 *
 * <p>Evidence: {@link HttpTransaction} whose response body sniffs as {@code application/x-dosexec}
 * (the MZ header; Sluice sniffs the body's first bytes as Zeek's file analysis does), status 2xx,
 * from a server outside private address space (unless {@code include_internal}). Signs, one each:
 * Host is an address literal; the path's extension is not one executables are served under
 * (a PE behind {@code .jpg}, {@code .png}, {@code .gif}, {@code .txt}, {@code .php}, ...: masquerading); the server
 * port is not 80, 443, 8080 or 8000; the request has no User-Agent; the file is a messaging
 * service's attachment.
 *
 * <p>What the downloaded file is (its PE headers: signed or not, machine, console or GUI, compile
 * date) and its SHA-256 (files.log, when hashing is on) join the explanation: the file row comes
 * just before the transaction's, and the transaction names it in {@code resp_fuids}, so the
 * analytic keeps the last {@link #HASHES_KEPT} executables' descriptions per client until their
 * transaction arrives.
 *
 * <p>Threshold: {@code min_signs} = 1, so an installer downloaded by name from a vendor's site
 * (the common case) stays quiet, and any one sign makes it MEDIUM; two or more signs, HIGH.
 * Quiet on all the HTTP in the corpus's protocol traces (61 transactions, none executable).
 *
 * <p>Known false positives: software updaters that download by IP or from CDN paths without
 * extensions (raise {@code min_signs}); internal deployment
 * servers when {@code include_internal} is on. HTTPS hides the body, so only cleartext downloads
 * are seen.
 */
public final class ExecutableDownloadDetector implements Detector<String, ExecutableDownloadDetector.State> {

    public static final String ID = "http.executable_download";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class, FileInfo.class);
    /** Executables' hashes kept per client while their transactions are awaited. */
    static final int HASHES_KEPT = 16;

    /**
     * @param minSigns        signs a download needs to be reported
     * @param includeInternal also report downloads from private addresses
     */
    public record Config(int minSigns, boolean includeInternal) {
        public static final Config DEFAULTS = new Config(1, false);

        public Config {
            if (minSigns < 0) throw new IllegalArgumentException(ID + ".min_signs must not be negative");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_signs", d.minSigns()), s.boolValue("include_internal", d.includeInternal()));
    }

    /**
     * The SHA-256 of executables the client received over HTTP, by file id, until the transaction
     * that carried each arrives (each download is otherwise judged on its own).
     */
    /** Per client: what the explanation will say of each recent executable, by file id. */
    public record State(LinkedHashMap<String, String> fileByFuid) {}

    /** Extensions a PE is honestly served under; none at all is also honest (download.php?id= is not). */
    private static final Set<String> PE_EXTENSIONS = Set.of("exe", "dll", "msi", "scr", "sys", "cpl", "ocx", "bin",
            "dat", "com", "efi", "msu", "msp");
    private static final PortSet WEB_PORTS = PortSet.of(80, 443, 8080, 8000);

    private final Config config;

    public ExecutableDownloadDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1105"), Technique.of("T1204"), Technique.of("T1566.003"));
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
        if (event instanceof FileInfo f) {
            boolean executable = "HTTP".equals(f.source()) && !f.isOrig() && "application/x-dosexec".equals(f.mimeType());
            return executable && (f.sha256() != null || f.pe() != null) ? f.id().origH() : null;
        }
        if (!(event instanceof HttpTransaction h) || !h.respMimeTypes().contains("application/x-dosexec")) return null;
        return h.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        if (event instanceof FileInfo f) {
            State s = state != null ? state : new State(new LinkedHashMap<>());
            // what the explanation will say of the file: what it is (pe.log) and its hash
            String what = (f.pe() == null ? "" : ", " + f.pe().summary()) + (f.sha256() == null ? "" : ", SHA-256 " + f.sha256());
            s.fileByFuid().put(f.fuid(), what);
            if (s.fileByFuid().size() > HASHES_KEPT) s.fileByFuid().remove(s.fileByFuid().keySet().iterator().next());
            return s;
        }
        var h = (HttpTransaction) event;
        String what = null;
        if (state != null) {
            for (String fuid : h.respFuids()) {
                String v = state.fileByFuid().remove(fuid);
                if (v != null) what = v;
            }
        }
        State after = state == null || state.fileByFuid().isEmpty() ? null : state;
        if (h.statusCode() == null || h.statusCode() < 200 || h.statusCode() > 299) return after;
        if (!config.includeInternal() && AddressClasses.isPrivate(h.id().respH())) return after;
        String host = h.host() == null || h.host().isEmpty() ? h.id().respH() : DnsLookups.hostWithoutPort(h.host());
        var signs = new ArrayList<String>();
        boolean literal = DnsLookups.isAddressLiteral(host);
        if (literal) signs.add("the host is an address, not a name");
        String ext = LolbinDownloadDetector.extension(h.uri());
        if (ext != null && !PE_EXTENSIONS.contains(ext)) signs.add("an executable served as ." + ext);
        int port = h.id().respP();
        if (!WEB_PORTS.contains(port)) signs.add("port " + port);
        boolean noAgent = h.userAgent() == null || h.userAgent().isBlank();
        if (noAgent) signs.add("no User-Agent");
        String service = messagingAttachment(host, h.uri());
        if (service != null) signs.add("a file sent through " + service + " (spearphishing via a service)");
        if (signs.size() < config.minSigns()) return after;
        boolean browser = !noAgent && h.userAgent().startsWith("Mozilla/")
                && !LolbinDownloadDetector.wininetCompat(h.userAgent());
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1105")
                .severity(signs.size() >= 2 ? Severity.HIGH : signs.isEmpty() ? Severity.LOW : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.4 + 0.2 * signs.size()))
                .time(h.tsNanos(), h.tsNanos())
                .srcHost(client)
                .dstHost(h.id().respH())
                .dstPort(port)
                .evidence(h.uid(), null)
                .incident(client + "|" + host);
        if (!literal) b.domain(host);
        if (browser) b.technique("T1204");
        if (service != null) b.technique("T1566.003");
        b.explanation(String.format(Locale.ROOT,
                "%s downloaded a Windows executable (%,d bytes%s) from http://%s%s%s: %s%s",
                client, h.responseBodyLen(), what == null ? "" : what, host,
                port == 80 ? "" : ":" + port, h.uri() == null ? "" : h.uri(),
                signs.isEmpty() ? "no other sign" : String.join("; ", signs),
                noAgent ? "" : "; User-Agent \"" + h.userAgent() + "\"" + (browser ? " (a browser)" : "")));
        ctx.alert(b.build());
        return after;
    }

    /** The messaging service whose users' attachments {@code host} and {@code uri} serve, or null. */
    static String messagingAttachment(String host, String uri) {
        String h = host.toLowerCase(Locale.ROOT);
        String path = uri == null ? "" : uri;
        return switch (h) {
            case "cdn.discordapp.com", "media.discordapp.net" -> path.startsWith("/attachments/") ? "Discord" : null;
            case "files.slack.com" -> "Slack";
            case "api.telegram.org" -> path.startsWith("/file/") ? "Telegram" : null;
            case "cdn.fbsbx.com" -> "Facebook Messenger";
            default -> null;
        };
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
