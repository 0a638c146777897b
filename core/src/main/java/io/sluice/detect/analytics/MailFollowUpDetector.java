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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host that reaches a web destination it had never contacted within minutes of fetching
 * its mail: in flow records, the trace a phishing message leaves when its link is clicked or its
 * attachment reaches out for the next stage.
 *
 * <p>ATT&CK: T1566.002 Spearphishing Link and T1598.003 Spearphishing Link for information (the
 * follow-up contact is a click on the message's link; whether the page then serves a payload or asks
 * for a password the flow cannot show, so both are named, with their parents T1566 and T1598); when
 * the follow-up is a download of at least {@code download_bytes} (1 MiB) also T1566.001 Spearphishing
 * Attachment (an opened attachment fetching its payload looks the same in a flow); when it is not
 * a download, also T1598.002 Spearphishing Attachment for information (an attached HTML form, the
 * kind smtp.phish finds in the message, posts the victim's answers to a site the host never used:
 * in a flow the same small exchange with a new destination as a link's click). DS0029: Network
 * Traffic Flow (conn.log, NetFlow, IPFIX: no content needed).
 *
 * <p>Evidence, per internal host: a mail fetch (a flow to IMAP 143/993 or POP3 110/995, by port or
 * by the service Sluice identified, bringing at least {@code min_mail_bytes}, 2 KiB: a message, not
 * an empty poll), then, within {@code window} (5 min) of that fetch's end, the first flow to an
 * external address the host had not contacted since it was first seen, on a web port (80, 443,
 * 8080, 8443) or with service http/ssl, answered. Hosts are learned for {@code learning} (24 h)
 * before anything is reported, so that ordinary destinations are known; at most {@code max_known}
 * destinations are remembered per host. One alert per mail fetch.
 *
 * <p>Thresholds: the window follows the time a user takes to open a message and click (reports of
 * phishing simulations put most clicks within minutes of delivery); LOW by default, MEDIUM for a
 * download of {@code download_bytes} or more. Known false positives: a user who reads mail and then
 * browses somewhere new (common: this is a lead for correlation with mail content, smtp.phish or
 * intel.match, not a verdict); newsletters. Mail read over HTTPS webmail or Exchange/MAPI is not
 * recognised as a mail fetch.
 */
public final class MailFollowUpDetector implements Detector<String, MailFollowUpDetector.State> {

    public static final String ID = "mail.followup_fetch";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    /**
     * @param windowNanos   how soon after a mail fetch a new destination counts
     * @param learningNanos how long a host's destinations are learned before it is judged
     * @param minMailBytes  bytes a mail fetch must bring
     * @param downloadBytes a follow-up bringing this much is a download (MEDIUM, T1566.001 too)
     * @param maxKnown      destinations remembered per host
     */
    public record Config(long windowNanos, long learningNanos, long minMailBytes, long downloadBytes, int maxKnown) {
        public static final Config DEFAULTS = new Config(300_000_000_000L, 86_400_000_000_000L, 2048, 1 << 20, 4096);

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (maxKnown < 1) throw new IllegalArgumentException(ID + ".max_known must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.durationNanos("learning", d.learningNanos()),
                s.longValue("min_mail_bytes", d.minMailBytes()), s.longValue("download_bytes", d.downloadBytes()),
                s.intValue("max_known", d.maxKnown()));
    }

    /**
     * Per host: when it was first seen, the external destinations it has contacted, and the last
     * mail fetch (its end time, server and uid; {@code mailEnd} is -1 when none is pending).
     */
    public record State(long firstNanos, Set<String> known, long mailEnd, String mailServer, String mailUid) {}

    private static final PortSet MAIL_PORTS = PortSet.of(143, 993, 110, 995);
    private static final Set<String> MAIL_SERVICES = Set.of("imap", "pop3");
    private static final PortSet WEB_PORTS = PortSet.of(80, 443, 8080, 8443);
    private static final Set<String> WEB_SERVICES = Set.of("http", "ssl", "quic");

    private final Config config;

    public MailFollowUpDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || f.respPkts() == 0 || !AddressClasses.isPrivate(f.id().origH())) {
            return null;
        }
        return f.id().origH();
    }

    private static boolean service(FlowRecord f, Set<String> services) {
        if (f.service() == null) return false;
        for (String s : f.service().split(",")) if (services.contains(s.strip().toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        long end = ts + (f.durationNanos() == null ? 0 : f.durationNanos());
        if (state == null) state = new State(ts, new HashSet<>(), -1, null, null);
        long resp = f.respBytes() == null ? 0 : f.respBytes();
        if ((MAIL_PORTS.contains(f.id().respP()) || service(f, MAIL_SERVICES)) && resp >= config.minMailBytes()) {
            return new State(state.firstNanos(), state.known(), end, f.id().respH(), f.uid());
        }
        String dst = f.id().respH();
        if (AddressClasses.isPrivate(dst) || AddressClasses.isGroup(dst)) return state;
        boolean fresh = !state.known().contains(dst);
        if (fresh && state.known().size() < config.maxKnown()) state.known().add(dst);
        boolean web = WEB_PORTS.contains(f.id().respP()) || service(f, WEB_SERVICES);
        boolean learned = ts - state.firstNanos() >= config.learningNanos();
        long after = ts - state.mailEnd();
        if (!fresh || !web || !learned || state.mailEnd() < 0 || after < 0 || after > config.windowNanos()) {
            return state;
        }
        boolean download = resp >= config.downloadBytes();
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .technique("T1566")
                .technique("T1566.002");
        if (download) b.technique("T1566.001");
        b.technique("T1598");
        if (!download) b.technique("T1598.002");
        b.technique("T1598.003")
                .severity(download ? Severity.MEDIUM : Severity.LOW)
                .confidence(download ? 0.4 : 0.25)
                .time(state.mailEnd(), ts)
                .srcHost(host)
                .dstHost(dst)
                .dstPort(f.id().respP())
                .evidence(state.mailUid(), null)
                .evidence(f.uid(), f.communityId())
                .incident(host + "|" + state.mailUid())
                .explanation(String.format(Locale.ROOT,
                        "%s contacted %s:%d, a destination it had not reached in %s, %s after fetching mail from %s;"
                                + " it %s %s%s",
                        host, dst, f.id().respP(), Explanations.duration(ts - state.firstNanos()),
                        Explanations.duration(after), state.mailServer(), download ? "downloaded" : "received",
                        Explanations.bytes(resp),
                        download ? " (a payload-sized download)" : ""));
        ctx.alert(b.build());
        // one alert per mail fetch
        return new State(state.firstNanos(), state.known(), -1, null, null);
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
