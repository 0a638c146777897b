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
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Data leaving the network: per internal host → outside address over a window, three findings.
 *
 * <ol>
 *   <li><b>One-way volume</b>: at least 8 MiB sent and ten times more sent than received
 *       (T1048, .003 over cleartext protocols; T1567 and T1041 when it went over web protocols,
 *       the usual carrier of both). MEDIUM.
 *   <li><b>Fixed-size transfers at regular intervals</b>: at least 6 uploads of 16 KiB or more
 *       whose sizes score at least 0.9 and whose intervals score at least 0.8 on RITA's
 *       Bowley/MAD statistic ({@link BeaconScore#statisticalScore}), with four times more sent
 *       than received (T1030 data transfer size limits, T1020 automated exfiltration, T1029
 *       scheduled transfer). HIGH.
 *   <li><b>Uploads over a protocol that carries little</b>: at least 64 KiB sent over DNS, NTP
 *       or ICMP with originator packets averaging 120 bytes of payload or more, above what
 *       queries, time requests and pings carry (T1048, T1048.003). MEDIUM.
 * </ol>
 *
 * <p>DS0029 Network Traffic Flow: {@link FlowRecord} bytes, packets, service and times, outbound
 * only ({@link OutboundFlows}). The window (24 h) starts at the pair's first flow and is judged
 * when the watermark passes its end, or at the end of input. State is bounded: sums, up to
 * 4,096 upload sizes and times, 50 evidence uids.
 *
 * <p>Thresholds are Sluice's own choices (volume, ratio, chunk size) set above what the office
 * scenario and the protocol corpus show; volume against a host's own history is the baseline
 * analytics' job. Known false positives: backups and cloud sync (one-way, often chunked), video
 * uploads, software that pushes logs on a schedule.
 */
public final class ExfiltrationDetector implements Detector<ExfiltrationDetector.Pair, ExfiltrationDetector.PairTransfer> {
    public static final String ID = "exfil";
    static final int MAX_CHUNKS = 4_096;

    public record Config(long windowNanos, long minOneWayBytes, double oneWayRatio, int minChunks, long minChunkBytes,
            double chunkSizeScore, double chunkIntervalScore, double chunkRatio, long minProtocolBytes,
            double minProtocolPayloadPerPacket) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 8L << 20, 10, 6, 16 << 10, 0.9, 0.8, 4, 64 << 10, 120);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_one_way_bytes", d.minOneWayBytes()),
                s.doubleValue("one_way_ratio", d.oneWayRatio()), s.intValue("min_chunks", d.minChunks()),
                s.longValue("min_chunk_bytes", d.minChunkBytes()), s.doubleValue("chunk_size_score", d.chunkSizeScore()),
                s.doubleValue("chunk_interval_score", d.chunkIntervalScore()), s.doubleValue("chunk_ratio", d.chunkRatio()),
                s.longValue("min_protocol_bytes", d.minProtocolBytes()),
                s.doubleValue("min_protocol_payload_per_packet", d.minProtocolPayloadPerPacket()));
    }

    public record Pair(String src, String dst) {}

    /** One pair's window: sums, the large uploads, and the little protocols. Plain data. */
    public static final class PairTransfer implements Serializable {
        private static final long serialVersionUID = 1L;
        final long windowStartNanos;
        final long windowEndNanos;
        long outBytes, inBytes, flows, firstNanos = Long.MAX_VALUE, lastNanos = Long.MIN_VALUE;
        long protocolOutBytes, protocolOutPkts;
        final TreeSet<String> protocols = new TreeSet<>();
        final TreeSet<String> services = new TreeSet<>();
        long[] chunkTs = new long[8];
        long[] chunkBytes = new long[8];
        int chunks;
        int lastDstPort = -1;
        final List<String> uids = new ArrayList<>();
        final List<String> communityIds = new ArrayList<>();

        PairTransfer(long start, long windowNanos) {
            windowStartNanos = start;
            windowEndNanos = start + windowNanos;
        }
    }

    private final Config config;

    public ExfiltrationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1048"), Technique.of("T1048.003"), Technique.of("T1041"), Technique.of("T1567"),
                Technique.of("T1030"), Technique.of("T1020"), Technique.of("T1029"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Pair key(Event event) {
        return event instanceof FlowRecord f && OutboundFlows.outbound(f) ? new Pair(f.id().origH(), f.id().respH()) : null;
    }

    @Override
    public PairTransfer onEvent(Pair key, PairTransfer state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            judge(key, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new PairTransfer(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        add(state, f);
        return state;
    }

    @Override
    public PairTransfer onTimer(Pair key, PairTransfer state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(key, state, ctx);
        return null;
    }

    private void add(PairTransfer s, FlowRecord f) {
        long out = f.origBytes() == null ? 0 : f.origBytes();
        long in = f.respBytes() == null ? 0 : f.respBytes();
        s.outBytes += out;
        s.inBytes += in;
        s.flows++;
        s.firstNanos = Math.min(s.firstNanos, f.tsNanos());
        s.lastNanos = Math.max(s.lastNanos, f.tsNanos());
        s.lastDstPort = f.id().respP();
        if (f.service() != null && !f.service().isEmpty() && s.services.size() < 8) s.services.add(f.service());
        String little = littleProtocol(f);
        if (little != null) {
            s.protocolOutBytes += out;
            s.protocolOutPkts += f.origPkts();
            s.protocols.add(little);
        }
        if (out >= config.minChunkBytes() && s.chunks < MAX_CHUNKS) {
            if (s.chunks == s.chunkTs.length) {
                s.chunkTs = Arrays.copyOf(s.chunkTs, s.chunks * 2);
                s.chunkBytes = Arrays.copyOf(s.chunkBytes, s.chunks * 2);
            }
            s.chunkTs[s.chunks] = Math.floorDiv(f.tsNanos(), 1_000_000_000L);
            s.chunkBytes[s.chunks++] = out;
        }
        if (s.uids.size() < BeaconSeries.EVIDENCE && f.uid() != null) {
            s.uids.add(f.uid());
            s.communityIds.add(f.communityId());
        }
    }

    /** DNS, NTP or ICMP: protocols whose requests carry a few dozen bytes. */
    static String littleProtocol(FlowRecord f) {
        if ("icmp".equals(f.proto()) || "icmp6".equals(f.proto())) return "ICMP";
        if (BeaconDetector.hasService(f.service(), "dns")) return "DNS";
        if (BeaconDetector.hasService(f.service(), "ntp")) return "NTP";
        return null;
    }

    private void judge(Pair key, PairTransfer s, DetectorContext ctx) {
        String span = BeaconDetector.span(s.lastNanos - s.firstNanos);
        boolean web = false, cleartext = !s.services.isEmpty();
        for (String svc : s.services) {
            if (BeaconDetector.hasService(svc, "http") || BeaconDetector.hasService(svc, "ssl")) web = true;
            if (BeaconDetector.hasService(svc, "ssl") || BeaconDetector.hasService(svc, "ssh")) cleartext = false;
        }

        if (s.outBytes >= config.minOneWayBytes() && s.outBytes >= config.oneWayRatio() * Math.max(1, s.inBytes)) {
            var b = alert(key, s, "one-way", Severity.MEDIUM, 0.6).technique("T1048");
            if (cleartext) b.technique("T1048.003");
            if (web) b.technique("T1567").technique("T1041");
            ctx.alert(b.explanation(String.format(Locale.ROOT,
                    "%s → %s: sent %s and received %s (%s to 1) in %,d connections over %s", key.src(), key.dst(),
                    size(s.outBytes), size(s.inBytes), ratio(s.outBytes, s.inBytes), s.flows, span)).build());
        }

        if (s.chunks >= config.minChunks() && s.outBytes >= config.chunkRatio() * Math.max(1, s.inBytes)) {
            double[] sizes = new double[s.chunks];
            for (int i = 0; i < s.chunks; i++) sizes[i] = s.chunkBytes[i];
            Arrays.sort(sizes);
            long[] ts = Arrays.copyOf(s.chunkTs, s.chunks);
            Arrays.sort(ts);
            double[] deltas = BeaconScore.nonZeroDeltas(ts, ts.length);
            double sizeScore = BeaconScore.statisticalScore(sizes, 0);
            double intervalScore = deltas.length >= 3 ? BeaconScore.statisticalScore(deltas, 1) : 0;
            if (sizeScore >= config.chunkSizeScore() && intervalScore >= config.chunkIntervalScore()) {
                double medianSize = BeaconScore.median(sizes, 0, sizes.length);
                double medianGap = BeaconScore.median(deltas, 0, deltas.length);
                var b = alert(key, s, "chunks", Severity.HIGH, Math.min(sizeScore, intervalScore))
                        .technique("T1030").technique("T1020").technique("T1029");
                ctx.alert(b.explanation(String.format(Locale.ROOT,
                        "%s → %s: %,d uploads of %s ± %s every %.0f s ± %.0f s over %s, %s in all (size score %.2f, interval score %.2f)",
                        key.src(), key.dst(), s.chunks, size((long) medianSize),
                        size((long) BeaconScore.mad(sizes, medianSize)), medianGap, BeaconScore.mad(deltas, medianGap),
                        span, size(s.outBytes), sizeScore, intervalScore)).build());
            }
        }

        if (s.protocolOutBytes >= config.minProtocolBytes() && s.protocolOutPkts > 0
                && (double) s.protocolOutBytes / s.protocolOutPkts >= config.minProtocolPayloadPerPacket()) {
            var b = alert(key, s, "protocol", Severity.MEDIUM, 0.7).technique("T1048").technique("T1048.003");
            ctx.alert(b.explanation(String.format(Locale.ROOT,
                    "%s → %s: sent %s over %s in %,d packets (%.0f bytes each on average, where queries and pings carry a few dozen) over %s",
                    key.src(), key.dst(), size(s.protocolOutBytes), String.join("/", s.protocols), s.protocolOutPkts,
                    (double) s.protocolOutBytes / s.protocolOutPkts, span)).build());
        }
    }

    private static Alert.Builder alert(Pair key, PairTransfer s, String kind, Severity severity, double confidence) {
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(severity)
                .confidence(confidence)
                .time(s.firstNanos, s.lastNanos)
                .srcHost(key.src())
                .dstHost(key.dst())
                .incident(kind + " " + key.src() + " → " + key.dst());
        if (s.lastDstPort >= 0) b.dstPort(s.lastDstPort);
        for (int i = 0; i < s.uids.size(); i++) b.evidence(s.uids.get(i), s.communityIds.get(i));
        b.evidenceCount(s.flows);
        return b;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }

    private static String ratio(long out, long in) {
        return String.format(Locale.ROOT, "%,.0f", out / (double) Math.max(1, in));
    }
}
