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
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds a process on an inside machine that relays for other inside hosts: it accepts a
 * connection from one and, within a moment, the same process opens a connection to the outside,
 * again and again (an internal proxy chaining a host without internet access to the C2, such as a
 * port forwarder or SOCKS server dropped on a workstation).
 *
 * <p>ATT&CK: T1090 Proxy, T1090.001 Internal Proxy. DS0029: Network Connection Creation from host
 * sources that name the process of both legs (Sysmon Event ID 3 for the accepted and the initiated
 * connection, Linux host events; {@link ConnectionCreation#process()}): the guidance's
 * "connections sent or received by untrusted hosts", paired through the process that made them.
 * Packet and flow sources name no process; there {@code proxy.internal_relay} pairs the legs by
 * their bytes (Flow row) or by an HTTP CONNECT (Content row).
 *
 * <p>Evidence, per reporting machine: its recent connections between two inside addresses
 * (private space, or the source's locality flags), and its connections to outside addresses, with
 * the process image and id of each. An outside connection from address X by process P pairs with
 * the last inside connection to X by the same image and process id that began at most
 * {@code pair_window} before it: an inbound leg and its outbound continuation. At least
 * {@code min_pairs} pairs of one process within {@code window} are reported, once per machine and
 * image.
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): {@code pair_window} 2 s and
 * {@code min_pairs} 3 in a {@code window} of 1 h, the values {@code proxy.internal_relay} uses. At
 * most 256 inside connections are kept per machine; the state is dropped a window after the
 * machine's last record.
 *
 * <p>Known false positives: the organisation's own proxies and gateways (list them in
 * {@code skip_images}), application servers that call an outside API for each request they serve.
 */
public final class RelayingProcessDetector implements Detector<String, RelayingProcessDetector.State> {
    public static final String ID = "proxy.relay_process";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class);
    static final int MAX_INSIDE = 256;
    static final int MAX_PROCESSES = 64;

    public record Config(long pairWindowNanos, int minPairs, long windowNanos, List<String> skipImages) {
        public static final Config DEFAULTS = new Config(2_000_000_000L, 3, 3_600_000_000_000L, List.of());

        public Config {
            if (pairWindowNanos <= 0 || windowNanos <= 0) throw new IllegalArgumentException(ID + ": windows must be positive");
            if (minPairs < 1) throw new IllegalArgumentException(ID + ".min_pairs must be at least 1");
            skipImages = skipImages.stream().map(i -> i.toLowerCase(Locale.ROOT)).toList();
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("pair_window", d.pairWindowNanos()), s.intValue("min_pairs", d.minPairs()),
                s.durationNanos("window", d.windowNanos()), s.listValue("skip_images", d.skipImages()));
    }

    /** One connection between two inside addresses, with the process that reported it. */
    record Leg(long tsNanos, String orig, String resp, int port, String image, Long pid, String uid, String communityId)
            implements Serializable {}

    /** One process's pairs in its current window. */
    static final class Pairs implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        int count;
        long first;
        long last;
        final TreeSet<String> clients = new TreeSet<>();
        final TreeSet<String> destinations = new TreeSet<>();
        final EvidenceLog evidence = new EvidenceLog();
    }

    /** Per reporting machine. Plain data, bounded. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final ArrayDeque<Leg> inside = new ArrayDeque<>();
        final LinkedHashMap<String, Pairs> byImage = new LinkedHashMap<>();
        long lastSeenNanos;
    }

    private final Config config;

    public RelayingProcessDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ConnectionCreation c) || c.process() == null || !"tcp".equals(c.proto())) return null;
        var p = c.process();
        if (p.image() == null || p.image().isBlank() || p.host() == null || p.host().isBlank()) return null;
        if (!config.skipImages().isEmpty() && config.skipImages().contains(p.image().toLowerCase(Locale.ROOT))) return null;
        return p.host();
    }

    private static boolean inside(boolean local, String ip) {
        return local || AddressClasses.isPrivate(ip);
    }

    @Override
    public State onEvent(String machine, State state, Event event, DetectorContext ctx) {
        var c = (ConnectionCreation) event;
        var s = state;
        if (s == null) {
            s = new State();
            ctx.timer(c.tsNanos() + config.windowNanos());
        }
        s.lastSeenNanos = Math.max(s.lastSeenNanos, c.tsNanos());
        boolean origInside = inside(c.localOrig(), c.id().origH()), respInside = inside(c.localResp(), c.id().respH());
        String image = c.process().image();
        Long pid = c.process().pid();
        if (origInside && respInside) {
            if (s.inside.size() >= MAX_INSIDE) s.inside.removeFirst();
            s.inside.addLast(new Leg(c.tsNanos(), c.id().origH(), c.id().respH(), c.id().respP(), image, pid, c.uid(),
                    c.communityId()));
            return s;
        }
        if (!origInside || respInside || AddressClasses.isGroup(c.id().respH())) return s;
        Leg in = null;
        for (var it = s.inside.descendingIterator(); it.hasNext(); ) {
            Leg l = it.next();
            long lag = c.tsNanos() - l.tsNanos();
            if (lag > config.pairWindowNanos()) break;
            if (lag >= 0 && l.resp().equals(c.id().origH()) && l.image().equals(image) && Objects.equals(l.pid(), pid)) {
                in = l;
                it.remove();
                break;
            }
        }
        if (in == null) return s;
        String name = ProcessNetworkDetector.fileName(image);
        Pairs p = s.byImage.get(name);
        if (p == null) {
            if (s.byImage.size() >= MAX_PROCESSES) return s;
            p = new Pairs();
            s.byImage.put(name, p);
        }
        if (p.count == 0 || in.tsNanos() >= p.windowStart + config.windowNanos()) {
            p.windowStart = in.tsNanos();
            p.count = 0;
            p.first = in.tsNanos();
            p.clients.clear();
            p.destinations.clear();
            p.evidence.clear();
        }
        p.count++;
        p.last = c.tsNanos();
        if (p.clients.size() < 20) p.clients.add(in.orig());
        if (p.destinations.size() < 20) p.destinations.add(c.id().respH() + ":" + c.id().respP());
        p.evidence.add(in.uid(), in.communityId());
        p.evidence.add(c.uid(), c.communityId());
        if (p.count >= config.minPairs()) report(machine, image, p, in, c, ctx);
        return s;
    }

    private void report(String machine, String image, Pairs p, Leg in, ConnectionCreation out, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1090")
                .technique("T1090.001")
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(p.first, p.last)
                .srcHost(in.resp())
                .dstHost(out.id().respH())
                .dstPort(out.id().respP())
                .process(image)
                .incident(machine + " relaying process " + ProcessNetworkDetector.fileName(image))
                .explanation(String.format(Locale.ROOT,
                        "On %s, %s accepted %s from %s and each time opened a connection to %s at most %s later (within"
                                + " %s; last: %s → %s:%d → %s:%d): an internal proxy",
                        machine, image, Explanations.count(p.count, "connection", "connections"),
                        Explanations.list(p.clients, 5), Explanations.list(p.destinations, 5),
                        Explanations.seconds(config.pairWindowNanos() / 1e9), Explanations.span(p.last - p.first),
                        in.orig(), in.resp(), in.port(), out.id().respH(), out.id().respP()));
        p.evidence.drainInto(b);
        ctx.alert(b.build());
    }

    @Override
    public State onTimer(String machine, State state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.lastSeenNanos + config.windowNanos() <= timerNanos) return null;
        ctx.timer(state.lastSeenNanos + config.windowNanos());
        return state;
    }
}
