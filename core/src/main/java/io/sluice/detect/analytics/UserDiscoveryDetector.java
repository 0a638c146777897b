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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds remote enumeration of who is logged on to other hosts: the registry's HKEY_USERS opened
 * remotely (winreg OpenUsers, as PsLoggedOn does, usually followed by lsarpc LsarLookupSids to name
 * the profiles' SIDs), server sessions listed (srvsvc NetrSessionEnum, NetSess and SharpHound's
 * session collection) and interactive users listed (wkssvc NetrWkstaUserEnum, SharpHound's
 * logged-on collection).
 *
 * <p>ATT&CK: T1033 (System Owner/User Discovery). DS0029: Network Traffic Content (the RPC
 * operation: the guidance's "anomalous syntax or structure" of traffic, here its meaning).
 *
 * <p>Evidence: dce_rpc.log rows with those operations, per client over a tumbling window
 * ({@code window}, 1 h): the hosts it enumerated and the operations used. MEDIUM for one or a few
 * targets (an administrator's PsLoggedOn looks the same), HIGH when one client enumerates
 * {@code min_targets} (5) hosts, the sweep of SharpHound and of attackers hunting an admin's
 * session. NetrSessionEnum against file servers and DCs is also what Windows' own "Computer
 * Management" does, which is why a single call stays MEDIUM.
 *
 * <p>Known false positives: helpdesk and inventory tools that ask who is logged on; list their
 * hosts in {@code ignore_clients}.
 */
public final class UserDiscoveryDetector implements Detector<String, UserDiscoveryDetector.State> {

    public static final String ID = "windows.user_discovery";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1033"));
    private static final int MAX_TARGETS = 256;

    public record Config(long windowNanos, int minTargets, List<String> ignoreClients) {
        public Config {
            ignoreClients = List.copyOf(ignoreClients);
        }

        public static Config defaults() {
            return new Config(3_600_000_000_000L, 5, List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_targets", d.minTargets()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client in one window: targets, operations used, severity alerted so far. */
    public record State(long windowStart, long last, Set<String> targets, Set<String> operations, int alerted) {}

    private final Config config;

    public UserDiscoveryDetector(Config config) {
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

    static boolean enumeratesUsers(String endpoint, String operation) {
        return ("winreg".equals(endpoint) && "OpenUsers".equals(operation))
                || ("srvsvc".equals(endpoint) && "NetrSessionEnum".equals(operation))
                || ("wkssvc".equals(endpoint) && "NetrWkstaUserEnum".equals(operation));
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DceRpcCall c) || c.id() == null || !enumeratesUsers(c.endpoint(), c.operation())
                || config.ignoreClients().contains(c.id().origH()) || c.id().origH().equals(c.id().respH())) {
            return null;
        }
        return c.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var c = (DceRpcCall) event;
        long ts = c.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, new TreeSet<>(), new TreeSet<>(), -1);
            ctx.timer(ts + config.windowNanos());
        }
        if (state.targets().size() < MAX_TARGETS) state.targets().add(c.id().respH());
        state.operations().add(c.endpoint() + " " + c.operation());
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.targets(), state.operations(),
                state.alerted());
        int targets = s.targets().size();
        var severity = targets >= config.minTargets() ? Severity.HIGH : Severity.MEDIUM;
        var alert = Alert.builder(ID)
                .technique("T1033")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.75 : 0.4)
                .time(s.windowStart(), s.last())
                .srcHost(client)
                .explanation(String.format(Locale.ROOT, "%s asked %d host%s who is logged on (%s)%s", client, targets,
                        targets == 1 ? "" : "s", String.join(", ", s.operations()),
                        severity == Severity.HIGH ? ": a sweep for users' sessions" : ""))
                .evidence(c.uid(), null)
                .incident(client + "|" + s.windowStart());
        int n = 0;
        for (String t : s.targets()) if (n++ < Alert.MAX_ENTITIES) alert.dstHost(t);
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.last(), s.targets(), s.operations(),
                Math.max(s.alerted(), severity.ordinal()));
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state.windowStart() + config.windowNanos() <= timerNanos ? null : state;
    }
}
