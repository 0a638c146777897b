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
import java.util.TreeMap;

/**
 * Finds LSA secrets read or changed from another host over the network: the Local Security
 * Authority's private data and secret objects reached through the {@code lsarpc} interface, which is how
 * mimikatz {@code lsadump::backupkeys} (and SharpDPAPI {@code backupkey}, impacket's
 * {@code dpapi.py backupkeys}) take a domain controller's DPAPI backup key
 * ({@code G$BCKUPKEY_PREFERRED}), with which every domain user's DPAPI-protected secrets can be
 * decrypted, and how a remote reader gets a service's stored password ({@code _SC_...}) or the
 * machine account's ({@code $MACHINE.ACC}). Writes come from the same tools and are reported with
 * the reads: mimikatz {@code lsadump::postzerologon} sets the machine account's secret after a
 * Zerologon attack (LsarOpenSecret, LsarSetSecret).
 *
 * <p>ATT&CK: T1003 OS Credential Dumping (LSA secrets; its sub-technique T1003.004 is not on the
 * DS0029 list). DS0029: Network Traffic Content (the decoded DCE/RPC operation: the guidance's
 * "protocol(s) ... associated with credential dumping").
 *
 * <p>Evidence: dce_rpc.log rows with endpoint {@code lsarpc} and operation LsarRetrievePrivateData,
 * LsarStorePrivateData, LsarOpenSecret, LsarQuerySecret or LsarSetSecret (also rows whose
 * endpoint was inferred from the request's stub because the bind was not captured:
 * {@code endpoint_inferred}), per client and server over a tumbling {@code window} (1 h).
 *
 * <p>Thresholds: none. Windows reads its secrets locally (over ncalrpc, not the network); the
 * remote calls are admin tools and credential theft. HIGH when a secret's value was read or written
 * (LsarRetrievePrivateData returns one in one step, the backup key's; LsarQuerySecret after an
 * open; LsarSetSecret, LsarStorePrivateData), MEDIUM when a secret was only opened. Confidence
 * 0.8; 0.7 when the endpoint was inferred.
 *
 * <p>Known false positives: legacy administration scripts that read a service account's stored
 * password from a management host: list those hosts in {@code ignore_clients}.
 */
public final class LsaSecretAccessDetector implements Detector<String, LsaSecretAccessDetector.State> {
    public static final String ID = "windows.lsa_secret_access";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1003"));
    private static final Set<String> READS = Set.of("LsarRetrievePrivateData", "LsarQuerySecret");
    private static final Set<String> WRITES = Set.of("LsarStorePrivateData", "LsarSetSecret");
    private static final Set<String> OPERATIONS = Set.of("LsarRetrievePrivateData", "LsarQuerySecret",
            "LsarStorePrivateData", "LsarSetSecret", "LsarOpenSecret");

    /**
     * @param windowNanos   how long one client's reads from one server make one incident
     * @param ignoreClients management hosts allowed to read secrets
     */
    public record Config(long windowNanos, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, List.of());

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

    /**
     * One client and server pair in one window.
     *
     * @param calls    calls per operation
     * @param inferred whether any call's endpoint was inferred
     */
    public record State(long windowStart, long last, TreeMap<String, Long> calls, boolean inferred, List<String> evidence) {}

    private final Config config;

    public LsaSecretAccessDetector(Config config) {
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
        if (!(event instanceof DceRpcCall c) || c.id() == null || !"lsarpc".equals(c.endpoint())
                || !OPERATIONS.contains(c.operation()) || config.ignoreClients().contains(c.callerH())) {
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
            state = new State(ts, ts, new TreeMap<>(), false, new ArrayList<>());
            ctx.timer(ts + config.windowNanos());
        }
        state.calls().merge(c.operation(), 1L, Long::sum);
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(c.uid());
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.calls(),
                state.inferred() || c.endpointInferred(), state.evidence());
        boolean read = false, written = false;
        for (String op : s.calls().keySet()) {
            read |= READS.contains(op);
            written |= WRITES.contains(op);
        }
        var counts = new ArrayList<String>();
        long total = 0;
        for (var e : s.calls().entrySet()) {
            counts.add(e.getKey() + " " + Explanations.count(e.getValue()));
            total += e.getValue();
        }
        var alert = Alert.builder(ID)
                .technique("T1003")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(read || written ? Severity.HIGH : Severity.MEDIUM)
                .confidence(s.inferred() ? 0.7 : 0.8)
                .time(s.windowStart(), s.last())
                .srcHost(c.callerH())
                .dstHost(c.calleeH())
                .dstPort(c.calleeP())
                .explanation(String.format(Locale.ROOT, "%s %s LSA secrets of %s over lsarpc: %s in %s (%s)%s",
                        c.callerH(), verb(read, written),
                        c.calleeH(),
                        Explanations.count(total, "call", "calls"), Explanations.elapsed(s.windowStart(), s.last()),
                        String.join(", ", counts),
                        s.inferred() ? "; the interface was named from the request, the bind was not captured" : ""))
                .incident(pair + "|" + s.windowStart());
        for (String uid : s.evidence()) alert.evidence(uid, null);
        alert.evidenceCount(s.evidence().size());
        s.evidence().clear();
        ctx.alert(alert.build());
        return s;
    }

    private static String verb(boolean read, boolean written) {
        return read && written ? "read and changed" : read ? "read" : written ? "changed" : "opened";
    }

    @Override
    public State onTimer(String pair, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
