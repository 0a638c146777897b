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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds web scanners at work against one server: a client asking for many distinct URIs that
 * mostly do not exist (a wordlist: dirb, gobuster, ffuf, wfuzz, feroxbuster), or for the paths and
 * payloads vulnerability scanners try (Nikto, Nuclei, sqlmap, Nmap's http scripts), or naming such a
 * tool in its User-Agent.
 *
 * <p>ATT&CK: T1595.003 Active Scanning: Wordlist Scanning (distinct URIs with a high not-found
 * share, or a wordlist tool's User-Agent), T1595.002 Vulnerability Scanning (probe paths and
 * payloads, or a vulnerability scanner's User-Agent), with their parent T1595. DS0029: Network
 * Traffic Content (http.log rows: "large quantities originating from a single source", and the
 * "anomalous syntax" of probe requests).
 *
 * <p>Evidence, per client and server over a tumbling {@code window} (10 min): requests, distinct
 * URIs (counted up to 5,000), responses 404/410 and other 4xx, the probe signatures matched
 * ({@code /.git/HEAD}, {@code /.env}, {@code /etc/passwd}, {@code ../}, {@code ' or 1=1},
 * {@code union select}, {@code <script}, {@code ${jndi:}, {@code /cgi-bin/}, admin consoles ...),
 * and the scanner User-Agents seen.
 *
 * <p>Thresholds: wordlist scanning at {@code min_uris} = 100 distinct URIs with at least
 * {@code min_error_share} = 50% answered 4xx (a browser loading a site asks for tens of URIs that
 * nearly all exist; dirb's common.txt alone is 4,600 words, gobuster's default rate is tens a
 * second); vulnerability scanning at {@code min_probes} = 5 distinct probe signatures (one odd URI
 * is a typo or a stray bot; five different exploit paths are a tool). A scanner's User-Agent is a
 * fact and alerts on its first request. Severity HIGH when the client is inside the network (an
 * inside host has no business scanning), MEDIUM from outside (Internet-facing servers see this
 * daily; the alert says who and how much).
 *
 * <p>Known false positives: link checkers and site crawlers (many URIs, few 4xx); authorised
 * scans by the security team (list them in {@code ignore_clients}); broken pages referencing
 * many missing assets (4xx, but few distinct URIs).
 */
public final class WebScanDetector implements Detector<String, WebScanDetector.State> {
    public static final String ID = "scan.web";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1595.003"), Technique.of("T1595.002"),
            Technique.of("T1595"));
    private static final int MAX_URIS = 5_000;

    /**
     * @param windowNanos   how long one client's requests to one server are counted together
     * @param minUris       distinct URIs that make a wordlist scan (with the error share)
     * @param minErrorShare share of requests answered 4xx that makes many URIs a wordlist scan
     * @param minProbes     distinct probe signatures that make a vulnerability scan
     * @param ignoreClients authorised scanners
     */
    public record Config(long windowNanos, int minUris, double minErrorShare, int minProbes, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(600_000_000_000L, 100, 0.5, 5, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (minUris < 2) throw new IllegalArgumentException(ID + ".min_uris must be at least 2");
            if (!(minErrorShare >= 0 && minErrorShare <= 1)) throw new IllegalArgumentException(ID + ".min_error_share must be in 0..1");
            if (minProbes < 1) throw new IllegalArgumentException(ID + ".min_probes must be at least 1");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_uris", d.minUris()),
                s.doubleValue("min_error_share", d.minErrorShare()), s.intValue("min_probes", d.minProbes()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client against one server in one window; {@code reported} is the techniques already alerted. */
    public record State(long windowStart, long first, long last, long requests, long notFound, long clientErrors,
            Set<Integer> uris, Set<String> probes, Set<String> tools, Set<String> reported, List<String> evidence,
            boolean inside, long reportedRequests) {}

    /**
     * Scanner User-Agents: the tool name, the pattern, which sub-technique its use is, and the
     * literal (lower case) every match of the pattern contains: the cheap test that spares the
     * pattern on the User-Agents of ordinary browsers.
     */
    private record Tool(String name, Pattern pattern, String technique, String literal) {}

    private static final List<Tool> TOOLS = List.of(
            tool("nikto", "T1595.002"), tool("sqlmap", "T1595.002"), tool("nuclei", "T1595.002"),
            tool("zgrab", "T1595.002"), tool("masscan", "T1595.002"), new Tool("nmap", Pattern.compile(
                    "nmap scripting engine|\\bnmap\\b", Pattern.CASE_INSENSITIVE), "T1595.002", "nmap"),
            tool("openvas", "T1595.002"), tool("nessus", "T1595.002"), tool("acunetix", "T1595.002"),
            tool("wpscan", "T1595.002"), tool("whatweb", "T1595.002"), tool("jaeles", "T1595.002"),
            tool("gobuster", "T1595.003"), tool("dirbuster", "T1595.003"), tool("wfuzz", "T1595.003"),
            new Tool("ffuf", Pattern.compile("\\bffuf\\b|Fuzz Faster U Fool", Pattern.CASE_INSENSITIVE), "T1595.003",
                    null), // two literals: no single one to test first
            tool("feroxbuster", "T1595.003"), new Tool("dirb", Pattern.compile("\\bdirb\\b", Pattern.CASE_INSENSITIVE),
                    "T1595.003", "dirb"));

    private static Tool tool(String name, String technique) {
        return new Tool(name, Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE), technique, name);
    }

    /**
     * Probe signatures: a name, what the decoded URI contains, and literals (lower case) of which
     * every match of the pattern contains at least one. The patterns are case-insensitive in ASCII
     * only, so a match's literal part is found in the URI lower-cased; most URIs hold none of the
     * literals, and a few substring searches replace 28 pattern scans.
     */
    private record Probe(String name, Pattern pattern, String... literals) {}

    private static final List<Probe> PROBES = List.of(
            probe("git metadata", "/\\.git/(head|config)", "/.git/"), probe("dotenv", "/\\.env(\\b|$)", "/.env"),
            probe("svn metadata", "/\\.svn/", "/.svn/"), probe("htaccess", "/\\.ht(access|passwd)", "/.ht"),
            probe("path traversal", "\\.\\./|\\.\\.\\\\", "../", "..\\"), probe("etc/passwd", "/etc/passwd", "/etc/passwd"),
            probe("win.ini", "win\\.ini|boot\\.ini", "win.ini", "boot.ini"),
            probe("sql injection", "'\\s*(or|and)\\s+'?\\d|union(\\s|\\+)+(all(\\s|\\+)+)?select|sleep\\(\\d", "'", "union", "sleep("),
            probe("script injection", "<script|javascript:|onerror=", "<script", "javascript:", "onerror="),
            probe("log4shell", "\\$\\{jndi:", "${jndi:"),
            probe("cgi-bin", "/cgi-bin/", "/cgi-bin/"), probe("phpmyadmin", "/phpmyadmin", "/phpmyadmin"),
            probe("wordpress login", "/wp-login\\.php|/xmlrpc\\.php", "/wp-login.php", "/xmlrpc.php"),
            probe("tomcat manager", "/manager/html", "/manager/html"), probe("server-status", "/server-status", "/server-status"),
            probe("spring actuator", "/actuator(/|$)", "/actuator"), probe("web.xml", "/web-inf/", "/web-inf/"),
            probe("web.config", "/web\\.config", "/web.config"),
            probe("phpinfo", "phpinfo", "phpinfo"),
            probe("shell upload", "/(shell|cmd|c99|r57)\\.(php|aspx?|jsp)", "/shell.", "/cmd.", "/c99.", "/r57."),
            probe("backup file", "\\.(bak|old|swp|sql|tar\\.gz|zip)(\\?|$)", ".bak", ".old", ".swp", ".sql", ".tar.gz", ".zip"),
            probe("command injection", ";\\s*(cat|id|uname|wget|curl)\\b|\\|\\s*(id|whoami)\\b", ";", "|"),
            probe("ds_store", "/\\.ds_store", "/.ds_store"), probe("solr admin", "/solr/admin", "/solr/admin"),
            probe("jenkins script", "/script(text)?(\\?|$)", "/script"),
            probe("hnap", "/hnap1", "/hnap1"), probe("boaform", "/boaform", "/boaform"),
            probe("struts ognl", "%\\{|\\$\\{@", "%{", "${@"));

    private static Probe probe(String name, String regex, String... literals) {
        return new Probe(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), literals);
    }

    private static boolean containsAny(String lower, String[] literals) {
        for (String l : literals) if (lower.contains(l)) return true;
        return false;
    }

    private final Config config;

    public WebScanDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpTransaction h) || h.id() == null || h.uri() == null
                || config.ignoreClients().contains(h.id().origH())) {
            return null;
        }
        return h.id().origH() + ">" + h.id().respH() + ":" + h.id().respP();
    }

    /** The probe signatures a URI matches (URL-decoded once, as the server would see it). */
    static List<String> probes(String uri) {
        String u = decode(uri);
        String lower = u.toLowerCase(Locale.ROOT);
        List<String> out = List.of();
        for (Probe p : PROBES) {
            if (!containsAny(lower, p.literals()) || !p.pattern().matcher(u).find()) continue;
            if (out.isEmpty()) out = new ArrayList<>(1);
            out.add(p.name());
        }
        return out;
    }

    /** The scanner a User-Agent names, or null. */
    static String tool(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) return null;
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (Tool t : TOOLS) {
            if (t.literal() != null && !lower.contains(t.literal())) continue;
            if (t.pattern().matcher(userAgent).find()) return t.name();
        }
        return null;
    }

    /** {@link #probes} without the literal test: every pattern scanned (the reference its tests compare with). */
    static List<String> probesScanningAll(String uri) {
        String u = decode(uri);
        var out = new ArrayList<String>(1);
        for (Probe p : PROBES) if (p.pattern().matcher(u).find()) out.add(p.name());
        return out;
    }

    /** {@link #tool} without the literal test. */
    static String toolScanningAll(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) return null;
        for (Tool t : TOOLS) if (t.pattern().matcher(userAgent).find()) return t.name();
        return null;
    }

    private static String techniqueOf(String tool) {
        for (Tool t : TOOLS) if (t.name().equals(tool)) return t.technique();
        return "T1595";
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        long ts = h.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) {
            state = null; // the timer reports the old window; this request starts a new one
        }
        if (state == null) {
            boolean inside = AddressClasses.isPrivate(h.id().origH());
            state = new State(ts, ts, ts, 0, 0, 0, new HashSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(),
                    new ArrayList<>(), inside, 0);
            ctx.timer(ts + config.windowNanos());
        }
        long status = h.statusCode() == null ? 0 : h.statusCode();
        boolean notFound = status == 404 || status == 410;
        boolean clientError = status >= 400 && status < 500;
        if (state.uris().size() < MAX_URIS) state.uris().add(h.uri().hashCode());
        var probes = probes(h.uri());
        if (!probes.isEmpty()) state.probes().addAll(probes);
        String tool = tool(h.userAgent());
        if (tool != null) state.tools().add(tool);
        if (state.evidence().size() < Alert.MAX_EVIDENCE && (tool != null || clientError || state.evidence().size() < 5)) {
            state.evidence().add(h.uid());
        }
        var s = new State(state.windowStart(), Math.min(state.first(), ts), Math.max(state.last(), ts),
                state.requests() + 1, state.notFound() + (notFound ? 1 : 0), state.clientErrors() + (clientError ? 1 : 0),
                state.uris(), state.probes(), state.tools(), state.reported(), state.evidence(), state.inside(),
                state.reportedRequests());
        var found = findings(s);
        if (!s.reported().containsAll(found)) return report(key, s, found, ctx);
        return s;
    }

    /** The sub-techniques the window shows so far. */
    private Set<String> findings(State s) {
        var out = new TreeSet<String>();
        if (s.uris().size() >= config.minUris() && s.clientErrors() >= config.minErrorShare() * s.requests()) out.add("T1595.003");
        if (s.probes().size() >= config.minProbes()) out.add("T1595.002");
        for (String t : s.tools()) out.add(techniqueOf(t));
        return out;
    }

    private State report(String key, State s, Set<String> found, DetectorContext ctx) {
        s.reported().addAll(found);
        int arrow = key.indexOf('>');
        String client = key.substring(0, arrow);
        String server = key.substring(arrow + 1, key.lastIndexOf(':'));
        int port = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
        var why = new StringBuilder();
        why.append(client).append(" sent ").append(Explanations.count(s.requests(), "request", "requests"))
                .append(" for ").append(Explanations.count(s.uris().size(), "distinct URI", "distinct URIs"))
                .append(s.uris().size() >= MAX_URIS ? " or more" : "").append(" to ").append(server).append(':').append(port)
                .append(" in ").append(Explanations.duration(s.last() - s.first())).append("; ")
                .append(Explanations.percent(s.clientErrors(), s.requests())).append(" answered 4xx (")
                .append(Explanations.count(s.notFound())).append(" not found)");
        if (!s.probes().isEmpty()) {
            why.append("; ").append(Explanations.count(s.probes().size(), "probe kind", "probe kinds")).append(": ")
                    .append(Explanations.list(s.probes(), 8));
        }
        if (!s.tools().isEmpty()) why.append("; User-Agent names ").append(String.join(", ", s.tools()));
        double confidence = s.tools().isEmpty() ? 0.6 : 0.85;
        var alert = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(s.inside() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(confidence)
                .time(s.first(), s.last())
                .srcHost(client)
                .dstHost(server)
                .dstPort(port)
                .explanation(why.toString())
                .incident(key + "|" + s.windowStart());
        for (String t : s.reported()) alert.technique(t);
        alert.technique("T1595");
        for (String uid : s.evidence()) alert.evidence(uid, null);
        alert.evidenceCount(s.requests() - s.reportedRequests());
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.first(), s.last(), s.requests(), s.notFound(), s.clientErrors(), s.uris(),
                s.probes(), s.tools(), s.reported(), new ArrayList<>(), s.inside(), s.requests());
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (timerNanos < state.windowStart() + config.windowNanos()) return state;
        // The window is over: an incident already reported gets its final numbers.
        if (!state.reported().isEmpty() && state.requests() > state.reportedRequests()) {
            report(key, state, state.reported(), ctx);
        }
        return null;
    }
}
