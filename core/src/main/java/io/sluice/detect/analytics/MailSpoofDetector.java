package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.RegisteredDomain;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.smtp.SmtpTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds mail whose sender is forged or disguised, the lure of phishing: a header From whose
 * domain is not the envelope's, a Reply-To that sends answers elsewhere, a display name that
 * names another address, and a receiving server's own SPF/DKIM/DMARC verdict of fail.
 *
 * <p>ATT&CK: T1566 Phishing and T1598 Phishing for Information (a forged sender serves both; which
 * one, and whether by attachment or link, the traffic shows only in the MIME body, which Sluice
 * does not parse yet, so the sub-techniques are not claimed); T1534 Internal Spearphishing when
 * the message goes from an internal client to an internal server under the organisation's own
 * domain, i.e. mail submitted inside the network that claims an internal sender it does not come
 * from. DS0029: Network Traffic Content (smtp.log headers).
 *
 * <p>Evidence, per message (an {@link SmtpTransaction}), each worth points:
 * <ul>
 *   <li>{@code Authentication-Results} with {@code spf=}, {@code dkim=} or {@code dmarc=}
 *       {@code fail}/{@code softfail}, or {@code Received-SPF: fail|softfail} (RFC 8601, RFC 7208
 *       2.6): 2 points, the receiving side already said the sender is not who it claims;</li>
 *   <li>a display name holding an e-mail address of another registered domain than the real one
 *       ({@code "ceo@corp.example" <x@evil.example>}): 2 points;</li>
 *   <li>header From's registered domain (public-suffix aware) differs from MAIL FROM's: 1 point;</li>
 *   <li>Reply-To's registered domain differs from From's: 1 point;</li>
 *   <li>From's registered domain imitates a recipient's: the same label under another suffix, or
 *       a label of five or more characters at most two edits away ({@code corp-example.example}
 *       to {@code corp.example}'s users): 2 points, the lookalike domains of business e-mail
 *       compromise.</li>
 * </ul>
 *
 * <p>Between two private addresses (mail submitted inside the network), a From naming another
 * mailbox of the envelope's own domain also earns the point: an internal client sends as itself.
 *
 * <p>Threshold: {@code min_score} = 2, so one weak sign alone (a mailing list rewrites the
 * envelope; a newsletter replies to its help desk) stays quiet, any two or one strong one fire.
 * Severity HIGH at {@code high_score} = 4. Quiet on Zeek's smtp.basic trace and suricata-verify's
 * smtp traces (none of their messages has two signs).
 *
 * <p>Known false positives: mail sent by a service provider for a company (envelope at the ESP,
 * From at the company) that also sets a Reply-To elsewhere; forwarders breaking SPF
 * (softfail after forwarding); mailing lists that rewrite From; sister companies writing to each
 * other under one name and two suffixes ({@code corp.com} to {@code corp.co.uk}), or partners whose
 * names are two letters apart. Attachments and links are not
 * visible (no MIME parsing), so a phish with an honest sender is not found here.
 */
public final class MailSpoofDetector implements Detector<String, MailSpoofDetector.State> {

    public static final String ID = "mail.spoofing";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(SmtpTransaction.class);

    /**
     * @param minScore  points that make a message suspicious
     * @param highScore points that make it HIGH severity
     */
    public record Config(int minScore, int highScore) {
        public static final Config DEFAULTS = new Config(2, 4);

        public Config {
            if (minScore < 1) throw new IllegalArgumentException(ID + ".min_score must be at least 1");
            if (highScore < minScore) throw new IllegalArgumentException(ID + ".high_score must be at least min_score");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_score", d.minScore()), s.intValue("high_score", d.highScore()));
    }

    /** No state: every message is judged on its own; the incident key merges a sender's messages. */
    public record State() {}

    private static final Pattern EMAIL = Pattern.compile("[^<>\"',;:\\s]+@([^<>\"',;:\\s]+)");
    private static final Pattern AUTH_FAIL = Pattern.compile("\\b(spf|dkim|dmarc)\\s*=\\s*(fail|softfail)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SPF_FAIL = Pattern.compile("^\\s*(fail|softfail)\\b", Pattern.CASE_INSENSITIVE);

    private final Config config;

    public MailSpoofDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1566"), Technique.of("T1598"), Technique.of("T1534"));
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
        if (!(event instanceof SmtpTransaction m) || m.from() == null) return null;
        return m.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var m = (SmtpTransaction) event;
        String fromAddress = address(m.from());
        String fromDomain = domainOf(fromAddress);
        if (fromDomain == null) return null;
        int score = 0;
        var signs = new ArrayList<String>();

        String verdict = authFailure(m);
        if (verdict != null) {
            score += 2;
            signs.add("the receiving side says " + verdict);
        }
        String shown = displayNameAddress(m.from());
        String shownDomain = domainOf(shown);
        if (shownDomain != null && !shownDomain.equals(fromDomain)) {
            score += 2;
            signs.add("the display name shows " + shown + " but the address is " + fromAddress);
        }
        boolean internal = AddressClasses.isPrivate(m.id().origH()) && AddressClasses.isPrivate(m.id().respH());
        String envelope = address(m.mailfrom());
        String envelopeDomain = domainOf(envelope);
        // Inside the network a mail client sends as its own mailbox; another mailbox of the same
        // domain in From is a colleague being impersonated. Outside, bounce addresses differ by design.
        if (envelopeDomain != null && (!envelopeDomain.equals(fromDomain) || internal && !envelope.equals(fromAddress))) {
            score += 1;
            signs.add("header From " + fromAddress + " is not the envelope sender " + envelope);
        }
        String replyTo = address(m.replyTo());
        String replyDomain = domainOf(replyTo);
        if (replyDomain != null && !replyDomain.equals(fromDomain)) {
            score += 1;
            signs.add("replies go to " + replyTo);
        }
        String imitated = imitatedRecipientDomain(fromDomain, m.rcptto());
        if (imitated != null) {
            score += 2;
            signs.add("the sender's domain " + fromDomain + " imitates the recipient's " + imitated);
        }
        if (score < config.minScore()) return null;

        boolean ownDomain = internal && m.rcptto() != null && !m.rcptto().isEmpty()
                && m.rcptto().stream().allMatch(r -> fromDomain.equals(domainOf(r)));
        int recipients = m.rcptto() == null ? 0 : m.rcptto().size();
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(score >= config.highScore() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.4 + 0.1 * score))
                .time(m.tsNanos(), m.tsNanos())
                .srcHost(client)
                .dstHost(m.id().respH())
                .dstPort(m.id().respP())
                .domain(fromDomain)
                .evidence(m.uid(), null)
                .incident(client + "|" + fromAddress);
        if (ownDomain) b.technique("T1534");
        b.technique("T1566").technique("T1598");
        b.explanation(String.format(Locale.ROOT,
                "%s sent mail to %s for %d recipient%s claiming to be from %s (score %d of %d needed): %s%s%s",
                client, m.id().respH(), recipients, recipients == 1 ? "" : "s", fromAddress, score,
                config.minScore(), String.join("; ", signs),
                m.subject() == null ? "" : "; subject \"" + m.subject() + "\"",
                ownDomain ? "; sender and every recipient in the same domain, submitted inside the network" : ""));
        ctx.alert(b.build());
        return null;
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }

    /**
     * The recipients' domain the sender's imitates, or null: a different registered domain whose
     * label is the same under another suffix ({@code corp.co} for {@code corp.com}) or at most two
     * edits away ({@code c0rp}, {@code corp-example}, {@code cropexample}) for labels of five or
     * more characters, as business e-mail compromise registers them.
     */
    static String imitatedRecipientDomain(String fromDomain, List<String> recipients) {
        if (recipients == null) return null;
        var from = RegisteredDomain.of(fromDomain);
        for (String r : recipients) {
            String rd = domainOf(address(r));
            if (rd == null || rd.equals(fromDomain) || rd.startsWith("[")) continue;
            var to = RegisteredDomain.of(rd);
            String a = from.label(), b = to.label();
            if (a.isEmpty() || b.isEmpty()) continue;
            if (a.equals(b) || Math.min(a.length(), b.length()) >= 5 && editDistance(a, b) <= 2) return rd;
        }
        return null;
    }

    /** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps). */
    static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) return 3;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The first verdict of fail or softfail, as "spf=fail", or null. */
    private static String authFailure(SmtpTransaction m) {
        if (m.authenticationResults() != null) {
            Matcher a = AUTH_FAIL.matcher(m.authenticationResults());
            if (a.find()) return a.group(1).toLowerCase(Locale.ROOT) + "=" + a.group(2).toLowerCase(Locale.ROOT);
        }
        if (m.receivedSpf() != null) {
            Matcher s = SPF_FAIL.matcher(m.receivedSpf());
            if (s.find()) return "spf=" + s.group(1).toLowerCase(Locale.ROOT) + " (Received-SPF)";
        }
        return null;
    }

    /** The address of a header value: inside the last {@code <...>} when there is one, else the first. */
    static String address(String header) {
        if (header == null) return null;
        int open = header.lastIndexOf('<');
        int close = open < 0 ? -1 : header.indexOf('>', open);
        String part = open >= 0 && close > open ? header.substring(open + 1, close) : header;
        Matcher e = EMAIL.matcher(part);
        return e.find() ? e.group().toLowerCase(Locale.ROOT) : null;
    }

    /** An address written in the display name ({@code "a@b" <c@d>}), or null. */
    static String displayNameAddress(String header) {
        if (header == null) return null;
        int open = header.lastIndexOf('<');
        if (open <= 0) return null;
        Matcher e = EMAIL.matcher(header.substring(0, open));
        return e.find() ? e.group().toLowerCase(Locale.ROOT) : null;
    }

    /** The registered domain of an address (example.co.uk for a@mail.example.co.uk), or null. */
    static String domainOf(String address) {
        if (address == null) return null;
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) return null;
        String host = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (host.endsWith(">")) host = host.substring(0, host.length() - 1);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty() || host.startsWith("[")) return host.isEmpty() ? null : host;
        var r = RegisteredDomain.of(host);
        return r.registered().isEmpty() ? host : r.registered();
    }
}
