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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a client that read a host's whole RPC endpoint table: one connection to the endpoint
 * mapper (TCP 135) that brought back tens of kilobytes, which is what enumerating every registered
 * interface and its binding returns (impacket {@code rpcdump.py}, nmap {@code msrpc-enum}, Metasploit's
 * {@code endpoint_mapper} scanner: ept_lookup over the whole table) and never what a client that
 * looks up one interface (ept_map: a few hundred bytes) or activates a DCOM object (one to three
 * kilobytes) receives.
 *
 * <p>ATT&CK: T1046 Network Service Discovery. DS0029: Network Traffic Flow (the guidance's
 * "uncommon data flows"): only the flow's port and byte count are read, so it works on NetFlow,
 * IPFIX and Zeek conn.log input as on captures.
 *
 * <p>Evidence: flow records to TCP port 135 whose responder sent at least {@code min_bytes}
 * (16 KiB), or, for one-way flow exports, a record from port 135 carrying that much to the client.
 * One incident per client and server within {@code window} (1 h). MEDIUM, confidence 0.7.
 *
 * <p>Measured on the corpus: rpcdump's connection carries 45,600 bytes from port 135 and a
 * Metasploit endpoint-mapper scan's 67,992; every other connection to 135 there (DCOM lateral
 * movement, WMI, PsExec and smbexec's endpoint lookups) 236 to 1,501.
 *
 * <p>Known false positives: a management server that keeps one connection to a host's endpoint
 * mapper for many DCOM activations in a row (list it in {@code ignore_clients}).
 */
public final class RpcEndpointDumpDetector implements Detector<String, RpcEndpointDumpDetector.State> {
    public static final String ID = "scan.rpc_endpoint_dump";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1046"));
    private static final int ENDPOINT_MAPPER = 135;

    /**
     * @param minBytes      bytes from the endpoint mapper in one connection that make a dump
     * @param windowNanos   how long one client's dumps of one server make one incident
     * @param ignoreClients management hosts
     */
    public record Config(long minBytes, long windowNanos, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(16_384, 3_600_000_000_000L, List.of());

        public Config {
            if (minBytes <= 0) throw new IllegalArgumentException(ID + ".min_bytes must be positive");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.longValue("min_bytes", d.minBytes()), s.durationNanos("window", d.windowNanos()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client and server pair in one window. */
    public record State(long windowStart, long last, long connections, long bytes) {}

    private final Config config;

    public RpcEndpointDumpDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    /** The bytes the endpoint mapper sent in this flow, 0 when it is not one of its flows. */
    static long served(FlowRecord f) {
        if (f.id() == null || !"tcp".equals(f.proto())) return 0;
        if (f.id().respP() == ENDPOINT_MAPPER) return f.respBytes() != null ? f.respBytes() : f.respIpBytes();
        // a one-way export of the answer: the mapper is the record's source
        if (f.id().origP() == ENDPOINT_MAPPER && f.respPkts() == 0) {
            return f.origBytes() != null ? f.origBytes() : f.origIpBytes();
        }
        return 0;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || served(f) < config.minBytes()) return null;
        String client = client(f), server = server(f);
        return config.ignoreClients().contains(client) ? null : client + ">" + server;
    }

    private static boolean oneWayAnswer(FlowRecord f) {
        return f.id().respP() != ENDPOINT_MAPPER;
    }

    private static String client(FlowRecord f) {
        return oneWayAnswer(f) ? f.id().respH() : f.id().origH();
    }

    private static String server(FlowRecord f) {
        return oneWayAnswer(f) ? f.id().origH() : f.id().respH();
    }

    @Override
    public State onEvent(String pair, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        long bytes = served(f);
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) ctx.timer(ts + config.windowNanos());
        var s = state == null ? new State(ts, ts, 1, bytes)
                : new State(state.windowStart(), Math.max(state.last(), ts), state.connections() + 1, state.bytes() + bytes);
        long nanos = f.durationNanos() == null ? 0 : f.durationNanos();
        String took = nanos < 1_000_000_000L ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : Explanations.duration(nanos);
        ctx.alert(Alert.builder(ID)
                .technique("T1046")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.MEDIUM)
                .confidence(0.7)
                .time(s.windowStart(), s.last())
                .srcHost(client(f))
                .dstHost(server(f))
                .dstPort(ENDPOINT_MAPPER)
                .evidence(f.uid(), f.communityId())
                .evidenceCount(1)
                .incident(pair + "|" + s.windowStart())
                .explanation(String.format(Locale.ROOT,
                        "%s received %,d bytes from the RPC endpoint mapper of %s (tcp/135) in one connection of %s "
                                + "(%,d bytes in %s): the whole endpoint table, as rpcdump and msrpc-enum read it; a lookup "
                                + "of one interface is a few hundred bytes (%,d or more make a dump)",
                        client(f), bytes, server(f), took,
                        s.bytes(), Explanations.count(s.connections(), "connection", "connections"), config.minBytes()))
                .build());
        return s;
    }

    @Override
    public State onTimer(String pair, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
