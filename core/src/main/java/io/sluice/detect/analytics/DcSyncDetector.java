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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds DCSync: a host that is not a domain controller asking a domain controller to replicate
 * directory data to it (drsuapi DRSGetNCChanges, DRSReplicaSync), which hands it every account's
 * password hashes (mimikatz {@code lsadump::dcsync}, impacket secretsdump).
 *
 * <p>ATT&CK: T1003.006 (and its parent T1003). DS0029: Network Traffic Content (the drsuapi
 * operation) and Network Traffic Flow (a replication flow between hosts that never replicate).
 *
 * <p>Evidence: dce_rpc.log rows with endpoint drsuapi and a replication operation (also when the
 * endpoint was inferred from the call sequence because the bind was not captured: the alert says so
 * and its confidence is lower); a host is taken
 * for a domain controller when it answers drsuapi calls itself, or serves Kerberos (88) or LDAP
 * (389, 636, 3268, 3269) to others (conn.log, answered connections). Because a DC's own replication
 * may come before the capture shows it serving anyone, a call is judged {@code decide_after} (10 min)
 * later, or at the end of input: CRITICAL if the caller is still not known as a DC. The DCs can also
 * be listed in {@code domain_controllers}.
 *
 * <p>Known false positives: a DC that serves nothing visible to the sensor during the capture
 * (list it), Azure AD Connect / Entra Connect servers with replication rights (list them too:
 * they sync password hashes by design).
 */
public final class DcSyncDetector implements Detector<String, DcSyncDetector.State> {

    public static final String ID = "windows.dcsync";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class, FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1003.006"), Technique.of("T1003"));
    private static final PortSet DC_PORTS = PortSet.of(88, 389, 636, 3268, 3269);
    private static final int MAX_HOSTS = 4096;

    public record Config(long decideAfterNanos, List<String> domainControllers) {
        public Config {
            domainControllers = List.copyOf(domainControllers);
        }

        public static Config defaults() {
            return new Config(600_000_000_000L, List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("decide_after", d.decideAfterNanos()),
                s.listValue("domain_controllers", d.domainControllers()));
    }

    /** A replication call waiting for its verdict. */
    public record Pending(long ts, String uid, String client, String server, int port, String operation,
            boolean inferred) {}

    /** The hosts seen acting as DCs, and the calls waiting, by the time they are judged. */
    public record State(Set<String> controllers, TreeMap<Long, List<Pending>> pending) {}

    private final Config config;

    public DcSyncDetector(Config config) {
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

    static boolean replication(String operation) {
        return "DRSGetNCChanges".equals(operation) || "DRSReplicaSync".equals(operation);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (event instanceof DceRpcCall c && c.id() != null && "drsuapi".equals(c.endpoint())) return "domain";
        if (event instanceof FlowRecord f && f.id() != null && DC_PORTS.contains(f.id().respP()) && f.respPkts() > 0
                && ("udp".equals(f.proto()) || f.history() != null && f.history().indexOf('h') >= 0)) {
            return "domain"; // an answered Kerberos or LDAP service
        }
        return null;
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        if (state == null) state = new State(new HashSet<>(config.domainControllers()), new TreeMap<>());
        if (event instanceof FlowRecord f) {
            if (state.controllers().size() < MAX_HOSTS) state.controllers().add(f.id().respH());
            return state;
        }
        var c = (DceRpcCall) event;
        if (state.controllers().size() < MAX_HOSTS) state.controllers().add(c.calleeH());
        if (!replication(c.operation()) || state.controllers().contains(c.callerH())) return state;
        long due = c.tsNanos() + config.decideAfterNanos();
        var list = state.pending().computeIfAbsent(due, k -> new ArrayList<>());
        if (list.isEmpty()) ctx.timer(due);
        if (list.size() < Alert.MAX_EVIDENCE) {
            list.add(new Pending(c.tsNanos(), c.uid(), c.callerH(), c.calleeH(), c.calleeP(), c.operation(),
                    c.endpointInferred()));
        }
        return state;
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        var due = state.pending().headMap(timerNanos, true);
        for (var list : due.values()) {
            for (Pending p : list) {
                if (state.controllers().contains(p.client())) continue;
                ctx.alert(Alert.builder(ID)
                        .technique("T1003.006")
                        .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                        .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                        .severity(Severity.CRITICAL)
                        // an interface named from the call sequence (bind not captured) is a little less sure
                        .confidence(p.inferred() ? 0.75 : 0.85)
                        .time(p.ts(), p.ts())
                        .srcHost(p.client())
                        .dstHost(p.server())
                        .dstPort(p.port())
                        .explanation(String.format(Locale.ROOT,
                                "%s asked domain controller %s for directory replication (drsuapi %s%s) but was never"
                                        + " seen serving drsuapi, Kerberos or LDAP itself (%d domain controller%s known)",
                                p.client(), p.server(), p.operation(),
                                p.inferred() ? ", interface inferred from the call sequence: the bind was not captured" : "",
                                state.controllers().size(), state.controllers().size() == 1 ? "" : "s"))
                        .evidence(p.uid(), null)
                        .incident(p.client() + "|" + p.server())
                        .build());
            }
        }
        due.clear();
        return state;
    }
}
