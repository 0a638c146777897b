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
import io.sluice.protocol.ftp.FtpCommand;
import io.sluice.protocol.smb.SmbEncryption;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.tftp.TftpTransfer;
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
 * Uploads to an outside address over a file-transfer protocol that is not the web: SFTP and SCP
 * (SSH), TLS-wrapped non-web protocols (FTPS, SMTPS, IMAPS, ...), encrypted SMB 3, FTP STOR and
 * TFTP writes.
 *
 * <p>ATT&CK: T1048 Exfiltration Over Alternative Protocol, with T1048.002 Asymmetric Encrypted
 * Non-C2 Protocol for SSH and TLS (both agree a session key with public-key cryptography),
 * T1048.001 Symmetric Encrypted Non-C2 Protocol for SMB 3 sessions that went encrypted (their AES
 * keys are derived on both ends from the NTLM or Kerberos session key, a shared secret; no
 * public-key exchange), and T1048.003 Unencrypted Non-C2 Protocol for FTP and TFTP; and T1020 Automated Exfiltration when
 * the transfers start at regular intervals, as a scheduled script's do (at least
 * {@code min_periodic} = 4 transfers whose start intervals vary by at most {@code max_jitter} = 0.2,
 * coefficient of variation; cron and task-scheduler jobs start within seconds of their minute, a
 * person's uploads are irregular). DS0029: Network Traffic Content when a
 * dissected event of the connection shows the protocol (an SSH or TLS handshake, SMB 3's transform
 * header ({@link SmbEncryption}), the data address of
 * an FTP PASV/EPSV reply and the STOR/APPE that used it, a TFTP write request); Network Traffic Flow
 * when only the flow record's service says it (SSH, or TLS off the web ports), as in conn.log.
 *
 * <p>Evidence: per source host, the outbound {@link FlowRecord}s' originator and responder bytes
 * (OutboundFlows' filter), summed per destination and protocol over a 24-hour window from the
 * first upload; a TFTP write's transferred size is counted from its event. A connection's content
 * events come before its flow record (conn.log is written when the connection ends), so the uid,
 * or for FTP the data address, names the flow when the bytes arrive. Active-mode FTP, where the
 * server opens the data connection, is not followed.
 *
 * <p>Thresholds (Sluice's choice): at least 4 MiB sent to one destination over one protocol and at
 * least 3 times what came back (an interactive SSH session sends keystrokes and receives screens;
 * an FTP or SFTP download receives far more than it sends). Half of {@code exfil.ratio}'s 8 MiB
 * because the protocol is one made to move files. Web ports (80, 443, 8080, 8443) belong to
 * {@code exfil.web_service} and {@code exfil.ratio}, RDP's TLS (3389) to the remote-service
 * analytics. MEDIUM.
 *
 * <p>Known false positives: backups and deployments over SFTP/rsync-over-SSH to hosting providers,
 * uploads to partners' FTP servers, git over SSH, cloud file shares reached over SMB 3 (Azure Files).
 */
public final class AltProtocolUploadDetector implements Detector<String, AltProtocolUploadDetector.State> {
    public static final String ID = "exfil.alt_protocol";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class, FtpCommand.class,
            SshHandshake.class, SmbEncryption.class, TftpTransfer.class, TlsHandshake.class);
    private static final int MAX_NAMES = 256;
    private static final PortSet NOT_HERE = PortSet.of(80, 443, 8080, 8443, 3389);
    private static final Set<String> STORE = Set.of("STOR", "APPE", "STOU");

    public record Config(long windowNanos, long minBytes, double ratio, int minPeriodic, double maxJitter) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 4L << 20, 3, 4, 0.2);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("ratio", d.ratio()), s.intValue("min_periodic", d.minPeriodic()),
                s.doubleValue("max_jitter", d.maxJitter()));
    }

    /** Per source host: connections named by their content, and the uploads so far. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** uid, or "address:port" of an FTP data channel → what named it ("SSH client ...", "FTP STOR x"). */
        final LinkedHashMap<String, String> named = new LinkedHashMap<>();
        /** "destination|protocol|component" → what was sent. */
        final TreeMap<String, Upload> uploads = new TreeMap<>();
        long windowEndNanos = Long.MIN_VALUE;
    }

    /** Bytes sent to one destination over one protocol. */
    static final class Upload extends PairWindow {
        private static final long serialVersionUID = 1L;
        final String protocol;
        final boolean encrypted;
        final Ds0029Component component;
        /** Start times of the transfers, the first 64. */
        final java.util.ArrayList<Long> starts = new java.util.ArrayList<>();
        long outBytes, inBytes;
        String via;

        Upload(String protocol, boolean encrypted, Ds0029Component component, long start, long window) {
            super(start, window);
            this.protocol = protocol;
            this.encrypted = encrypted;
            this.component = component;
        }
    }

    private final Config config;

    public AltProtocolUploadDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1048"), Technique.of("T1048.001"), Technique.of("T1048.002"), Technique.of("T1048.003"),
                Technique.of("T1020"));
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
            case SshHandshake s -> outside(s.id().respH()) ? s.id().origH() : null;
            case SmbEncryption e -> outside(e.id().respH()) ? e.id().origH() : null;
            case TlsHandshake t -> !NOT_HERE.contains(t.id().respP()) && outside(t.id().respH()) ? t.id().origH() : null;
            case FtpCommand c -> passive(c) || c.command() != null && STORE.contains(c.command().toUpperCase(Locale.ROOT))
                    ? c.id().origH() : null;
            case TftpTransfer t -> Boolean.TRUE.equals(t.wrq()) && t.size() > 0 && outside(t.id().respH()) ? t.id().origH() : null;
            default -> null;
        };
    }

    private static boolean passive(FtpCommand c) {
        return Boolean.TRUE.equals(c.dataPassive()) && c.dataRespH() != null && c.dataRespP() != null
                && outside(c.dataRespH());
    }

    /** "hr-export.zip" from the ftp.log arg "ftp://45.77.20.1/./hr-export.zip". */
    private static String fileName(String arg) {
        if (arg == null) return "";
        int slash = arg.lastIndexOf('/');
        return slash < 0 ? arg : arg.substring(slash + 1);
    }

    private static boolean outside(String ip) {
        return !AddressClasses.isPrivate(ip) && !AddressClasses.isSpecial(ip);
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        switch (event) {
            case SshHandshake s -> {
                state = orNew(state);
                remember(state.named, s.uid(), "SSH" + (s.client() == null ? "" : " client " + s.client()));
            }
            case SmbEncryption e -> {
                state = orNew(state);
                remember(state.named, e.uid(), "SMB " + (e.dialect() == null ? "3" : e.dialect())
                        + " encrypted messages on tcp/" + e.id().respP());
            }
            case TlsHandshake t -> {
                state = orNew(state);
                remember(state.named, t.uid(), "TLS" + (t.serverName() == null ? "" : " to " + t.serverName())
                        + " on tcp/" + t.id().respP());
            }
            case FtpCommand c -> {
                state = orNew(state);
                if (passive(c)) {
                    // the PASV/EPSV reply names the data address before the client connects to it
                    String data = c.dataRespH() + ":" + c.dataRespP();
                    remember(state.named, data, "FTP passive data channel");
                    remember(state.named, "ftp-data-of:" + c.uid(), data);
                } else {
                    String data = state.named.get("ftp-data-of:" + c.uid());
                    if (data != null && state.named.containsKey(data)) {
                        remember(state.named, data, "FTP " + c.command().toUpperCase(Locale.ROOT) + " " + fileName(c.arg()));
                    }
                }
            }
            case TftpTransfer t -> state = add(host, state, t.id().respH(), "TFTP", false,
                    Ds0029Component.NETWORK_TRAFFIC_CONTENT, "TFTP write of " + t.fname(), t.tsNanos(), t.size(), 0, null,
                    t.uid(), ctx);
            case FlowRecord f -> state = flow(host, state, f, ctx);
            default -> { }
        }
        return state;
    }

    private State flow(String host, State state, FlowRecord f, DetectorContext ctx) {
        String via = null;
        if (state != null) {
            if (f.uid() != null) state.named.remove("ftp-data-of:" + f.uid()); // an FTP control connection ended
            via = f.uid() == null ? null : state.named.remove(f.uid());
            if (via == null) via = state.named.remove(f.id().respH() + ":" + f.id().respP());
        }
        if (via != null) {
            String protocol = via.startsWith("SSH") ? "SSH" : via.startsWith("TLS") ? "TLS" : via.startsWith("SMB") ? "SMB"
                    : "FTP";
            return add(host, state, f.id().respH(), protocol, !protocol.equals("FTP"), Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                    via, f.tsNanos(), PairWindow.out(f), PairWindow.in(f), f, null, ctx);
        }
        String svc = f.service();
        if (BeaconDetector.hasService(svc, "ssh")) {
            return add(host, state, f.id().respH(), "SSH", true, Ds0029Component.NETWORK_TRAFFIC_FLOW,
                    "the flow's service ssh", f.tsNanos(), PairWindow.out(f), PairWindow.in(f), f, null, ctx);
        }
        if (BeaconDetector.hasService(svc, "ssl") && !NOT_HERE.contains(f.id().respP())) {
            return add(host, state, f.id().respH(), "TLS", true, Ds0029Component.NETWORK_TRAFFIC_FLOW,
                    "the flow's service ssl on " + f.proto() + "/" + f.id().respP(), f.tsNanos(), PairWindow.out(f),
                    PairWindow.in(f), f, null, ctx);
        }
        return state;
    }

    private State add(String host, State state, String dst, String protocol, boolean encrypted, Ds0029Component component,
            String via, long ts, long out, long in, FlowRecord f, String eventUid, DetectorContext ctx) {
        state = orNew(state);
        if (state.windowEndNanos != Long.MIN_VALUE && ts >= state.windowEndNanos) judge(host, state, ctx);
        if (state.uploads.isEmpty()) {
            state.windowEndNanos = ts + config.windowNanos();
            ctx.timer(state.windowEndNanos);
        }
        String key = dst + "|" + protocol + "|" + component.name();
        Upload u = state.uploads.get(key);
        if (u == null) {
            u = new Upload(protocol, encrypted, component, ts, config.windowNanos());
            state.uploads.put(key, u);
        }
        if (f != null) {
            u.note(f);
        } else {
            u.flows++;
            u.firstNanos = Math.min(u.firstNanos, ts);
            u.lastNanos = Math.max(u.lastNanos, ts);
            if (eventUid != null && u.uids.size() < BeaconSeries.EVIDENCE) {
                u.uids.add(eventUid);
                u.communityIds.add(null);
            }
        }
        if (u.starts.size() < 64) u.starts.add(ts);
        u.outBytes += out;
        u.inBytes += in;
        u.via = via;
        return state;
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(host, state, ctx);
        return state.named.isEmpty() ? null : state;
    }

    private void judge(String host, State s, DetectorContext ctx) {
        for (var e : s.uploads.entrySet()) {
            Upload u = e.getValue();
            if (u.outBytes < config.minBytes() || u.outBytes < config.ratio() * Math.max(1, u.inBytes)) continue;
            String dst = e.getKey().substring(0, e.getKey().indexOf('|'));
            // PairWindow's alert says Flow (the bytes); a connection named by its own content adds Content
            Alert.Builder b = u.alert(ID, new HostPair(host, dst), Severity.MEDIUM, 0.5)
                    .component(u.component)
                    .technique("T1048")
                    .technique(!u.encrypted ? "T1048.003" : u.protocol.equals("SMB") ? "T1048.001" : "T1048.002")
                    .incident(host + " → " + dst + " " + u.protocol);
            String schedule = schedule(u);
            if (!schedule.isEmpty()) b.technique("T1020");
            ctx.alert(b.explanation(String.format(Locale.ROOT,
                    "%s uploaded %s to %s over %s (%s, seen in %s) and received %s (%,.0f to 1) in %s over %s%s",
                    host, Explanations.bytes(u.outBytes), dst, u.protocol,
                    !u.encrypted ? "unencrypted" : u.protocol.equals("SMB")
                            ? "encrypted with keys derived from the authentication's shared secret"
                            : "encrypted with a public-key handshake", u.via,
                    Explanations.bytes(u.inBytes), u.outBytes / (double) Math.max(1, u.inBytes),
                    Explanations.count(u.flows, "transfer", "transfers"), u.span(), schedule)).build());
        }
        s.uploads.clear();
        s.windowEndNanos = Long.MIN_VALUE;
    }

    /** ", every 1.0 h (jitter 2%)" when the transfers start on a schedule; empty otherwise. */
    private String schedule(Upload u) {
        if (u.starts.size() < config.minPeriodic()) return "";
        var t = new long[u.starts.size()];
        for (int i = 0; i < t.length; i++) t[i] = u.starts.get(i);
        java.util.Arrays.sort(t);
        double mean = (t[t.length - 1] - t[0]) / (double) (t.length - 1);
        if (mean <= 0) return "";
        double var = 0;
        for (int i = 1; i < t.length; i++) var += Math.pow(t[i] - t[i - 1] - mean, 2);
        double jitter = Math.sqrt(var / (t.length - 1)) / mean;
        if (jitter > config.maxJitter()) return "";
        return String.format(Locale.ROOT, ", every %s (jitter %.0f%%): automated", Explanations.duration(Math.round(mean)),
                jitter * 100);
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
