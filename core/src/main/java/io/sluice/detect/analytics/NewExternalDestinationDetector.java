package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.ProcessInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds local hosts reaching an external destination they never reached before, once their
 * learning period is over: context for an analyst, not a verdict.
 *
 * <p>ATT&CK, by what the connection carries: T1189 Drive-by Compromise (web: HTTP/TLS/QUIC or
 * ports 80, 443, 8080, 8443), plus T1176 Browser Extensions when a host-side source names a
 * browser as the process; T1219 Remote Access Software (remote-access ports or service: RDP, VNC,
 * SSH, TeamViewer 5938, AnyDesk 7070, RustDesk 21115-21119, Radmin 4899, ScreenConnect
 * 8040-8041, or a remote-access tool's executable); T1105 Ingress Tool Transfer (a download of at
 * least {@code download_bytes} from the new host, or FTP/TFTP); T1048 Exfiltration Over Alternative
 * Protocol when the protocol is one made to copy files: T1048.003 for the cleartext ones (FTP, TFTP,
 * rsync, NFS), T1048.002 for those encrypted with keys agreed by public-key exchange (SSH with
 * SFTP/SCP, FTPS). DS0029's guidance for T1048 on Network Connection Creation is "newly constructed
 * network connections that are sent or received by untrusted hosts": a first contact over such a
 * protocol is that, and since a creation record cannot say which way data will go, it names T1048
 * there; the flow record, which has the bytes, names T1048 only when the local host sent at least as
 * much as it received (and T1105, as for any file protocol, when it received more); FTP's control
 * connection, whose files travel on data connections of their own, names both. Mail is left
 * out: a mail relay meets new outside servers all day. New destinations of none of these kinds are
 * learned but not reported.
 * DS0029: Network Connection Creation and Network Traffic Flow (answered connections only: a
 * refused probe is not a contact).
 *
 * <p>Evidence: the host's baseline ({@link HostBaselines}): the destination's first contact time
 * compared with the event's own time, so the verdict does not depend on event order.
 *
 * <p>Thresholds: {@code download_bytes} = 1 MiB, larger than typical web pages (HTTP Archive's
 * median page weight is about 2 MiB spread over some 70 requests, so a single 1 MiB response is
 * already a file); {@code max_alerts_per_day} = 20 per host, so a host browsing new sites is a
 * handful of alerts, not hundreds.
 *
 * <p>Known false positives: every site a person visits for the first time; CDN and cloud
 * addresses that rotate (a known service on a new address looks new); software updates from new
 * mirrors. Hosts whose destination set overflowed its cap are skipped, since "never seen" is then
 * unreliable.
 */
public final class NewExternalDestinationDetector implements Detector<String, NewExternalDestinationDetector.State> {

    public static final String ID = "dest.new_external";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);
    private static final long DAY = 86_400_000_000_000L;

    /**
     * @param downloadBytes    response bytes from a new host that make the connection a transfer (T1105)
     * @param maxAlertsPerDay  new-destination alerts per host per day of event time; more are counted only
     */
    public record Config(long downloadBytes, int maxAlertsPerDay) {
        public static final Config DEFAULTS = new Config(1L << 20, 20);

        public Config {
            if (downloadBytes < 1) throw new IllegalArgumentException(ID + ".download_bytes must be positive");
            if (maxAlertsPerDay < 1) throw new IllegalArgumentException(ID + ".max_alerts_per_day must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.longValue("download_bytes", d.downloadBytes()),
                s.intValue("max_alerts_per_day", d.maxAlertsPerDay()));
    }

    /** Per host: the day (of event time) being counted and how many alerts it had. */
    public record State(long day, int alerts, long suppressed) {}

    private static final PortSet WEB_PORTS = PortSet.of(80, 443, 8080, 8443);
    private static final Set<String> WEB_SERVICES = Set.of("http", "ssl", "quic", "tls");
    private static final PortSet REMOTE_ACCESS_PORTS = PortSet.of(22, 23, 3389, 5900, 5901, 5902, 5938, 7070, 6568,
            4899, 5650, 8040, 8041, 21115, 21116, 21117, 21118, 21119);
    private static final Set<String> REMOTE_ACCESS_SERVICES = Set.of("rdp", "vnc", "ssh", "telnet");
    private static final List<String> REMOTE_ACCESS_TOOLS = List.of("teamviewer", "anydesk", "screenconnect",
            "connectwise", "rustdesk", "radmin", "logmein", "splashtop", "ammyy", "atera", "netsupport", "vncviewer",
            "mstsc.exe", "putty");
    private static final List<String> BROWSERS = List.of("chrome.exe", "msedge.exe", "firefox.exe", "iexplore.exe",
            "brave.exe", "opera.exe", "vivaldi.exe", "/chrome", "/chromium", "/firefox", "/safari", "/msedge");
    private static final Set<String> TRANSFER_SERVICES = Set.of("ftp", "ftp-data", "tftp");
    /** FTP data and control, rsync, NFS (and TFTP on UDP 69): files copied in the clear. */
    private static final PortSet CLEARTEXT_OUT_TCP = PortSet.of(20, 21, 873, 2049);
    /** SSH (SFTP, SCP), FTPS data and control. */
    private static final PortSet ENCRYPTED_OUT_TCP = PortSet.of(22, 989, 990);
    private static final Set<String> SSH = Set.of("ssh"), TLS = Set.of("ssl", "tls"), FTP_CONTROL = Set.of("ftp");

    private final Config config;
    private final HostBaselines baselines;

    public NewExternalDestinationDetector(Config config, HostBaselines baselines) {
        this.config = config;
        this.baselines = baselines;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1189"), Technique.of("T1176"), Technique.of("T1219"), Technique.of("T1105"),
                Technique.of("T1048"), Technique.of("T1048.002"), Technique.of("T1048.003"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case ConnectionCreation c -> c.localOrig() && !c.localResp() && answered(c.outcome())
                    && !AddressClasses.isGroup(c.id().respH()) ? c.id().origH() : null;
            case FlowRecord f -> !Boolean.FALSE.equals(f.localOrig()) && Boolean.FALSE.equals(f.localResp())
                    && f.respPkts() > 0 && !AddressClasses.isGroup(f.id().respH()) ? f.id().origH() : null;
            default -> null;
        };
    }

    private static boolean answered(ConnectionCreation.Outcome o) {
        return o == ConnectionCreation.Outcome.ESTABLISHED || o == ConnectionCreation.Outcome.ANSWERED
                || o == ConnectionCreation.Outcome.MIDSTREAM;
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        ConnId id;
        if (event instanceof FlowRecord f) id = f.id();
        else if (event instanceof ConnectionCreation c) id = c.id();
        else return state;
        long ts = event.tsNanos();
        if (baselines.learning(host, ts) || baselines.destinationsSaturated(host)) return state;
        if (baselines.contactedBefore(host, id.respH(), ts)) return state;
        return firstContact(host, state, event, ctx);
    }

    /**
     * A destination the host has not contacted since its baseline began. Out of {@link #onEvent},
     * which runs for every outbound connection, so the JIT compiles the common path alone.
     */
    private State firstContact(String host, State state, Event event, DetectorContext ctx) {
        ConnId id;
        String proto, service = null, uid, communityId;
        ProcessInfo process;
        long respBytes = 0;
        Long origBytes = null;
        Ds0029Component component = event.component();
        switch (event) {
            case ConnectionCreation c -> {
                id = c.id();
                proto = c.proto();
                uid = c.uid();
                communityId = c.communityId();
                process = c.process();
            }
            case FlowRecord f -> {
                id = f.id();
                proto = f.proto();
                service = f.service();
                uid = f.uid();
                communityId = f.communityId();
                process = f.process();
                respBytes = f.respBytes() == null ? 0 : f.respBytes();
                origBytes = f.origBytes();
            }
            default -> {
                return state;
            }
        }
        long ts = event.tsNanos();
        String dst = id.respH();

        String image = process == null || process.image() == null ? null : process.image().toLowerCase(Locale.ROOT);
        var techniques = new ArrayList<String>();
        var why = new ArrayList<String>();
        boolean remote = REMOTE_ACCESS_PORTS.contains(id.respP()) || anyOf(service, REMOTE_ACCESS_SERVICES)
                || image != null && containsAny(image, REMOTE_ACCESS_TOOLS);
        String outProtocol = exfiltrationProtocol(proto, id.respP(), service);
        // A flow record knows which way the bytes went; a creation record does not, nor does FTP's
        // control connection, whose files travel on ftp-data connections of their own.
        boolean control = anyOf(service, FTP_CONTROL) || service == null && id.respP() == 21;
        Long sent = control ? null : origBytes;
        String unknown = origBytes == null ? " (direction not known at connection creation)"
                : " (the control connection: files go over ftp-data)";
        boolean sentMore = sent != null && sent >= respBytes;
        boolean transfer = respBytes >= config.downloadBytes() || anyOf(service, TRANSFER_SERVICES) && !sentMore;
        boolean upload = outProtocol != null && (sent == null || sentMore);
        boolean web = WEB_PORTS.contains(id.respP()) || anyOf(service, WEB_SERVICES);
        boolean browser = image != null && containsAny(image, BROWSERS);
        if (remote) {
            techniques.add("T1219");
            why.add("remote-access " + (service != null ? service : proto + "/" + id.respP()));
        }
        if (transfer) {
            techniques.add("T1105");
            why.add(respBytes >= config.downloadBytes() ? String.format(Locale.ROOT, "downloaded %,d bytes", respBytes)
                    : "file transfer over " + service + (sent == null ? ""
                            : String.format(Locale.ROOT, " receiving %,d bytes against %,d sent", respBytes, sent)));
        }
        if (upload) {
            techniques.add("T1048");
            techniques.add(outProtocol);
            why.add((outProtocol.equals("T1048.003") ? "cleartext" : "encrypted") + " file-copy protocol "
                    + (service != null ? service : proto + "/" + id.respP())
                    + (sent == null ? unknown : String.format(Locale.ROOT, " sending %,d bytes against %,d received", sent, respBytes)));
        }
        if (web || browser) {
            techniques.add("T1189");
            if (browser) techniques.add("T1176");
            why.add(browser ? "web traffic from browser " + process.image() : "web traffic on " + proto + "/" + id.respP());
        }
        if (techniques.isEmpty()) return state;

        long day = Math.floorDiv(ts, DAY);
        State s = state;
        if (s == null || s.day() != day) {
            s = new State(day, 0, 0);
            ctx.timer((day + 1) * DAY); // forget the count when the day is over
        }
        if (s.alerts() >= config.maxAlertsPerDay()) return new State(day, s.alerts(), s.suppressed() + 1);

        long learnedSince = baselines.profile(host) == null ? ts : baselines.profile(host).firstSeenNanos();
        var b = Alert.builder(ID)
                .component(component)
                .severity(remote || transfer || upload ? Severity.MEDIUM : Severity.LOW)
                .confidence(remote || transfer || upload ? 0.4 : 0.2)
                .time(ts, ts)
                .srcHost(host)
                .dstHost(dst)
                .dstPort(id.respP())
                .evidence(uid, communityId)
                .incident(host + ">" + dst)
                .explanation(String.format(Locale.ROOT,
                        "%s contacted external host %s (%s) for the first time since its baseline began %s; %s",
                        host, dst, proto + "/" + id.respP(), Explanations.elapsed(learnedSince, ts) + " ago",
                        String.join(", ", why)));
        for (String t : techniques) b.technique(t);
        if (process != null && process.image() != null) b.process(process.image());
        ctx.alert(b.build());
        return new State(day, s.alerts() + 1, s.suppressed());
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state != null && (state.day() + 1) * DAY <= timerNanos ? null : state;
    }

    /**
     * T1048.003 or T1048.002 when the connection's protocol is one that carries files or mail out, by
     * the service found or else the port; null for any other.
     */
    private static String exfiltrationProtocol(String proto, int port, String service) {
        if (anyOf(service, TRANSFER_SERVICES)) return "T1048.003";
        if (anyOf(service, SSH)) return "T1048.002";
        if (service != null && !service.isEmpty() && !anyOf(service, TLS)) return null; // another protocol found
        if ("udp".equals(proto)) return port == 69 ? "T1048.003" : null;
        if (!"tcp".equals(proto)) return null;
        if (CLEARTEXT_OUT_TCP.contains(port)) return "T1048.003";
        return ENCRYPTED_OUT_TCP.contains(port) ? "T1048.002" : null;
    }

    private static boolean anyOf(String service, Set<String> names) {
        if (service == null) return false;
        for (String s : service.split(",")) if (names.contains(s)) return true;
        return false;
    }

    private static boolean containsAny(String text, List<String> needles) {
        for (String n : needles) if (text.contains(n)) return true;
        return false;
    }
}
