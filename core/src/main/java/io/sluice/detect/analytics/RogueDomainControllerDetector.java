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
 * Finds a rogue domain controller (DCShadow): a host that is not a domain controller taking part in
 * directory replication as one. It registers itself or a replication partner (drsuapi DRSAddEntry,
 * DRSReplicaAdd called by a non-DC), it serves replication (a DC calling drsuapi on it, above all
 * DRSGetNCChanges: the real DC pulling the rogue's changes), or a DC looks up RPC endpoints on it
 * (the epmapper call a DC makes before it binds drsuapi on a new replication partner). The caller of
 * a call is the host that sent its request, which is the responder when the capture began inside the
 * connection with the server's packet (the DCShadow capture of the corpus: the rogue's DRSReplicaAdd).
 *
 * <p>ATT&CK: T1207 Rogue Domain Controller. DS0029: Network Traffic Content, the guidance: "network
 * traffic associated with data replication (such as calls to DrsAddEntry, DrsReplicaAdd, and
 * especially GetNCChanges) between DCs as well as to/from non DC hosts".
 *
 * <p>Evidence: dce_rpc.log rows (drsuapi operations; epmapper calls from a DC), and which hosts are
 * domain controllers: those serving Kerberos or LDAP to others (conn.log, answered), answering
 * netlogon calls, or listed in {@code domain_controllers}. Answering drsuapi does not make a host a
 * DC here (that is what the rogue does). Since a DC may be seen serving only later in the capture,
 * each finding is judged {@code decide_after} (10 min) after it, or at the end of input.
 *
 * <p>Thresholds: none; the calls are facts. Severity CRITICAL when a non-DC registers a DC or
 * partner (DRSAddEntry, DRSReplicaAdd) or a DC pulls changes from a non-DC (DRSGetNCChanges,
 * DRSReplicaSync on it); HIGH for other drsuapi calls a DC makes on a non-DC; MEDIUM when a DC only
 * looked up endpoints on a non-DC (DCs rarely call workstations' RPC, but management agents on a
 * DC may).
 *
 * <p>Known false positives: a DC being promoted (it registers itself with DRSAddEntry before it
 * serves anything the sensor sees: list new DCs in {@code domain_controllers}); read-only DCs and DCs
 * whose Kerberos/LDAP traffic the sensor does not see. DRSAddEntry by a non-DC is also what
 * mimikatz's DCShadow push does, which is the point.
 */
public final class RogueDomainControllerDetector implements Detector<String, RogueDomainControllerDetector.State> {
    public static final String ID = "dcerpc.replication";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class, FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1207"));
    private static final PortSet DC_PORTS = PortSet.of(88, 389, 636, 3268, 3269);
    private static final Set<String> REGISTERS = Set.of("DRSAddEntry", "DRSReplicaAdd");
    private static final Set<String> PULLS = Set.of("DRSGetNCChanges", "DRSReplicaSync");
    private static final int MAX_HOSTS = 4096;

    /**
     * @param decideAfterNanos  how long a finding waits for its hosts' roles to show
     * @param domainControllers known DCs
     */
    public record Config(long decideAfterNanos, List<String> domainControllers) {
        public static final Config DEFAULTS = new Config(600_000_000_000L, List.of());

        public Config {
            if (decideAfterNanos < 0) throw new IllegalArgumentException(ID + ".decide_after must not be negative");
            domainControllers = List.copyOf(domainControllers);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("decide_after", d.decideAfterNanos()),
                s.listValue("domain_controllers", d.domainControllers()));
    }

    /** A call waiting for its verdict. */
    public record Pending(long ts, String uid, String client, String server, int port, String endpoint, String operation) {}

    /** The hosts seen acting as DCs, and the calls waiting, by the time they are judged. */
    public record State(Set<String> controllers, TreeMap<Long, List<Pending>> pending) {}

    private final Config config;

    public RogueDomainControllerDetector(Config config) {
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

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (event instanceof DceRpcCall c && c.id() != null
                && ("drsuapi".equals(c.endpoint()) || "netlogon".equals(c.endpoint()) || "epmapper".equals(c.endpoint()))) {
            return "domain";
        }
        if (event instanceof FlowRecord f && f.id() != null && DC_PORTS.contains(f.id().respP()) && f.respPkts() > 0
                && f.respBytes() != null && f.respBytes() > 0) {
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
        String client = c.callerH(), server = c.calleeH(); // not id: a capture may begin with the server's packet
        if ("netlogon".equals(c.endpoint())) {
            if (state.controllers().size() < MAX_HOSTS) state.controllers().add(server);
            return state;
        }
        if (client.equals(server)) return state;
        boolean candidate = "drsuapi".equals(c.endpoint()) || c.operation() != null && c.operation().startsWith("ept_");
        if (!candidate) return state;
        long due = c.tsNanos() + config.decideAfterNanos();
        var list = state.pending().computeIfAbsent(due, k -> new ArrayList<>());
        if (list.isEmpty()) ctx.timer(due);
        if (list.size() < Alert.MAX_EVIDENCE) {
            list.add(new Pending(c.tsNanos(), c.uid(), client, server, c.calleeP(), c.endpoint(), c.operation()));
        }
        return state;
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        var due = state.pending().headMap(timerNanos, true);
        for (var list : due.values()) {
            for (Pending p : list) judge(p, state.controllers(), ctx);
        }
        due.clear();
        return state;
    }

    private static void judge(Pending p, Set<String> dcs, DetectorContext ctx) {
        boolean clientDc = dcs.contains(p.client()), serverDc = dcs.contains(p.server());
        Severity severity;
        String why;
        String rogue;
        if (p.endpoint().equals("drsuapi") && REGISTERS.contains(p.operation()) && !clientDc) {
            severity = Severity.CRITICAL;
            rogue = p.client();
            why = String.format(Locale.ROOT, "%s, which is not a domain controller, called drsuapi %s on %s: registering a"
                    + " domain controller or replication partner", p.client(), p.operation(), p.server());
        } else if (p.endpoint().equals("drsuapi") && clientDc && !serverDc) {
            severity = PULLS.contains(p.operation()) ? Severity.CRITICAL : Severity.HIGH;
            rogue = p.server();
            why = String.format(Locale.ROOT, "domain controller %s called drsuapi %s on %s, which serves no Kerberos or LDAP:"
                    + " %s is answering directory replication as a domain controller", p.client(), p.operation(), p.server(),
                    p.server());
        } else if (p.endpoint().equals("epmapper") && clientDc && !serverDc) {
            severity = Severity.MEDIUM;
            rogue = p.server();
            why = String.format(Locale.ROOT, "domain controller %s looked up RPC endpoints (%s) on %s, which serves no"
                    + " Kerberos or LDAP: what a DC does before it binds drsuapi on a new replication partner",
                    p.client(), p.operation(), p.server());
        } else {
            return;
        }
        ctx.alert(Alert.builder(ID)
                .technique("T1207")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.MEDIUM ? 0.45 : 0.85)
                .time(p.ts(), p.ts())
                .srcHost(p.client())
                .dstHost(p.server())
                .dstPort(p.port())
                .explanation(why + String.format(Locale.ROOT, " (%s known)", Explanations.count(dcs.size(),
                        "domain controller", "domain controllers")))
                .evidence(p.uid(), null)
                .incident(rogue + " rogue DC")
                .build());
    }
}
