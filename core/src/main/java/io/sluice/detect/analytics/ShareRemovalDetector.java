package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds network shares and share sessions removed from another host over the network: the server
 * service's NetrShareDel (a share deleted, {@code net share x /delete} run against a remote host or
 * the cleanup of a staging share a tool created) and NetrSessionDel (the SMB sessions connected to
 * a server torn down, {@code net session \\client /delete}), called over the {@code srvsvc} pipe.
 *
 * <p>ATT&CK: T1070.005 Indicator Removal: Network Share Connection Removal (sessions and shares
 * removed), with its parent T1070 Indicator Removal. DS0029: Network Traffic Content (the decoded
 * DCE/RPC operation on the SMB session: the guidance's "SMB traffic ... decoded to look for related
 * network share session ... activity").
 *
 * <p>Evidence: dce_rpc.log rows with endpoint {@code srvsvc} and operation NetrShareDel,
 * NetrShareDelSticky, NetrShareDelStart or NetrSessionDel, per client and server pair over a
 * tumbling {@code window} (12 h); a NetrShareAdd from the same client to the same server earlier in
 * the window marks a share that was created and removed again.
 *
 * <p>Thresholds: none: administrators rarely delete shares or sessions on other hosts from the
 * network, so one call is reported, MEDIUM; HIGH when the client had added a share on that server in
 * the window (set up, used, removed: a tool's staging share). Not seen: {@code net use /delete} run on
 * the client, which ends its own connection with an SMB tree disconnect that every client sends when
 * it closes a share; the traffic cannot tell that cleanup from ordinary use.
 *
 * <p>Known false positives: file server administration from a management host (Computer Management,
 * scripted share migration): list those hosts in {@code ignore_clients}.
 */
public final class ShareRemovalDetector implements Detector<String, ShareRemovalDetector.State> {
    public static final String ID = "smb.share_removal";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1070.005"), Technique.of("T1070"));
    private static final Set<String> SHARE_DELETES = Set.of("NetrShareDel", "NetrShareDelSticky", "NetrShareDelStart");

    /**
     * @param windowNanos   how long a pair's share additions and removals are related
     * @param ignoreClients hosts that administer file servers
     */
    public record Config(long windowNanos, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(43_200_000_000_000L, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client and server pair in one window. */
    public record State(long windowStart, long last, long added, long sharesDeleted, long sessionsDeleted,
            Set<String> operations, List<String> evidence) {}

    private final Config config;

    public ShareRemovalDetector(Config config) {
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

    private static boolean relevant(String operation) {
        return SHARE_DELETES.contains(operation) || "NetrSessionDel".equals(operation) || "NetrShareAdd".equals(operation);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DceRpcCall c) || c.id() == null || !"srvsvc".equals(c.endpoint())
                || !relevant(c.operation()) || config.ignoreClients().contains(c.callerH())) {
            return null;
        }
        return c.callerH() + ">" + c.calleeH();
    }

    @Override
    public State onEvent(String pair, State state, Event event, DetectorContext ctx) {
        var c = (DceRpcCall) event;
        long ts = c.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, 0, 0, 0, new TreeSet<>(), new ArrayList<>());
            ctx.timer(ts + config.windowNanos());
        }
        String op = c.operation();
        boolean add = op.equals("NetrShareAdd");
        boolean shareDel = SHARE_DELETES.contains(op);
        if (!add) state.operations().add(op);
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(c.uid());
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.added() + (add ? 1 : 0),
                state.sharesDeleted() + (shareDel ? 1 : 0), state.sessionsDeleted() + (op.equals("NetrSessionDel") ? 1 : 0),
                state.operations(), state.evidence());
        if (add) return s;
        boolean staged = s.added() > 0 && s.sharesDeleted() > 0;
        var what = new ArrayList<String>();
        if (s.sharesDeleted() > 0) what.add("deleted " + Explanations.count(s.sharesDeleted(), "share", "shares"));
        if (s.sessionsDeleted() > 0) what.add("tore down " + Explanations.count(s.sessionsDeleted(), "SMB session", "SMB sessions"));
        var alert = Alert.builder(ID)
                .technique("T1070.005")
                .technique("T1070")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(staged ? Severity.HIGH : Severity.MEDIUM)
                .confidence(staged ? 0.75 : 0.55)
                .time(s.windowStart(), s.last())
                .srcHost(c.callerH())
                .dstHost(c.calleeH())
                .dstPort(c.calleeP())
                .explanation(String.format(Locale.ROOT, "%s %s on %s over srvsvc (%s)%s", c.callerH(),
                        String.join(" and ", what), c.calleeH(), String.join(", ", s.operations()),
                        staged ? " after adding " + Explanations.count(s.added(), "share", "shares")
                                + " there itself: a staging share set up and removed" : ""))
                .incident(pair + "|" + s.windowStart());
        for (String uid : s.evidence()) alert.evidence(uid, null);
        alert.evidenceCount(s.evidence().size());
        s.evidence().clear();
        ctx.alert(alert.build());
        return s;
    }

    @Override
    public State onTimer(String pair, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
