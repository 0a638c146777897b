package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.http.HttpTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the Docker Engine API used from a host that had not used it before: an image built or
 * pulled on a container host by a remote client, the way cryptojacking campaigns (Kinsing, TeamTNT)
 * build their miner image on an exposed daemon.
 *
 * <p>ATT&CK: T1612 Build Image on Host. DS0029: Network Traffic Content (the HTTP request:
 * {@code POST /build} or {@code POST /images/create}, with or without the {@code /v1.NN} version
 * prefix, on any port), Network Connection Creation and Network Traffic Flow (an answered connection
 * to the API's ports 2375, plain, and 2376, TLS, from a client the daemon had not seen: the guidance's
 * "anomalous IPs that have never been seen before"). A connection alone cannot tell a build from a
 * {@code docker run} (T1610); the explanation says so, and a cleartext request settles it.
 *
 * <p>Evidence: per daemon (the responder), the clients seen so far and when it was first seen.
 * Content: every build/pull request is reported, HIGH from outside private address space (an exposed,
 * unauthenticated daemon), MEDIUM from inside unless the client is in {@code allowed_clients}.
 * Connection/flow: a client first seen after the daemon's {@code learning} period (1 h: CI runners and
 * admins that use the daemon show up in it) is MEDIUM, or HIGH when the client is external (then no
 * learning is needed: the API has no business being reached from the internet).
 *
 * <p>Known false positives: a new CI runner or administrator workstation (add it to
 * {@code allowed_clients}); Docker-in-Docker test rigs. Daemons listening on other ports are seen
 * only through the content path (the HTTP request's path).
 */
public final class DockerApiDetector implements Detector<String, DockerApiDetector.State> {

    public static final String ID = "container.remote_api";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            HttpTransaction.class);

    /**
     * @param learningNanos  how long a daemon's clients are learned before a new one is reported
     * @param maxClients     clients remembered per daemon
     * @param allowedClients addresses that may use any daemon (build servers)
     */
    public record Config(long learningNanos, int maxClients, List<String> allowedClients) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, 256, List.of());

        public Config {
            if (learningNanos < 0) throw new IllegalArgumentException(ID + ".learning must not be negative");
            if (maxClients < 1) throw new IllegalArgumentException(ID + ".max_clients must be positive");
            allowedClients = List.copyOf(allowedClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("learning", d.learningNanos()), s.intValue("max_clients", d.maxClients()),
                s.listValue("allowed_clients", d.allowedClients()));
    }

    /**
     * Per daemon: when it was first seen and the clients that have used it, learned apart for
     * connection creations and flow records (a source may give one, the other or both, and one
     * connection gives one of each).
     */
    public record State(long firstNanos, List<String> creationClients, List<String> flowClients) {}

    /** The Docker Engine API's registered ports: 2375 plain HTTP, 2376 HTTP over TLS. */
    private static final PortSet API_PORTS = PortSet.of(2375, 2376);

    private final Config config;

    public DockerApiDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1612"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case HttpTransaction h -> "POST".equals(h.method()) && apiCall(h.uri()) != null ? h.id().respH() : null;
            case ConnectionCreation c -> API_PORTS.contains(c.id().respP()) && "tcp".equals(c.proto())
                    && (c.outcome() == ConnectionCreation.Outcome.ESTABLISHED
                            || c.outcome() == ConnectionCreation.Outcome.MIDSTREAM) ? c.id().respH() : null;
            case FlowRecord f -> API_PORTS.contains(f.id().respP()) && "tcp".equals(f.proto()) && f.respPkts() > 0
                    && f.origBytes() != null && f.origBytes() > 0 ? f.id().respH() : null;
            default -> null;
        };
    }

    /** "build" or "images/create" when the path is that Engine API call; null otherwise. */
    static String apiCall(String uri) {
        if (uri == null) return null;
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.startsWith("/v1.")) {
            int slash = path.indexOf('/', 1);
            if (slash < 0) return null;
            path = path.substring(slash);
        }
        return switch (path) {
            case "/build" -> "build";
            case "/images/create" -> "images/create";
            default -> null;
        };
    }

    @Override
    public State onEvent(String daemon, State state, Event event, DetectorContext ctx) {
        if (state == null) state = new State(event.tsNanos(), List.of(), List.of());
        return switch (event) {
            case HttpTransaction h -> content(daemon, state, h, ctx);
            case ConnectionCreation c -> connection(daemon, state, c.tsNanos(), c.id(), c.uid(), c.communityId(),
                    Ds0029Component.NETWORK_CONNECTION_CREATION, c.process() == null ? null : c.process().image(), ctx);
            case FlowRecord f -> connection(daemon, state, f.tsNanos(), f.id(), f.uid(), f.communityId(),
                    Ds0029Component.NETWORK_TRAFFIC_FLOW, null, ctx);
            default -> state;
        };
    }

    private State content(String daemon, State state, HttpTransaction h, DetectorContext ctx) {
        String client = h.id().origH();
        if (config.allowedClients().contains(client)) return state;
        String call = apiCall(h.uri());
        boolean external = !AddressClasses.isPrivate(client);
        String what = call.equals("build") ? "built an image" : "pulled an image";
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1612")
                .severity(external ? Severity.HIGH : Severity.MEDIUM)
                .confidence(external ? 0.85 : 0.6)
                .time(h.tsNanos(), h.tsNanos())
                .srcHost(client)
                .dstHost(daemon)
                .dstPort(h.id().respP())
                .evidence(h.uid(), null)
                .incident(client + "|" + daemon + "|content")
                .explanation(String.format(Locale.ROOT,
                        "%s %s on the Docker daemon at %s:%d through the Engine API (POST %s, %s)%s",
                        client, what, daemon, h.id().respP(), shortUri(h.uri()),
                        h.statusCode() == null ? "no answer seen" : "status " + h.statusCode(),
                        external ? "; the client is outside private address space, so the daemon is exposed" : ""))
                .build());
        return state;
    }

    private State connection(String daemon, State state, long ts, ConnId id, String uid, String communityId,
            Ds0029Component component, String process, DetectorContext ctx) {
        String client = id.origH();
        boolean flow = component == Ds0029Component.NETWORK_TRAFFIC_FLOW;
        var clients = flow ? state.flowClients() : state.creationClients();
        if (clients.contains(client) || config.allowedClients().contains(client)) return state;
        boolean external = !AddressClasses.isPrivate(client);
        long known = ts - state.firstNanos();
        if (external || known >= config.learningNanos()) {
            var b = Alert.builder(ID)
                    .component(component)
                    .technique("T1612")
                    .severity(external ? Severity.HIGH : Severity.MEDIUM)
                    .confidence(external ? 0.7 : 0.45)
                    .time(ts, ts)
                    .srcHost(client)
                    .dstHost(daemon)
                    .dstPort(id.respP())
                    .process(process)
                    .evidence(uid, communityId)
                    .incident(client + "|" + daemon + "|connection");
            b.explanation(String.format(Locale.ROOT,
                    "%s reached the Docker Engine API at %s:%d (%s) for the first time; the daemon had %s in %s%s;"
                            + " images are built (or containers run) on the host this way",
                    client, daemon, id.respP(), id.respP() == 2376 ? "TLS" : "plain HTTP",
                    Explanations.count(clients.size(), "other client", "other clients"),
                    Explanations.duration(known),
                    external ? " and this client is outside private address space" : ""));
            ctx.alert(b.build());
        }
        if (clients.size() >= config.maxClients()) return state;
        var more = new ArrayList<>(clients);
        more.add(client);
        return flow ? new State(state.firstNanos(), state.creationClients(), List.copyOf(more))
                : new State(state.firstNanos(), List.copyOf(more), state.flowClients());
    }

    private static String shortUri(String uri) {
        return uri.length() > 120 ? uri.substring(0, 120) + "..." : uri;
    }

    @Override
    public State onTimer(String daemon, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
