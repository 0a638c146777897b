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
import io.sluice.event.IcmpEchoSummary;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds tunnels over ICMP echo: echo connections whose payloads are large, of varying size and
 * close to random, as ptunnel, icmpsh, hans or icmptunnel send, unlike ping tools, which repeat
 * one fixed pattern of one size.
 *
 * <p>ATT&CK: T1095 Non-Application Layer Protocol (a channel carried by ICMP itself). DS0029:
 * Network Traffic Flow (the ICMP connection's conn record) and Network Traffic Content (its
 * {@code icmp_echo_*} fields, measured on the echo payloads: sizes and Shannon entropy).
 *
 * <p>Evidence: one echo connection's summary: messages, payload bytes, smallest and largest
 * payload, mean and highest entropy (bits per byte).
 *
 * <p>Thresholds: at least {@code min_messages} = 10 echoes carrying {@code min_bytes} = 4 KiB,
 * payload sizes differing by at least {@code min_size_spread} = 16 bytes, and mean entropy of at
 * least {@code min_entropy} = 5.5 bits per byte. Ping tools send one size: Linux iputils 56 bytes
 * of a timestamp and a counting pattern (entropy about 5.5 at most, and up to 8 for large
 * {@code -s} sizes, but always one size), Windows 32 bytes of "abcdefghijklmnopqrstuvwabcdefghi"
 * (4.4). Encrypted or compressed data is close to 8 bits per byte when a payload is at least 256
 * bytes long, and near log2(length) below that: 5.5 is what 64 random bytes typically reach.
 * Severity MEDIUM; HIGH from 1 MiB.
 *
 * <p>Known false positives: path-MTU discovery and network tests that vary ping sizes with
 * random fill (nping --data-length random, some monitoring probes), usually few messages. False
 * negatives: a tunnel padding every payload to one size, or encoding its data as text (base32/64
 * text has at most 5 to 6 bits per byte).
 */
public final class IcmpTunnelDetector implements Detector<String, Void> {

    public static final String ID = "icmp.tunnel";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    /**
     * @param minMessages echo requests and replies in the connection
     * @param minBytes payload bytes in the connection
     * @param minSizeSpread largest payload minus smallest
     * @param minEntropy mean Shannon entropy of the payloads, bits per byte
     * @param highBytes payload bytes that make the alert HIGH
     */
    public record Config(long minMessages, long minBytes, int minSizeSpread, double minEntropy, long highBytes) {
        public static final Config DEFAULTS = new Config(10, 4_096, 16, 5.5, 1 << 20);

        public Config {
            if (minMessages < 1 || minBytes < 0 || minSizeSpread < 0)
                throw new IllegalArgumentException(ID + ": min_messages must be positive and min_bytes, min_size_spread not negative");
            if (!(minEntropy >= 0 && minEntropy <= 8)) throw new IllegalArgumentException(ID + ".min_entropy must be in [0, 8]");
            if (highBytes < minBytes) throw new IllegalArgumentException(ID + ".high_bytes must be at least min_bytes");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.longValue("min_messages", d.minMessages()), s.longValue("min_bytes", d.minBytes()),
                s.intValue("min_size_spread", d.minSizeSpread()), s.doubleValue("min_entropy", d.minEntropy()),
                s.longValue("high_bytes", d.highBytes()));
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1095"));

    private final Config config;

    public IcmpTunnelDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || f.icmpEcho() == null) return null;
        var e = f.icmpEcho();
        if (e.entropyMean() == null || e.messages() < config.minMessages() || e.payloadBytes() < config.minBytes()) return null;
        if (e.payloadMax() - e.payloadMin() < config.minSizeSpread() || e.entropyMean() < config.minEntropy()) return null;
        return f.id().origH() + " " + f.id().respH();
    }

    /** Stateless: each qualifying echo connection is reported; the engine merges a pair's into one incident. */
    @Override
    public Void onEvent(String pair, Void state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        IcmpEchoSummary e = f.icmpEcho();
        long end = f.tsNanos() + (f.durationNanos() == null ? 0 : f.durationNanos());
        String why = String.format(Locale.ROOT,
                "%s exchanged %s ICMP echo messages with %s carrying %s of payload in %s; payloads of %d to %d bytes "
                        + "with a mean entropy of %.2f bits per byte (max %.2f), unlike a ping tool's fixed pattern",
                f.id().origH(), Explanations.count(e.messages()), f.id().respH(),
                Explanations.count(e.payloadBytes(), "byte", "bytes"), Explanations.duration(end - f.tsNanos()),
                e.payloadMin(), e.payloadMax(), e.entropyMean(), e.entropyMax() == null ? e.entropyMean() : e.entropyMax());
        ctx.alert(Alert.builder(ID)
                .technique("T1095")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(e.payloadBytes() >= config.highBytes() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.6 + 0.3 * Math.min(1.0, (e.entropyMean() - config.minEntropy()) / 2.0)))
                .time(f.tsNanos(), end)
                .srcHost(f.id().origH())
                .dstHost(f.id().respH())
                .explanation(why)
                .evidence(f.uid(), f.communityId())
                .incident(pair + " icmp tunnel")
                .build());
        return null;
    }

    @Override
    public Void onTimer(String pair, Void state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
