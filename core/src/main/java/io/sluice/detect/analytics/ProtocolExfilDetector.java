package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
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
import java.util.TreeSet;

/**
 * Uploads over a protocol that normally carries a few dozen bytes: DNS queries, NTP requests and
 * ICMP echoes stuffed with data and sent to an outside address.
 *
 * <p>ATT&CK: T1048 Exfiltration Over Alternative Protocol, T1048.003 (these protocols are
 * unencrypted and are not the C2 channel); DS0029 Network Traffic Flow.
 *
 * <p>Evidence: outbound {@link FlowRecord}s ({@link OutboundFlows}) whose service is DNS or NTP
 * or whose protocol is ICMP: originator payload bytes and packets, per source → destination
 * pair over a 24-hour window. DNS through the site's own resolver is internal and left to the DNS
 * tunnelling analytic.
 *
 * <p>Thresholds: at least 64 KiB sent with originator packets averaging at least 120 bytes of
 * payload; a DNS query for a common name is 30 to 60 bytes, an NTP request 48, a ping 32 to 56.
 * MEDIUM.
 *
 * <p>Known false positives: path-MTU probes and large pings sent by network tests; DNSSEC or
 * EDNS-heavy resolvers forwarding to an outside server.
 */
public final class ProtocolExfilDetector implements Detector<HostPair, ProtocolExfilDetector.Sent> {

    public static final String ID = "exfil.protocol";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    public record Config(long windowNanos, long minBytes, double minBytesPerPacket) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 64 << 10, 120);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("min_bytes_per_packet", d.minBytesPerPacket()));
    }

    /** Payload bytes and packets sent over the small protocols, and which ones. */
    public static final class Sent extends PairWindow {
        private static final long serialVersionUID = 1L;
        long bytes, packets;
        final TreeSet<String> protocols = new TreeSet<>();

        Sent(long start, long window) {
            super(start, window);
        }
    }

    private final Config config;

    public ProtocolExfilDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1048"), Technique.of("T1048.003"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPair key(Event event) {
        return event instanceof FlowRecord f && protocol(f) != null && OutboundFlows.outbound(f)
                ? new HostPair(f.id().origH(), f.id().respH()) : null;
    }

    @Override
    public Sent onEvent(HostPair key, Sent state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            judge(key, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new Sent(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        state.note(f);
        state.bytes += PairWindow.out(f);
        state.packets += f.origPkts();
        state.protocols.add(protocol(f));
        return state;
    }

    @Override
    public Sent onTimer(HostPair key, Sent state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(key, state, ctx);
        return null;
    }

    /** DNS, NTP or ICMP; null for anything else. */
    static String protocol(FlowRecord f) {
        if ("icmp".equals(f.proto()) || "icmp6".equals(f.proto())) return "ICMP";
        if (BeaconDetector.hasService(f.service(), "dns")) return "DNS";
        if (BeaconDetector.hasService(f.service(), "ntp")) return "NTP";
        return null;
    }

    private void judge(HostPair key, Sent s, DetectorContext ctx) {
        if (s.bytes < config.minBytes() || s.packets <= 0) return;
        double perPacket = (double) s.bytes / s.packets;
        if (perPacket < config.minBytesPerPacket()) return;
        ctx.alert(s.alert(ID, key, Severity.MEDIUM, 0.7).technique("T1048").technique("T1048.003")
                .explanation(String.format(Locale.ROOT,
                        "%s → %s: sent %s over %s in %,d packets (%.0f bytes each on average, where queries and pings carry a few dozen) over %s",
                        key.src(), key.dst(), Explanations.bytes(s.bytes), String.join("/", s.protocols), s.packets,
                        perPacket, s.span()))
                .build());
    }
}
