package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds files pushed from one inside host to another over SMB when the receiver is not a file
 * server: an SMB connection whose client sent far more than it received, to a host that serves SMB
 * to hardly anyone else. That is how tools travel between compromised hosts (PsExec's service
 * binary, a beacon, mimikatz copied to {@code \\host\C$}) when only flow records are at hand;
 * with content, {@code smb.lateral_transfer} names the file.
 *
 * <p>ATT&CK: T1570 Lateral Tool Transfer. DS0029: Network Traffic Flow (conn.log bytes each way;
 * NetFlow/IPFIX and Zeek logs alike).
 *
 * <p>Evidence: conn.log rows to TCP 445 or 139 between two inside hosts (private address space or
 * {@code local_orig}/{@code local_resp}), per receiver over a tumbling {@code window} (1 h): the
 * uploads (client bytes at least {@code min_bytes}, 100 KiB, and at least {@code min_ratio} = 4
 * times what the server sent back), and the distinct SMB clients the receiver served.
 *
 * <p>Thresholds: 100 KiB is below the smallest tools that get copied this way (PsExec's service
 * binary is about 200 KiB; a staged beacon 250 KiB and up) and above SMB's own chatter (session
 * setup, tree connects, directory listings and pipe RPC stay in tens of KiB); the ratio leaves out
 * reads and two-way RPC. A receiver that served SMB to {@code server_min_clients} (5) or more
 * distinct clients in the window is taken for a file server and not reported: users save files
 * there; the decision waits for the window's end so the receiver's other clients are in. So is a
 * receiver the configuration declares a server ({@code baseline.hosts.servers}): a small office's
 * file server may have fewer clients than that. Severity
 * MEDIUM: a user copying a file to a colleague's share looks the same. One client's pushes to
 * several receivers in the same hour share an incident, so a tool spread across hosts is one alert
 * naming them all.
 *
 * <p>Known false positives: software deployment from a management host (list it in
 * {@code ignore_clients}), backups written to a workstation's share, new or small file servers
 * before their clients show (declare them in {@code baseline.hosts.servers}).
 */
public final class SmbUploadDetector implements Detector<String, SmbUploadDetector.State> {
    public static final String ID = "smb.upload";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1570"));
    private static final int MAX_CLIENTS = 64;

    /**
     * @param windowNanos      how long one receiver's clients and uploads are gathered
     * @param minBytes         client bytes of one connection that make an upload
     * @param minRatio         how many times the server's bytes the client must have sent
     * @param serverMinClients distinct SMB clients that make the receiver a file server
     * @param ignoreClients    deployment and backup hosts
     */
    public record Config(long windowNanos, long minBytes, double minRatio, int serverMinClients, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, 100 * 1024, 4.0, 5, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (minBytes < 1) throw new IllegalArgumentException(ID + ".min_bytes must be positive");
            if (!(minRatio >= 1)) throw new IllegalArgumentException(ID + ".min_ratio must be at least 1");
            if (serverMinClients < 2) throw new IllegalArgumentException(ID + ".server_min_clients must be at least 2");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("min_ratio", d.minRatio()), s.intValue("server_min_clients", d.serverMinClients()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One upload waiting for the window to show whether its receiver is a file server. */
    public record Upload(long ts, String uid, String communityId, String client, long bytes, long durationNanos) {}

    /** One receiver in one window. */
    public record State(long windowStart, Set<String> clients, List<Upload> uploads) {}

    private final Config config;
    /** Only for the servers the configuration declares; null: none. */
    private final HostBaselines baselines;

    public SmbUploadDetector(Config config) {
        this(config, null);
    }

    public SmbUploadDetector(Config config, HostBaselines baselines) {
        this.config = config;
        this.baselines = baselines;
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    private static boolean inside(Boolean local, String ip) {
        return local != null ? local : AddressClasses.isPrivate(ip);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || !f.proto().equals("tcp") || f.id().respP() != 445 && f.id().respP() != 139
                || !inside(f.localOrig(), f.id().origH()) || !inside(f.localResp(), f.id().respH())
                || f.id().origH().equals(f.id().respH())) {
            return null;
        }
        return f.id().respH();
    }

    @Override
    public State onEvent(String receiver, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) {
            decide(receiver, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new State(ts, new TreeSet<>(), new ArrayList<>());
            ctx.timer(ts + config.windowNanos());
        }
        String client = f.id().origH();
        if (state.clients().size() < MAX_CLIENTS) state.clients().add(client);
        long out = f.origBytes() == null ? 0 : f.origBytes();
        long in = f.respBytes() == null ? 0 : f.respBytes();
        if (out >= config.minBytes() && out >= config.minRatio() * in && !config.ignoreClients().contains(client)
                && state.uploads().size() < Alert.MAX_EVIDENCE) {
            state.uploads().add(new Upload(ts, f.uid(), f.communityId(), client, out,
                    f.durationNanos() == null ? 0 : f.durationNanos()));
        }
        return state;
    }

    @Override
    public State onTimer(String receiver, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (timerNanos < state.windowStart() + config.windowNanos()) return state;
        decide(receiver, state, ctx);
        return null;
    }

    /** At the window's end: a receiver that few clients use got uploads. */
    private void decide(String receiver, State s, DetectorContext ctx) {
        if (s.uploads().isEmpty() || s.clients().size() >= config.serverMinClients()) return;
        if (baselines != null && baselines.declaredServer(receiver)) return;
        var pushers = new TreeSet<String>();
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (Upload u : s.uploads()) {
            pushers.add(u.client());
            first = Math.min(first, u.ts());
            last = Math.max(last, u.ts() + u.durationNanos());
        }
        for (String client : pushers) {
            long n = 0, b = 0;
            var alert = Alert.builder(ID)
                    .technique("T1570")
                    .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                    .srcHost(client)
                    .dstHost(receiver)
                    .dstPort(445)
                    .time(first, last);
            for (Upload u : s.uploads()) {
                if (!u.client().equals(client)) continue;
                n++;
                b += u.bytes();
                alert.evidence(u.uid(), u.communityId());
            }
            // The incident is the client's: uploads to several receivers merge into one spread.
            alert.severity(Severity.MEDIUM).confidence(0.45)
                    .explanation(String.format(Locale.ROOT,
                            "%s pushed %s over SMB to %s in %s (%s), a host that served SMB to %s in the window: not a"
                                    + " file server",
                            client, Explanations.bytes(b), receiver, Explanations.count(n, "connection", "connections"),
                            Explanations.duration(last - first), Explanations.count(s.clients().size(), "client", "clients")))
                    .incident(client + " smb push|" + (s.windowStart() / config.windowNanos()));
            ctx.alert(alert.build());
        }
    }
}
