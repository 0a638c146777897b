package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds floods of TCP packets that break TCP's rules aimed at one service: SYNs carrying data,
 * SYNs with RST or URG set (the "christmas tree" packets of Mirai's xmas flood and hping3's
 * flag floods), FINs to a port no handshake was made with, headers whose length cannot be right.
 * Each such packet makes the target's TCP stack look up, and often create, state for a connection
 * that does not exist; sent by the thousand they exhaust what the operating system allows.
 *
 * <p>ATT&CK: T1499.001 Endpoint Denial of Service: OS Exhaustion Flood, with its parent T1499.
 * DS0029: Network Traffic Content: the guidance's packet inspection for traffic "that does not
 * follow the expected protocol standards" (anomalous structure, packets that belong to no
 * established flow), read from weird.log rows the TCP layer raises per connection:
 * {@code TCP_christmas}, {@code baroque_SYN}, {@code SYN_with_data}, {@code inappropriate_FIN},
 * {@code bad_TCP_header_len}. The weirds that captures also raise for ordinary reasons
 * (sequence or acknowledgement misorder after loss, data before an unseen SYN-ACK on a
 * one-sided capture) are left out.
 *
 * <p>Evidence: per destination address and port, the connections that raised those weirds within
 * a tumbling {@code window} (10 s), their sources and the weird names. A flood is keyed by the
 * port it hits, so a scan with malformed probes (nmap's Xmas and FIN scans spread over ports) is
 * not one.
 *
 * <p>Thresholds, by judgement, the same rate as {@code dos.syn_flood}'s: {@code min_connections}
 * = 200 malformed connections within the window (20 a second); no ordinary stack sends even one
 * such packet, and TCP Fast Open, the one legitimate SYN with data, is rare. HIGH from ten times
 * the threshold or {@code spoofed_sources} = 50 sources, MEDIUM otherwise.
 *
 * <p>Known false positives: a busy server whose clients use TCP Fast Open; a broken middlebox
 * rewriting headers; stress tests of a stack.
 */
public final class MalformedTcpFloodDetector implements Detector<HostPortKey, MalformedTcpFloodDetector.State> {

    public static final String ID = "dos.malformed_tcp";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(Weird.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.001"), Technique.of("T1499"));
    private static final int MAX_SOURCES = 20_000;

    /**
     * @param minConnections malformed connections to one destination port within the window that make a flood
     * @param windowNanos the tumbling window they are counted in
     * @param spoofedSources distinct sources that make the flood HIGH whatever its size
     */
    public record Config(int minConnections, long windowNanos, int spoofedSources) {
        public static final Config DEFAULTS = new Config(200, 10_000_000_000L, 50);

        public Config {
            if (minConnections < 2) throw new IllegalArgumentException(ID + ".min_connections must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (spoofedSources < 2) throw new IllegalArgumentException(ID + ".spoofed_sources must be at least 2");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_connections", d.minConnections()), s.durationNanos("window", d.windowNanos()),
                s.intValue("spoofed_sources", d.spoofedSources()));
    }

    /** One destination port's window: malformed connections, sources, weird names, what was reported. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long connections;
        String lastUid;
        final Set<String> sources = new HashSet<>();
        long untrackedSources;
        final TreeMap<String, Long> names = new TreeMap<>();
        long reported;
        final EvidenceLog evidence = new EvidenceLog();

        void startOver(long ts) {
            windowStart = ts;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            connections = 0;
            lastUid = null;
            sources.clear();
            untrackedSources = 0;
            names.clear();
            reported = 0;
            evidence.clear();
        }
    }

    private final Config config;

    public MalformedTcpFloodDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    static boolean malformed(String weird) {
        return switch (weird) {
            case "TCP_christmas", "baroque_SYN", "SYN_with_data", "inappropriate_FIN", "bad_TCP_header_len" -> true;
            default -> false;
        };
    }

    @Override
    public HostPortKey key(Event event) {
        if (!(event instanceof Weird w) || w.id() == null || w.name() == null || !malformed(w.name())) return null;
        return new HostPortKey(w.id().respH(), w.id().respP());
    }

    @Override
    public State onEvent(HostPortKey dst, State state, Event event, DetectorContext ctx) {
        var w = (Weird) event;
        long ts = w.tsNanos();
        if (state == null) {
            state = new State();
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        } else if (ts >= state.windowStart + config.windowNanos()) {
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        }
        state.names.merge(w.name(), 1L, Long::sum);
        // one packet can raise two weirds (SYN+RST+URG); each connection counts once
        if (w.uid() != null && w.uid().equals(state.lastUid)) return state;
        state.lastUid = w.uid();
        state.connections++;
        String src = w.id().origH();
        if (state.sources.size() < MAX_SOURCES) state.sources.add(src);
        else if (!state.sources.contains(src)) state.untrackedSources++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.evidence.add(w.uid(), null);
        if (state.connections == config.minConnections()
                || (state.connections > config.minConnections() && state.connections == 10L * config.minConnections())) {
            report(dst, state, ctx);
        }
        return state;
    }

    @Override
    public State onTimer(HostPortKey dst, State state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.windowStart + config.windowNanos() > timerNanos) return state;
        if (state.reported > 0 && state.connections > state.reported) report(dst, state, ctx);
        return null;
    }

    private void report(HostPortKey dst, State s, DetectorContext ctx) {
        long sources = s.sources.size() + s.untrackedSources;
        boolean high = s.connections >= 10L * config.minConnections() || sources >= config.spoofedSources();
        var names = new StringBuilder();
        for (var e : s.names.entrySet()) {
            if (!names.isEmpty()) names.append(", ");
            names.append(e.getKey()).append(' ').append(Explanations.count(e.getValue()));
        }
        var alert = Alert.builder(ID)
                .technique("T1499.001")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.8 : 0.6)
                .time(s.first, s.last)
                .dstHost(dst.host())
                .dstPort(dst.port())
                .explanation(dst.host() + " port " + dst.port() + " received "
                        + Explanations.count(s.connections, "connection", "connections") + " of malformed TCP packets ("
                        + names + ") from " + Explanations.count(sources, "source", "sources") + " in "
                        + Explanations.duration(Math.max(0, s.last - s.first))
                        + "; no ordinary TCP stack sends these: a flood aimed at the host's TCP state")
                .incident(dst + " malformed tcp flood");
        if (sources == 1) alert.srcHost(s.sources.iterator().next());
        s.evidence.drainInto(alert);
        s.reported = s.connections;
        ctx.alert(alert.build());
    }
}
