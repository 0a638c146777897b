package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a web server calling back the client it has just served: after a client's HTTP(S)
 * connection to a web port of a host, that host opens a connection of its own to the same client.
 * That is the network shape of a web shell at work (a reverse shell, or the shell pulling a tool
 * from the operator's address); a web server answers its clients, it does not dial them.
 *
 * <p>ATT&CK: T1505.003 Server Software Component: Web Shell (and its parent T1505). DS0029: Network
 * Traffic Flow (the guidance: "uncommon data flows ... processes utilizing the network that do not
 * normally have network communication": a web server's process starting an outbound connection),
 * plus Network Connection Creation for the served request when the source reports it, which lets a
 * request that is still open (the shell's request hangs while the shell runs) count before it ends.
 *
 * <p>Evidence: per host pair, the inbound web connections (a responder port in {@code web_ports},
 * answered) and, within {@code window} (5 min) after the last of them, a connection the server
 * opened to that client (conn.log, any source: packets, NetFlow, Zeek). Explanation: ports, bytes
 * each way, the delay after the served request.
 *
 * <p>Thresholds: none: one callback is the fact. Severity HIGH when the callback goes to a port that
 * is not a web port (4444, a shell listener); MEDIUM when it goes to a web port, since two services
 * that call each other's APIs look alike. Ident lookups ({@code ignore_ports}: 113) and FTP's active
 * data connections (the server's port 20) are not callbacks.
 *
 * <p>Known false positives: web servers that call webhooks or OAuth endpoints on the same host that
 * called them; monitoring systems that are both a web client and a server for the monitored host
 * (list them in {@code ignore_clients}). Limits: with flow exports only, a request whose connection
 * outlives the callback arrives after it and is missed.
 */
public final class WebShellCallbackDetector implements Detector<JoinedKey, WebShellCallbackDetector.State> {
    public static final String ID = "http.shell_callback";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1505.003"), Technique.of("T1505"));

    /**
     * @param windowNanos   how long after a served request a connection back counts
     * @param webPorts      responder ports taken for web service
     * @param ignorePorts   callback ports that are part of ordinary service (ident)
     * @param ignoreClients clients a server may legitimately call back (monitoring, API peers)
     */
    public record Config(long windowNanos, List<Integer> webPorts, List<Integer> ignorePorts, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(300_000_000_000L,
                List.of(80, 443, 8000, 8008, 8080, 8443, 8888), List.of(113), List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            webPorts = List.copyOf(webPorts);
            ignorePorts = List.copyOf(ignorePorts);
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), ports(s.listValue("web_ports", null), d.webPorts()),
                ports(s.listValue("ignore_ports", null), d.ignorePorts()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    private static List<Integer> ports(List<String> values, List<Integer> dflt) {
        if (values == null) return dflt;
        var out = new java.util.ArrayList<Integer>();
        for (String v : values) {
            try {
                out.add(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("detectors." + ID + ": expected port numbers, got '" + v + "'");
            }
        }
        return List.copyOf(out);
    }

    /**
     * One host pair, keyed by the two addresses in order: which one served web to the other, when it
     * last did, how many requests, and whether the callback was reported.
     *
     * @param server   the address that served web (a pair whose two hosts both serve keeps the first)
     * @param served   web connections served to the client
     * @param lastServed start of the latest served connection
     */
    public record State(String server, int webPort, long firstServed, long lastServed, long served,
            long callbacks, String servedUid) {}

    private final Config config;

    public WebShellCallbackDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public JoinedKey key(Event event) {
        String a, b;
        switch (event) {
            case FlowRecord f when f.proto().equals("tcp") -> {
                a = f.id().origH();
                b = f.id().respH();
            }
            case ConnectionCreation c when c.proto().equals("tcp") && served(c) -> {
                a = c.id().origH();
                b = c.id().respH();
            }
            default -> {
                return null;
            }
        }
        if (a.equals(b) || AddressClasses.isGroup(b)) return null;
        return a.compareTo(b) < 0 ? new JoinedKey(a, "|", b) : new JoinedKey(b, "|", a);
    }

    private boolean served(ConnectionCreation c) {
        return c.outcome() == ConnectionCreation.Outcome.ESTABLISHED && config.webPorts().contains(c.id().respP());
    }

    private boolean served(FlowRecord f) {
        return config.webPorts().contains(f.id().respP()) && ProbeOutcome.of(f) == ProbeOutcome.OPEN;
    }

    @Override
    public State onEvent(JoinedKey pair, State state, Event event, DetectorContext ctx) {
        if (state != null && event.tsNanos() >= state.lastServed() + config.windowNanos() && state.callbacks() == 0) {
            state = null; // the last served request is too old to call back from
        }
        if (event instanceof ConnectionCreation c) return serve(state, c.id().respH(), c.id().origH(), c.id().respP(), c.tsNanos(), c.uid(), ctx);
        var f = (FlowRecord) event;
        String orig = f.id().origH(), resp = f.id().respH();
        if (served(f)) {
            if (state == null || state.server().equals(resp)) return serve(state, resp, orig, f.id().respP(), f.tsNanos(), f.uid(), ctx);
        }
        if (state == null || !state.server().equals(orig)) return state;
        // The server opened this connection to its client.
        int port = f.id().respP();
        long delay = f.tsNanos() - state.lastServed();
        if (delay < 0 || delay > config.windowNanos() || config.ignorePorts().contains(port) || f.id().origP() == 20
                || config.ignoreClients().contains(resp) || ProbeOutcome.of(f).failed()) {
            return state;
        }
        var s = new State(state.server(), state.webPort(), state.firstServed(), state.lastServed(), state.served(),
                state.callbacks() + 1, state.servedUid());
        boolean toWebPort = config.webPorts().contains(port);
        long out = f.origBytes() == null ? 0 : f.origBytes();
        long in = f.respBytes() == null ? 0 : f.respBytes();
        var alert = Alert.builder(ID)
                .technique("T1505.003")
                .technique("T1505")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(toWebPort ? Severity.MEDIUM : Severity.HIGH)
                .confidence(toWebPort ? 0.5 : 0.75)
                .time(s.firstServed(), f.tsNanos() + (f.durationNanos() == null ? 0 : f.durationNanos()))
                .srcHost(orig)
                .dstHost(resp)
                .dstPort(port)
                .explanation(String.format(Locale.ROOT,
                        "web server %s served %s on port %d to %s, then %s after the last one opened a connection "
                                + "back to %s:%d (%s out, %s in, %s)%s",
                        orig, Explanations.count(s.served(), "connection", "connections"), s.webPort(), resp,
                        Explanations.duration(delay), resp, port, Explanations.bytes(out), Explanations.bytes(in),
                        Explanations.duration(f.durationNanos() == null ? 0 : f.durationNanos()),
                        s.callbacks() > 1 ? "; " + Explanations.count(s.callbacks()) + " such connections" : ""))
                .evidence(s.servedUid(), null)
                .evidence(f.uid(), f.communityId())
                .incident(pair + "|" + s.firstServed());
        ctx.alert(alert.build());
        return s;
    }

    private State serve(State state, String server, String client, int port, long ts, String uid, DetectorContext ctx) {
        if (config.ignoreClients().contains(client)) return state;
        if (state != null && !state.server().equals(server)) return state;
        if (state != null && state.servedUid().equals(uid)) return state; // the flow record of a counted creation
        ctx.timer(ts + config.windowNanos());
        if (state == null) return new State(server, port, ts, ts, 1, 0, uid);
        return new State(server, state.webPort(), state.firstServed(), Math.max(ts, state.lastServed()),
                state.served() + 1, state.callbacks(), uid);
    }

    @Override
    public State onTimer(JoinedKey pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        return timerNanos >= state.lastServed() + config.windowNanos() ? null : state;
    }
}
