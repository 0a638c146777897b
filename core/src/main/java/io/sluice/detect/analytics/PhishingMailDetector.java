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
import io.sluice.event.WireText;
import io.sluice.protocol.smtp.MailAttachment;
import io.sluice.protocol.smtp.MailLink;
import io.sluice.protocol.smtp.SmtpTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds mail that carries a phishing payload in its MIME body: an attachment that runs code (an
 * executable, script, shortcut, disk image, macro-enabled Office file, or one of those behind a
 * double extension or inside an archive's name), an HTML file that holds a login form, or a link
 * that lies about where it goes.
 *
 * <p>ATT&CK: T1566.001 Spearphishing Attachment (a file that runs code: access is the aim); T1598.002
 * Spearphishing Attachment for information (an HTML attachment with a form or password field: the
 * credential page travels as a file); T1566.002 Spearphishing Link (a deceptive link); T1598.003
 * Spearphishing Link for information (a deceptive link to a sign-in page: its path or text asks for
 * a login, password, account or verification); the parents T1566 and T1598 with them. DS0029:
 * Network Traffic Content (the SMTP DATA body, walked by the SMTP dissector's MIME walk:
 * {@link SmtpTransaction#attachments()}, {@link SmtpTransaction#links()}).
 *
 * <p>Evidence, signs per message: a risky attachment extension ({@code exe scr com pif cpl msi bat cmd
 * ps1 vbs vbe js jse wsf wsh hta lnk jar dll reg iso img vhd vhdx one chm} and macro-enabled
 * {@code docm xlsm pptm dotm xlam ppam}); a double extension ({@code invoice.pdf.exe}); an archive
 * ({@code zip rar 7z ace cab arj gz}); an attachment whose decoded content is a program (sniffed as
 * files.log does: a Windows PE or an ELF) under a name that does not say so ({@code invoice.pdf}
 * holding an MZ header); an HTML/SVG attachment with a form or password field; a
 * link whose visible text names a different registered domain than its href; a link to an address
 * literal; a link to a domain imitating the recipients' (one to two edits, as mail.spoofing
 * measures). An attachment sign names the content's SHA-256 when files.log hashed it. Thresholds:
 * none; executables (by name or by content), macros, double extensions and HTML forms are HIGH,
 * archives and deceptive links MEDIUM, a deceptive link to a sign-in page HIGH. The lists are the
 * extensions mail gateways block by default (Microsoft Defender for Office 365's common
 * attachments filter, Google Workspace's blocked file types), written here as facts.
 *
 * <p>Known false positives: newsletters whose tracking links show one domain and point to a click
 * tracker (a different registered domain: shown as MEDIUM, add the tracker to
 * {@code trusted_link_domains}); archives sent between colleagues; IT sending installers by mail.
 * Mail sent over TLS (STARTTLS) hides its body.
 */
public final class PhishingMailDetector implements Detector<String, PhishingMailDetector.State> {

    public static final String ID = "smtp.phish";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(SmtpTransaction.class);

    /** @param trustedLinkDomains registered domains whose links are never called deceptive (click trackers) */
    public record Config(List<String> trustedLinkDomains) {
        public static final Config DEFAULTS = new Config(List.of());

        public Config {
            trustedLinkDomains = List.copyOf(trustedLinkDomains);
        }
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).listValue("trusted_link_domains", Config.DEFAULTS.trustedLinkDomains()));
    }

    /** Stateless: each message is judged on its own. */
    public record State() {}

    static final Set<String> EXECUTABLE = Set.of("exe", "scr", "com", "pif", "cpl", "msi", "bat", "cmd", "ps1", "vbs",
            "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "jar", "dll", "reg", "iso", "img", "vhd", "vhdx", "one", "chm");
    static final Set<String> MACRO = Set.of("docm", "xlsm", "pptm", "dotm", "xlam", "ppam");
    static final Set<String> ARCHIVE = Set.of("zip", "rar", "7z", "ace", "cab", "arj", "gz");
    /** Sniffed types of content that is a program, whatever the attachment is called. */
    private static final Set<String> PROGRAM_TYPES = Set.of("application/x-dosexec", "application/x-executable");
    /** Extensions a lure puts before the real one ("invoice.pdf.exe"). */
    private static final Set<String> DOCUMENT = Set.of("pdf", "doc", "docx", "xls", "xlsx", "txt", "jpg", "png", "rtf");
    private static final Pattern SIGN_IN = Pattern.compile(
            "log-?in|sign-?in|signon|password|passwd|verify|verification|account|credential|webmail|sso|auth",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOWN_DOMAIN = Pattern.compile(
            "^(?:https?://)?((?:[a-z0-9-]+\\.)+[a-z]{2,})(?:[:/?#].*)?$", Pattern.CASE_INSENSITIVE);

    private final Config config;

    public PhishingMailDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1566"), Technique.of("T1566.001"), Technique.of("T1566.002"),
                Technique.of("T1598"), Technique.of("T1598.002"), Technique.of("T1598.003"));
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
        if (!(event instanceof SmtpTransaction m) || m.attachments().isEmpty() && m.links().isEmpty()) return null;
        return m.id().origH();
    }

    @Override
    public State onEvent(String sender, State state, Event event, DetectorContext ctx) {
        var m = (SmtpTransaction) event;
        var signs = new ArrayList<String>();
        var techniques = new LinkedHashSet<String>();
        Severity severity = Severity.INFO;
        for (MailAttachment a : m.attachments()) {
            String name = a.filename().toLowerCase(Locale.ROOT);
            String ext = extension(name);
            String inner = extension(name.substring(0, Math.max(0, name.length() - ext.length() - 1)));
            String hash = a.sha256() == null ? "" : " (SHA-256 " + a.sha256() + ")";
            if (EXECUTABLE.contains(ext) || MACRO.contains(ext)) {
                boolean doubled = DOCUMENT.contains(inner);
                signs.add((doubled ? "an attachment disguised by a double extension, " : MACRO.contains(ext)
                        ? "a macro-enabled attachment, " : "an attachment that runs code, ") + quoted(a.filename())
                        + hash);
                techniques.add("T1566.001");
                severity = severity.max(Severity.HIGH);
            } else if (a.sniffedType() != null && PROGRAM_TYPES.contains(a.sniffedType())) {
                signs.add("an attachment named " + quoted(a.filename()) + " that holds a program (" + a.sniffedType()
                        + ")" + hash);
                techniques.add("T1566.001");
                severity = severity.max(Severity.HIGH);
            } else if (ARCHIVE.contains(ext)) {
                signs.add("an archive attachment, " + quoted(a.filename()) + hash);
                techniques.add("T1566.001");
                severity = severity.max(Severity.MEDIUM);
            } else if (a.holdsForm()) {
                signs.add("an HTML attachment with a login form, " + quoted(a.filename()));
                techniques.add("T1598.002");
                severity = severity.max(Severity.HIGH);
            }
        }
        for (MailLink l : m.links()) {
            String host = hrefHost(l.href());
            if (host == null) continue;
            String hrefDomain = RegisteredDomain.of(host).registered();
            if (config.trustedLinkDomains().contains(hrefDomain)) continue;
            String why = null;
            var shown = SHOWN_DOMAIN.matcher(l.text().strip());
            if (DnsLookups.isAddressLiteral(host)) {
                why = "a link to the address " + host;
            } else if (shown.matches()) {
                String shownDomain = RegisteredDomain.of(shown.group(1)).registered();
                if (!shownDomain.isEmpty() && !shownDomain.equalsIgnoreCase(hrefDomain)) {
                    why = "a link showing " + shown.group(1).toLowerCase(Locale.ROOT) + " that goes to " + host;
                }
            }
            if (why == null) {
                String imitated = MailSpoofDetector.imitatedRecipientDomain(hrefDomain, recipients(m));
                if (imitated != null) why = "a link to " + host + ", which imitates the recipients' " + imitated;
            }
            if (why == null) continue;
            boolean signIn = SIGN_IN.matcher(l.href()).find() || SIGN_IN.matcher(l.text()).find();
            signs.add(why + (signIn ? " (a sign-in page)" : ""));
            techniques.add("T1566.002");
            if (signIn) techniques.add("T1598.003");
            severity = severity.max(signIn ? Severity.HIGH : Severity.MEDIUM);
        }
        if (signs.isEmpty()) return null;
        String rcpt = m.rcptto() == null || m.rcptto().isEmpty() ? "an unknown recipient"
                : Explanations.list(m.rcptto(), 3);
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.75 : 0.5)
                .time(m.tsNanos(), m.tsNanos())
                .srcHost(sender)
                .dstHost(m.id().respH())
                .dstPort(m.id().respP())
                .evidence(m.uid(), null)
                .incident(m.uid() + "|" + m.transDepth());
        for (String t : techniques) {
            b.technique(t.startsWith("T1566") ? "T1566" : "T1598");
            b.technique(t);
        }
        String from = MailSpoofDetector.address(m.from());
        if (from == null) from = m.mailfrom();
        b.explanation(String.format(Locale.ROOT, "%s sent mail from %s to %s%s carrying %s",
                sender, from == null ? "an unknown sender" : from, rcpt,
                m.subject() == null ? "" : " (subject \"" + m.subject() + "\")", Explanations.list(signs, 5)));
        ctx.alert(b.build());
        return null;
    }

    private static List<String> recipients(SmtpTransaction m) {
        var all = new ArrayList<String>();
        if (m.rcptto() != null) all.addAll(m.rcptto());
        if (m.to() != null) all.addAll(m.to());
        return all;
    }

    /** The extension after the last dot, lower case; "" when none. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).strip();
    }

    /** The host of an http(s) link, lower case; null for mailto:, relative and other links. */
    static String hrefHost(String href) {
        String h = href.strip().toLowerCase(Locale.ROOT);
        int start;
        if (h.startsWith("http://")) start = 7;
        else if (h.startsWith("https://")) start = 8;
        else return null;
        int end = start;
        while (end < h.length() && "/?#".indexOf(h.charAt(end)) < 0) end++;
        String authority = h.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) authority = authority.substring(at + 1); // http://bank.example@evil.example/
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? null : authority.substring(1, close);
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) authority = authority.substring(0, colon);
        return authority.isEmpty() ? null : authority;
    }

    /** A file name off the wire (one char per byte), quoted as a person reads it. */
    private static String quoted(String wire) {
        return "\"" + WireText.toText(wire) + "\"";
    }

    @Override
    public State onTimer(String sender, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
