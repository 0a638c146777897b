package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a web shell being driven: requests to a server-side script whose parameter value is an
 * operating-system command (or the base64 of one), answered by the server, repeatedly on the same
 * path by few clients.
 *
 * <p>ATT&CK: T1505.003 Server Software Component: Web Shell (and its parent T1505). DS0029:
 * Network Traffic Content (the request's URI). The Network Traffic Flow rows ("uncommon data
 * flows") are not claimed: without commands in the URI, a shell's traffic is an ordinary request.
 *
 * <p>Evidence: {@link HttpTransaction} to a path ending in a script extension ({@code .php .asp
 * .aspx .ashx .jsp .jspx .cfm .pl .cgi}); each query parameter value, URL-decoded and, when it is
 * base64 of printable text, decoded again, that <em>starts</em> with a command
 * ({@code whoami}, {@code ipconfig}, {@code net user}, {@code cmd /c}, {@code powershell -...},
 * {@code uname -a}, {@code cat /etc/...}, {@code ls -la}, {@code /bin/sh}, ...); bare words such as
 * {@code id}, {@code pwd}, {@code dir} count only in a parameter named for a command ({@code cmd},
 * {@code exec}, {@code c}, ...), and search parameters ({@code q}, {@code search}, ...) are skipped,
 * since people search for "net user". A value that
 * carries data and then {@code ;}, {@code |} or {@code &&} before the command is command
 * injection into an ordinary page (T1190), not a shell, and is not counted. Request bodies are
 * not visible (Sluice keeps no HTTP bodies), so shells driven by POST (China Chopper's
 * {@code z0=} fields) are not seen; neither is the process output in the response, only its size
 * and sniffed type.
 *
 * <p>Thresholds: one command request is MEDIUM; {@code min_commands} = 3 on one path from at most
 * {@code max_clients} = 2 clients within {@code window} = 1 h is HIGH (an operator working the
 * shell; a scanner spraying one payload at many paths stays MEDIUM per path). Measured: no
 * request in the corpus's protocol traces or the DVWA captures (SQL injection, traversal) starts
 * with a command.
 *
 * <p>Known false positives: admin tools that legitimately take commands over HTTP (router and
 * NAS web consoles, phpMyAdmin's SQL box does not match); vulnerability scanners probing for
 * shells (they also show as many paths from one client).
 */
public final class WebShellDetector implements Detector<String, WebShellDetector.State> {

    public static final String ID = "http.webshell";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);
    private static final int MAX_CLIENTS = 16;
    private static final int MAX_EVIDENCE = 20;

    /**
     * @param minCommands command requests on one path that make it HIGH
     * @param maxClients  most clients an operated shell has
     * @param windowNanos how long a path's commands are counted together
     */
    public record Config(int minCommands, int maxClients, long windowNanos) {
        public static final Config DEFAULTS = new Config(3, 2, 3_600_000_000_000L);

        public Config {
            if (minCommands < 1) throw new IllegalArgumentException(ID + ".min_commands must be at least 1");
            if (maxClients < 1) throw new IllegalArgumentException(ID + ".max_clients must be at least 1");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_commands", d.minCommands()), s.intValue("max_clients", d.maxClients()),
                s.durationNanos("window", d.windowNanos()));
    }

    /**
     * Per server script path, one window of command requests.
     *
     * @param commands the first few commands seen, as decoded
     */
    public record State(long windowStart, long first, long last, long requests, long responseBytes,
            List<String> clients, List<String> commands, List<Evidence> evidence) {}

    private static final Set<String> SCRIPT_EXTENSIONS = Set.of("php", "php5", "phtml", "asp", "aspx", "ashx", "asmx",
            "jsp", "jspx", "cfm", "pl", "cgi");
    private static final Pattern COMMAND = Pattern.compile("^\\s*(whoami|ipconfig|ifconfig|systeminfo|tasklist"
            + "|netstat\\s+-|uname\\s+-|net\\s+(user|localgroup|group|view|use)\\b"
            + "|cmd(\\.exe)?\\s+/[ck]|powershell(\\.exe)?\\s+-|/bin/(ba|z|da)?sh\\b|(ba)?sh\\s+-c\\b|cat\\s+/etc/"
            + "|ls\\s+(-[a-z]+|/)|dir\\s+([a-z]:|\\\\|/)|type\\s+[a-z]:\\\\|wget\\s+https?://|curl\\s+(-\\S+\\s+)*https?://"
            + "|nc\\s+-[a-z]*e|certutil(\\.exe)?\\s+-|reg\\s+(query|add|save)\\s)", Pattern.CASE_INSENSITIVE);
    /** Words that are commands only in a parameter named for one ({@code ?cmd=id}, not {@code ?sort=id}). */
    private static final Pattern BARE_COMMAND = Pattern.compile("^\\s*(id|pwd|dir|ls|hostname|ver|set|env|ps)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> COMMAND_PARAMETERS = Set.of("cmd", "command", "exec", "execute", "run", "shell",
            "sh", "c", "x", "e");
    /** Search boxes: people search for "powershell -version" and "net user". */
    private static final Set<String> SEARCH_PARAMETERS = Set.of("q", "s", "search", "query", "keyword", "keywords",
            "term", "k", "text");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");

    private final Config config;

    public WebShellDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1505"), Technique.of("T1505.003"));
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
        if (!(event instanceof HttpTransaction h) || h.uri() == null) return null;
        int q = h.uri().indexOf('?');
        if (q < 0) return null;
        String path = h.uri().substring(0, q);
        String ext = LolbinDownloadDetector.extension(path);
        if (ext == null || !SCRIPT_EXTENSIONS.contains(ext)) return null;
        return h.id().respH() + ":" + h.id().respP() + (h.host() == null ? "" : "|" + h.host()) + "|" + path;
    }

    /** The command a query carries, as decoded, or null. */
    static String command(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) return null;
        for (String pair : uri.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            String name = decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (SEARCH_PARAMETERS.contains(name)) continue;
            String value = decode(pair.substring(eq + 1));
            if (value.isEmpty()) continue;
            String b64 = base64Text(value);
            boolean named = COMMAND_PARAMETERS.contains(name);
            if (COMMAND.matcher(value).find() || named && BARE_COMMAND.matcher(value).find()) return value;
            if (b64 != null && (COMMAND.matcher(b64).find() || named && BARE_COMMAND.matcher(b64).find())) {
                return b64 + " (base64)";
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The printable text a base64 value decodes to, or null. */
    static String base64Text(String v) {
        String s = v.trim();
        if (!BASE64.matcher(s).matches()) return null;
        byte[] b;
        try {
            b = s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (byte x : b) {
            int c = x & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f) return null;
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Override
    public State onEvent(String path, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        String cmd = command(h.uri());
        if (cmd == null) return state;
        long ts = h.tsNanos();
        State s = state;
        if (s == null || ts >= s.windowStart() + config.windowNanos()) {
            s = new State(ts, ts, ts, 0, 0, List.of(), List.of(), List.of());
            ctx.timer(ts + config.windowNanos());
        }
        String client = h.id().origH();
        s = new State(s.windowStart(), Math.min(s.first(), ts), Math.max(s.last(), ts), s.requests() + 1,
                s.responseBytes() + h.responseBodyLen(),
                s.clients().contains(client) || s.clients().size() >= MAX_CLIENTS ? s.clients() : plus(s.clients(), client),
                s.commands().size() >= 5 || s.commands().contains(cmd) ? s.commands() : plus(s.commands(), cmd),
                s.evidence().size() >= MAX_EVIDENCE ? s.evidence() : plus(s.evidence(), new Evidence(h.uid(), null)));
        boolean operated = s.requests() >= config.minCommands() && s.clients().size() <= config.maxClients();
        int q = h.uri().indexOf('?');
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1505.003")
                .technique("T1505")
                .severity(operated ? Severity.HIGH : Severity.MEDIUM)
                .confidence(operated ? 0.85 : 0.6)
                .time(s.first(), s.last())
                .dstHost(h.id().respH())
                .dstPort(h.id().respP())
                .incident(path + "@" + s.windowStart());
        for (String c : s.clients()) b.srcHost(c);
        if (h.host() != null && !h.host().isEmpty()) b.domain(DnsLookups.hostWithoutPort(h.host()));
        for (Evidence e : s.evidence()) b.evidence(e.uid(), e.communityId());
        b.evidenceCount(s.requests());
        var quoted = new ArrayList<String>();
        for (String c : s.commands()) quoted.add("\"" + (c.length() > 80 ? c.substring(0, 80) + "..." : c) + "\"");
        b.explanation(String.format(Locale.ROOT,
                "%s%s on %s received %,d command request%s from %d client%s in %s (%s); the script answered %,d bytes",
                h.host() == null ? h.id().respH() : h.host(), h.uri().substring(0, q), h.id().respH(), s.requests(),
                s.requests() == 1 ? "" : "s", s.clients().size(), s.clients().size() == 1 ? "" : "s",
                Explanations.elapsed(s.first(), s.last()), String.join(", ", quoted), s.responseBytes()));
        ctx.alert(b.build());
        return s;
    }

    private static <T> List<T> plus(List<T> list, T value) {
        var out = new ArrayList<T>(list.size() + 1);
        out.addAll(list);
        out.add(value);
        return List.copyOf(out);
    }

    @Override
    public State onTimer(String path, State state, long timerNanos, DetectorContext ctx) {
        return state != null && timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
