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
 * logged-on collection); in flow records, the Finger protocol's queries (TCP 79, a service whose
 * one purpose is to list a host's users) and connections opened by the tools made for the
 * purpose ({@code PsLoggedon}, {@code NetSess}, {@code quser}/{@code qwinsta}/{@code query} with
 * {@code /server:}, {@code finger}, {@code rusers}) when the flow source names the process.
 *
 * <p>ATT&CK: T1033 (System Owner/User Discovery). DS0029: Network Traffic Content (the RPC
 * operation: the guidance's "anomalous syntax or structure" of traffic, here its meaning) and
 * Network Traffic Flow (the guidance's "uncommon data flows": a flow to the Finger port, or from a
 * process that only uses the network to ask who is logged on, as host flow logs name it), to
 * private addresses. A flow
 * to SMB or RPC alone does not say which operation it carried, so plain SMB flows are not counted.
 *
 * <p>Evidence: dce_rpc.log rows with those operations, and conn.log rows (or host flow logs) of
 * those flows that reached another host, per client over a tumbling window ({@code window}, 1 h):
 * the hosts it enumerated and the operations or flows used. MEDIUM for one or a few
 * targets (an administrator's PsLoggedOn looks the same), HIGH when one client enumerates
 * {@code min_targets} (5) hosts, the sweep of SharpHound and of attackers hunting an admin's
 * session. NetrSessionEnum against file servers and DCs is also what Windows' own "Computer
 * Management" does, which is why a single call stays MEDIUM.
 *
 * <p>Known false positives: helpdesk and inventory tools that ask who is logged on; list their
 * hosts in {@code ignore_clients}. Finger servers still run on some Unix hosts and printers; a
 * finger client polling one is a single MEDIUM target.
 */
public final class UserDiscoveryDetector implements Detector<String, UserDiscoveryDetector.State> {

    public static final String ID = "windows.user_discovery";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class, FlowRecord.class);
    /** Programs whose network use is asking other hosts who is logged on (lower-case file names). */
    private static final Set<String> DISCOVERY_TOOLS = Set.of("psloggedon.exe", "psloggedon64.exe", "netsess.exe",
            "quser.exe", "qwinsta.exe", "query.exe", "finger.exe", "finger", "rusers");
    private static final int FINGER = 79;
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

    /**
     * One client in one window: targets, operations or flows used, severity alerted so far, and
     * whether the evidence came from RPC content or from flows (an alert names the components seen).
     */
    public record State(long windowStart, long last, Set<String> targets, Set<String> operations, int alerted,
            boolean fromContent, boolean fromFlows) {}

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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
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

    /** What a flow shows of user discovery: "finger/79", "PsLoggedon64.exe", or null when nothing. */
    static String discoveryFlow(FlowRecord f) {
        // most flows: no process named and not the Finger port (asked first: every flow record comes here)
        if (f.id() == null || (f.process() == null && f.id().respP() != FINGER)) return null;
        // inside the network: finger.exe to an outside host is the download trick (T1105), not discovery
        if (f.id().origH().equals(f.id().respH()) || !AddressClasses.isPrivate(f.id().respH())) return null;
        if (f.process() != null && f.process().image() != null) {
            String image = ProcessNetworkDetector.fileName(f.process().image());
            if (DISCOVERY_TOOLS.contains(image)) return image;
        }
        // an answered query: the server said something back (a closed port lists nobody)
        if (f.ipProto() == 6 && f.id().respP() == FINGER && f.respPkts() > 0
                && (f.respBytes() == null ? f.respIpBytes() > 40L * f.respPkts() : f.respBytes() > 0)) {
            return "finger/79";
        }
        return null;
    }

    @Override
    public String key(Event event) {
        String client;
        switch (event) {
            case DceRpcCall c when c.id() != null && enumeratesUsers(c.endpoint(), c.operation())
                    && !c.id().origH().equals(c.id().respH()) -> client = c.id().origH();
            case FlowRecord f when discoveryFlow(f) != null -> client = f.id().origH();
            default -> {
                return null;
            }
        }
        return config.ignoreClients().contains(client) ? null : client;
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        String target, used, uid, communityId;
        boolean flow = event instanceof FlowRecord;
        if (event instanceof FlowRecord f) {
            target = f.id().respH();
            used = discoveryFlow(f);
            used = used.equals("finger/79") ? "finger/79" : "flows of " + used;
            uid = f.uid();
            communityId = f.communityId();
        } else {
            var c = (DceRpcCall) event;
            target = c.id().respH();
            used = c.endpoint() + " " + c.operation();
            uid = c.uid();
            communityId = null;
        }
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, new TreeSet<>(), new TreeSet<>(), -1, false, false);
            ctx.timer(ts + config.windowNanos());
        }
        if (state.targets().size() < MAX_TARGETS) state.targets().add(target);
        state.operations().add(used);
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.targets(), state.operations(),
                state.alerted(), state.fromContent() || !flow, state.fromFlows() || flow);
        int targets = s.targets().size();
        var severity = targets >= config.minTargets() ? Severity.HIGH : Severity.MEDIUM;
        var alert = Alert.builder(ID)
                .technique("T1033")
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.75 : 0.4)
                .time(s.windowStart(), s.last())
                .srcHost(client)
                .explanation(String.format(Locale.ROOT, "%s asked %d host%s who is logged on (%s)%s", client, targets,
                        targets == 1 ? "" : "s", String.join(", ", s.operations()),
                        severity == Severity.HIGH ? ": a sweep for users' sessions" : ""))
                .evidence(uid, communityId)
                .incident(client + "|" + s.windowStart());
        if (s.fromContent()) alert.component(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        if (s.fromFlows()) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        int n = 0;
        for (String t : s.targets()) if (n++ < Alert.MAX_ENTITIES) alert.dstHost(t);
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.last(), s.targets(), s.operations(),
                Math.max(s.alerted(), severity.ordinal()), s.fromContent(), s.fromFlows());
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        return state.windowStart() + config.windowNanos() <= timerNanos ? null : state;
    }
}
