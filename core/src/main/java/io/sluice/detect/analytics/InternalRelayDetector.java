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
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.socks.SocksRequest;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds an internal host relaying for others: a connection from another internal host to it,
 * and at once a connection from it to the outside carrying the same bytes each way, again and
 * again (an internal proxy chaining a host without internet access to the C2).
 *
 * <p>ATT&CK: T1090 Proxy, T1090.001 Internal Proxy. DS0029: Network Traffic Flow, and Network
 * Traffic Content for relays asked by HTTP {@code CONNECT} or SOCKS.
 *
 * <p>Evidence, per relay host: {@link FlowRecord}s into it from internal hosts and out of it to
 * outside hosts (locality from the source's {@code local_orig}/{@code local_resp}, else private
 * address space). An inbound and an outbound flow pair when the outbound starts within
 * {@code pair_window} after the inbound and both directions' payload bytes agree within
 * {@code byte_tolerance} (or 600 bytes, what a SOCKS or HTTP proxy's own handshake and headers
 * add), with at least {@code min_bytes} back from the outside. Each flow pairs once. Content: an
 * {@link HttpTransaction} {@code CONNECT} or a {@link SocksRequest} (SOCKS 4, 4a or 5, found by
 * content on any port: the pivots that tools such as chisel or a dropped 3proxy open) from one
 * internal host to another, and within {@code pair_window} an outbound connection of the second (its
 * connection event or flow record) to the port the request named: the host is a proxy, one finding
 * per request.
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): {@code pair_window} 2 s,
 * {@code byte_tolerance} 0.25, {@code min_bytes} 1 KiB, {@code min_pairs} 3 within {@code window}
 * 1 h. Bounded: the last 256 unpaired flows each way per host; state dropped a window after the
 * host's last flow.
 *
 * <p>Known false positives: the organisation's own forward and reverse proxies, NAT gateways,
 * jump hosts and port forwarders, which do exactly this by design: list them to skip.
 */
public final class InternalRelayDetector implements Detector<String, InternalRelayDetector.RelayState> {
    public static final String ID = "proxy.internal_relay";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            HttpTransaction.class, SocksRequest.class);
    static final int MAX_FLOWS = 256;
    static final long SLACK_BYTES = 600;
    static final int MAX_CONNECTS = 64;

    public record Config(long pairWindowNanos, double byteTolerance, long minBytes, int minPairs, long windowNanos,
            List<String> skipHosts) {
        public static final Config DEFAULTS = new Config(2_000_000_000L, 0.25, 1_024, 3, 3_600_000_000_000L, List.of());

        public Config {
            if (pairWindowNanos <= 0 || windowNanos <= 0) throw new IllegalArgumentException(ID + ": windows must be positive");
            if (byteTolerance < 0 || byteTolerance >= 1) throw new IllegalArgumentException(ID + ".byte_tolerance must be in [0, 1)");
            if (minPairs < 1) throw new IllegalArgumentException(ID + ".min_pairs must be at least 1");
            skipHosts = List.copyOf(skipHosts);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("pair_window", d.pairWindowNanos()), s.doubleValue("byte_tolerance", d.byteTolerance()),
                s.longValue("min_bytes", d.minBytes()), s.intValue("min_pairs", d.minPairs()),
                s.durationNanos("window", d.windowNanos()), s.listValue("skip_hosts", d.skipHosts()));
    }

    /** A CONNECT or SOCKS request to the relay ({@code how} names it), waiting for the relay's outbound connection. */
    record Connect(long tsNanos, String client, String target, int port, String uid, String how) implements Serializable {}

    /** One flow waiting for its partner. */
    record Leg(long tsNanos, long sent, long received, String peer, int port, String uid, String communityId)
            implements Serializable {}

    /** One relay candidate: unpaired legs each way, and the pairs of the current window. */
    public static final class RelayState implements Serializable {
        private static final long serialVersionUID = 1L;
        final ArrayDeque<Leg> inbound = new ArrayDeque<>();
        final ArrayDeque<Leg> outbound = new ArrayDeque<>();
        final ArrayDeque<Connect> connects = new ArrayDeque<>();
        final ArrayDeque<Leg> recentOut = new ArrayDeque<>();
        /** The uids of the last outbound connections seen, oldest first (a set: asked about every flow). */
        final LinkedHashSet<String> outUids = new LinkedHashSet<>();
        long windowStart = Long.MIN_VALUE;
        int pairs;
        long first;
        long last;
        long lastSeenNanos;
        boolean timerSet;
        final TreeSet<String> clients = new TreeSet<>();
        final TreeSet<String> destinations = new TreeSet<>();
        final TreeSet<Integer> ports = new TreeSet<>();
        final EvidenceLog evidence = new EvidenceLog();
    }

    private final Config config;

    public InternalRelayDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1090"), Technique.of("T1090.001"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (event instanceof HttpTransaction h) {
            if (!"CONNECT".equalsIgnoreCase(h.method()) || !AddressClasses.isPrivate(h.id().origH())
                    || !AddressClasses.isPrivate(h.id().respH()) || config.skipHosts().contains(h.id().respH())) {
                return null;
            }
            return h.id().respH();
        }
        if (event instanceof SocksRequest r) {
            boolean internal = AddressClasses.isPrivate(r.id().origH()) && AddressClasses.isPrivate(r.id().respH());
            return internal && r.requestPort() != null && !config.skipHosts().contains(r.id().respH()) ? r.id().respH() : null;
        }
        if (event instanceof ConnectionCreation c) {
            boolean out = c.localOrig() && !c.localResp() && "tcp".equals(c.proto()) && !config.skipHosts().contains(c.id().origH());
            return out ? c.id().origH() : null;
        }
        if (!(event instanceof FlowRecord f) || !"tcp".equals(f.proto()) || f.origBytes() == null || f.respBytes() == null) {
            return null;
        }
        boolean origInside = inside(f.localOrig(), f.id().origH()), respInside = inside(f.localResp(), f.id().respH());
        String relay = origInside && respInside ? f.id().respH() : origInside ? f.id().origH() : null;
        return relay == null || config.skipHosts().contains(relay) ? null : relay;
    }

    private static boolean inside(Boolean local, String ip) {
        return local != null ? local : AddressClasses.isPrivate(ip);
    }

    @Override
    public RelayState onEvent(String relay, RelayState state, Event event, DetectorContext ctx) {
        var s = state != null ? state : new RelayState();
        s.lastSeenNanos = Math.max(s.lastSeenNanos, event.tsNanos());
        if (!s.timerSet) {
            s.timerSet = true;
            ctx.timer(event.tsNanos() + config.windowNanos());
        }
        switch (event) {
            case HttpTransaction h -> {
                int port = connectPort(h.uri() != null && !h.uri().isEmpty() ? h.uri() : h.host());
                request(relay, s, new Connect(h.tsNanos(), h.id().origH(), h.uri() != null ? h.uri() : h.host(), port, h.uid(),
                        "an HTTP CONNECT"), ctx);
                return s;
            }
            case SocksRequest r -> {
                String target = (r.requestName() != null ? r.requestName() : r.requestHost()) + ":" + r.requestPort();
                request(relay, s, new Connect(r.tsNanos(), r.id().origH(), target, r.requestPort(), r.uid(),
                        "a SOCKS " + r.version() + " request"), ctx);
                return s;
            }
            case ConnectionCreation c -> {
                outboundStart(relay, s, new Leg(c.tsNanos(), 0, 0, c.id().respH(), c.id().respP(), c.uid(), c.communityId()), ctx);
                return s;
            }
            default -> {}
        }
        var f = (FlowRecord) event;
        if (!relay.equals(f.id().respH())) {
            outboundStart(relay, s, new Leg(f.tsNanos(), 0, 0, f.id().respH(), f.id().respP(), f.uid(), f.communityId()), ctx);
        }
        boolean in = relay.equals(f.id().respH());
        var leg = new Leg(f.tsNanos(), f.origBytes(), f.respBytes(), in ? f.id().origH() : f.id().respH(), f.id().respP(),
                f.uid(), f.communityId());
        Leg partner = null;
        // a leg that received too little pairs with none (pairs() asks it of both legs): no need to look
        boolean pairable = leg.received() >= config.minBytes();
        for (var it = (in ? s.outbound : s.inbound).iterator(); pairable && it.hasNext(); ) {
            Leg other = it.next();
            Leg i = in ? leg : other, o = in ? other : leg;
            if (pairs(i, o)) {
                partner = other;
                it.remove();
                break;
            }
        }
        if (partner == null) {
            var legs = in ? s.inbound : s.outbound;
            if (legs.size() >= MAX_FLOWS) legs.removeFirst();
            legs.addLast(leg);
            return s;
        }
        Leg i = in ? leg : partner, o = in ? partner : leg;
        if (s.windowStart == Long.MIN_VALUE || i.tsNanos() >= s.windowStart + config.windowNanos()) {
            s.windowStart = i.tsNanos();
            s.pairs = 0;
            s.first = i.tsNanos();
            s.clients.clear();
            s.destinations.clear();
            s.ports.clear();
            s.evidence.clear();
        }
        s.pairs++;
        s.first = Math.min(s.first, i.tsNanos());
        s.last = Math.max(s.last, o.tsNanos());
        if (s.clients.size() < 20) s.clients.add(i.peer());
        if (s.destinations.size() < 20) s.destinations.add(o.peer());
        if (s.ports.size() < 20) s.ports.add(o.port());
        s.evidence.add(i.uid(), i.communityId());
        s.evidence.add(o.uid(), o.communityId());
        if (s.pairs >= config.minPairs()) report(relay, s, i, o, ctx);
        return s;
    }

    /** A CONNECT or SOCKS request to the relay: reported if its outbound connection to the named port was already seen, else kept. */
    private void request(String relay, RelayState s, Connect request, DetectorContext ctx) {
        for (var it = s.recentOut.iterator(); it.hasNext(); ) {
            Leg out = it.next();
            if (connectPairs(request, out)) {
                it.remove();
                reportConnect(relay, request, out, ctx);
                return;
            }
        }
        if (s.connects.size() >= MAX_CONNECTS) s.connects.removeFirst();
        s.connects.addLast(request);
    }

    /** An outbound connection of the relay: pairs with a waiting CONNECT, else kept for one arriving later. */
    private void outboundStart(String relay, RelayState s, Leg out, DetectorContext ctx) {
        if (out.uid() != null && s.outUids.contains(out.uid())) return; // its creation was already seen
        if (out.uid() != null) {
            s.outUids.addLast(out.uid());
            if (s.outUids.size() > MAX_FLOWS) s.outUids.removeFirst();
        }
        for (var it = s.connects.iterator(); it.hasNext(); ) {
            Connect request = it.next();
            if (connectPairs(request, out)) {
                it.remove();
                reportConnect(relay, request, out, ctx);
                return;
            }
        }
        if (s.recentOut.size() >= MAX_FLOWS) s.recentOut.removeFirst();
        s.recentOut.addLast(out);
    }

    private boolean connectPairs(Connect request, Leg out) {
        long lag = out.tsNanos() - request.tsNanos();
        // the request is logged when parsed, the outbound connection opened on receipt: allow either order
        return Math.abs(lag) <= config.pairWindowNanos() && request.port() == out.port();
    }

    private void reportConnect(String relay, Connect request, Leg out, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.001")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(Math.min(request.tsNanos(), out.tsNanos()), Math.max(request.tsNanos(), out.tsNanos()))
                .srcHost(relay)
                .dstHost(out.peer())
                .dstPort(out.port())
                .evidence(request.uid(), null)
                .evidence(out.uid(), out.communityId())
                .incident(relay + " internal relay")
                .explanation(String.format(Locale.ROOT,
                        "%s, inside the network, took %s from %s for %s and connected to %s:%d %s later:"
                                + " an internal proxy", relay, request.how(), request.client(), request.target(), out.peer(), out.port(),
                        Explanations.seconds(Math.abs(out.tsNanos() - request.tsNanos()) / 1e9)));
        ctx.alert(b.build());
    }

    /** The port of a CONNECT target "host:port" ("[v6]:port"), or -1. */
    static int connectPort(String target) {
        if (target == null) return -1;
        int colon = target.lastIndexOf(':');
        if (colon < 0 || colon == target.length() - 1 || target.indexOf(']', colon) >= 0) return -1;
        try {
            return Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean pairs(Leg in, Leg out) {
        long lag = out.tsNanos() - in.tsNanos();
        if (lag < 0 || lag > config.pairWindowNanos()) return false;
        if (in.received() < config.minBytes() || out.received() < config.minBytes()) return false;
        return similar(in.sent(), out.sent()) && similar(in.received(), out.received());
    }

    private boolean similar(long a, long b) {
        return Math.abs(a - b) <= Math.max(SLACK_BYTES, config.byteTolerance() * Math.max(a, b));
    }

    private void report(String relay, RelayState s, Leg in, Leg out, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.001")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(s.first, s.last)
                .srcHost(relay)
                .incident(relay + " internal relay")
                .explanation(String.format(Locale.ROOT,
                        "%s relayed %s from %s to %s within %s: each outbound connection began at most %s after an inbound"
                                + " one and carried the same bytes (last: %s in, %s out; %s): an internal proxy",
                        relay, Explanations.count(s.pairs, "connection", "connections"), Explanations.list(s.clients, 5),
                        Explanations.list(s.destinations, 5), Explanations.span(s.last - s.first),
                        Explanations.seconds(config.pairWindowNanos() / 1e9), Explanations.bytes(in.sent() + in.received()),
                        Explanations.bytes(out.sent() + out.received()),
                        in.peer() + " → " + relay + ":" + in.port() + " → " + out.peer() + ":" + out.port()));
        for (String d : s.destinations) b.dstHost(d);
        for (int p : s.ports) b.dstPort(p);
        s.evidence.drainInto(b);
        ctx.alert(b.build());
    }

    @Override
    public RelayState onTimer(String relay, RelayState state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.lastSeenNanos + config.windowNanos() <= timerNanos) return null;
        ctx.timer(state.lastSeenNanos + config.windowNanos());
        return state;
    }
}
