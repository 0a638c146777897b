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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a Windows system binary fetching executable or script content over HTTP: certutil, BITS,
 * PowerShell, msiexec, and the WinInet hosts mshta and regsvr32, named by the User-Agent their
 * HTTP stack sends, the network side of "living off the land" downloads.
 *
 * <p>ATT&CK: T1105 Ingress Tool Transfer always; T1197 BITS Jobs ({@code Microsoft BITS/}); T1218
 * System Binary Proxy Execution with T1218.007 Msiexec ({@code Windows Installer}), T1218.005 Mshta
 * (an {@code .hta} or {@code application/hta} fetched by a WinInet compatibility-mode agent),
 * T1218.010 Regsvr32 (an {@code .sct} scriptlet fetched the same way); certutil
 * ({@code Microsoft-CryptoAPI/}) and PowerShell ({@code WindowsPowerShell/}) are named in the
 * explanation with T1105 only (the catalogue has no proxy-execution sub-technique for them);
 * T1221 Template Injection when Office's own agent ({@code Microsoft Office ...}, {@code MSOffice})
 * fetches a template or macro document ({@code .dot .dotm .dotx .docm .xlt .xltm .xlam .potm .ppam
 * .rtf}), the request a document with an injected remote template makes when opened.
 * DS0029: Network Traffic Content (the HTTP request and the response's sniffed type), and Network
 * Connection Creation: the User-Agent names the image that opened the connection, the network's
 * view of "a connection made by mshta.exe / msiexec.exe" the guidance asks for.
 *
 * <p>Evidence: {@link HttpTransaction} user agent; the content is executable when the response
 * body sniffs as {@code application/x-dosexec} (MZ), {@code application/x-executable} (ELF) or
 * {@code application/hta}, or the URI path ends in an executable or script extension
 * ({@code .exe .dll .scr .cpl .msi .hta .sct .ps1 .psm1 .vbs .vbe .js .jse .wsf .bat .cmd .jar});
 * for certutil, also any path with an extension that is not certificate business ({@code .crl
 * .crt .cer .p7c .cab .stl ...}): {@code certutil -urlcache -f} fetching a base64 {@code .txt}
 * to decode later.
 * The WinInet agent is "MSIE 7.0" together with "Trident/" or Windows NT 6.2 and later: the
 * compatibility-mode string WinInet sends for a host process that is not the browser (IE 7 never
 * ran on those systems), which is what mshta, regsvr32 and rundll32 send.
 *
 * <p>Thresholds: none, a single transaction is the finding; hosts whose registered domain is in
 * {@code trusted_domains} (default Microsoft's update domains, where BITS and msiexec fetch
 * legitimately) are skipped. Severity HIGH for certutil, mshta, regsvr32 and any tool fetching
 * from an address literal, MEDIUM otherwise.
 *
 * <p>Known false positives: software deployment through BITS or msiexec from an internal or
 * vendor server not on the trusted list; administrators' PowerShell downloads; a custom
 * application using WinInet's default agent (CryptoWall's C2 client sends the same compatibility
 * string, but fetches .php that answers text, so it stays quiet here); templates on an external
 * document service (templates on private addresses are skipped). HTTPS hides all of this.
 */
public final class LolbinDownloadDetector implements Detector<String, LolbinDownloadDetector.State> {

    public static final String ID = "http.lolbin_download";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);

    /** @param trustedDomains registered domains whose downloads are not reported */
    public record Config(List<String> trustedDomains) {
        public static final Config DEFAULTS = new Config(List.of("windowsupdate.com", "microsoft.com", "windows.com",
                "msftconnecttest.com", "office.com", "office.net"));

        public Config {
            trustedDomains = List.copyOf(trustedDomains);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        return new Config(s.listValue("trusted_domains", Config.DEFAULTS.trustedDomains()));
    }

    /** No state: each transaction is judged on its own. */
    public record State() {}

    static final Set<String> EXECUTABLE_EXTENSIONS = Set.of("exe", "dll", "scr", "cpl", "msi", "hta", "sct", "ps1",
            "psm1", "vbs", "vbe", "js", "jse", "wsf", "bat", "cmd", "jar");
    /** Office templates and macro documents a document can name as its remote template (T1221). */
    static final Set<String> TEMPLATE_EXTENSIONS = Set.of("dot", "dotm", "dotx", "docm", "xlt", "xltm", "xlam",
            "potm", "ppam", "rtf");
    static final Set<String> CERTIFICATE_EXTENSIONS = Set.of("crl", "crt", "cer", "der", "pem", "p7c", "p7b", "p7m",
            "cab", "stl", "sst", "ocsp");
    static final Set<String> EXECUTABLE_TYPES = Set.of("application/x-dosexec", "application/x-executable",
            "application/hta");

    private final Config config;

    public LolbinDownloadDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1105"), Technique.of("T1197"), Technique.of("T1218"), Technique.of("T1218.005"),
                Technique.of("T1218.007"), Technique.of("T1218.010"), Technique.of("T1221"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    /** A system binary recognised from its agent and what it fetched. */
    private record Tool(String name, String technique, boolean high) {}

    private Tool tool(HttpTransaction h) {
        String ua = h.userAgent();
        if (ua == null) return null;
        String ext = extension(h.uri());
        if (ua.startsWith("Microsoft-CryptoAPI/")) return new Tool("certutil (Microsoft-CryptoAPI)", null, true);
        if (ua.contains("Microsoft BITS/")) return new Tool("BITS (Microsoft BITS)", "T1197", false);
        if (ua.contains("WindowsPowerShell/")) return new Tool("PowerShell (WindowsPowerShell)", null, false);
        if (ua.startsWith("Windows Installer")) return new Tool("msiexec (Windows Installer)", "T1218.007", false);
        if (ua.contains("Microsoft Office") || ua.contains("MSOffice")) {
            // corporate templates on an internal server are the ordinary case
            return ext != null && !AddressClasses.isPrivate(h.id().respH()) && TEMPLATE_EXTENSIONS.contains(ext)
                    ? new Tool("Microsoft Office (remote template ." + ext + ")", "T1221", true) : null;
        }
        if (wininetCompat(ua)) {
            if ("hta".equals(ext) || h.respMimeTypes().contains("application/hta")) {
                return new Tool("mshta (WinInet compatibility agent, .hta)", "T1218.005", true);
            }
            if ("sct".equals(ext)) return new Tool("regsvr32 (WinInet compatibility agent, .sct)", "T1218.010", true);
            return new Tool("a WinInet host process (mshta, regsvr32, rundll32 ...)", "T1218", false);
        }
        return null;
    }

    /** WinInet's agent for a process that is not Internet Explorer: MSIE 7.0 on a system IE 7 never ran on. */
    static boolean wininetCompat(String ua) {
        if (!ua.contains("compatible; MSIE 7.0;")) return false;
        return ua.contains("Trident/") || ua.contains("Windows NT 6.2") || ua.contains("Windows NT 6.3")
                || ua.contains("Windows NT 10.");
    }

    /** What makes the content executable, or null. */
    static String executable(HttpTransaction h) {
        for (String t : h.respMimeTypes()) {
            if (EXECUTABLE_TYPES.contains(t)) return "the response is " + t;
        }
        String ext = extension(h.uri());
        return ext != null && EXECUTABLE_EXTENSIONS.contains(ext) ? "the path ends in ." + ext : null;
    }

    /**
     * Why a CryptoAPI fetch is not certificate business, or null: Windows fetches certificates,
     * CRLs, OCSP answers (base64 paths, no extension) and the root list's .cab/.stl through it;
     * {@code certutil -urlcache -f http://host/payload.txt} fetches anything else.
     */
    static String notCertificate(HttpTransaction h) {
        String ext = extension(h.uri());
        return ext == null || CERTIFICATE_EXTENSIONS.contains(ext) ? null
                : "the path ends in ." + ext + ", not a certificate, CRL or OCSP answer";
    }

    /** The lower-case extension of a URI's path (query and fragment dropped), or null. */
    static String extension(String uri) {
        if (uri == null) return null;
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) end = q;
        int f = uri.indexOf('#');
        if (f >= 0 && f < end) end = f;
        int slash = uri.lastIndexOf('/', end - 1);
        int dot = uri.lastIndexOf('.', end - 1);
        if (dot <= slash || dot == end - 1 || end - dot > 6) return null;
        return uri.substring(dot + 1, end).toLowerCase(Locale.ROOT);
    }

    private boolean trusted(String host) {
        if (host == null || DnsLookups.isAddressLiteral(DnsLookups.hostWithoutPort(host))) return false;
        String h = DnsLookups.hostWithoutPort(host).toLowerCase(Locale.ROOT);
        var r = RegisteredDomain.of(h);
        String reg = r.registered().isEmpty() ? h : r.registered();
        return config.trustedDomains().contains(reg);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpTransaction h) || h.userAgent() == null) return null;
        return h.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        Tool tool = tool(h);
        if (tool == null) return null;
        String why = "T1221".equals(tool.technique()) ? "a remote template (." + extension(h.uri()) + ")" : executable(h);
        if (why == null && tool.name().startsWith("certutil")) why = notCertificate(h);
        if (why == null || trusted(h.host())) return null;
        String host = h.host() == null || h.host().isEmpty() ? h.id().respH() : h.host();
        boolean literal = DnsLookups.isAddressLiteral(DnsLookups.hostWithoutPort(host));
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1105")
                .severity(tool.high() || literal ? Severity.HIGH : Severity.MEDIUM)
                .confidence(tool.high() ? 0.8 : 0.6)
                .time(h.tsNanos(), h.tsNanos())
                .srcHost(client)
                .dstHost(h.id().respH())
                .dstPort(h.id().respP())
                .evidence(h.uid(), null)
                .incident(client + "|" + tool.name() + "|" + host);
        if (!literal) b.domain(DnsLookups.hostWithoutPort(host));
        if (tool.technique() != null) {
            b.technique(tool.technique());
            if (tool.technique().startsWith("T1218")) b.technique("T1218");
        }
        b.explanation(String.format(Locale.ROOT,
                "%s fetched http://%s%s with %s (User-Agent \"%s\"): %s, %,d bytes, status %s",
                client, host, h.uri() == null ? "" : h.uri(), tool.name(), h.userAgent(), why, h.responseBodyLen(),
                h.statusCode() == null ? "none" : h.statusCode().toString()));
        ctx.alert(b.build());
        return null;
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
