package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Data leaving in chunks of one size at regular intervals: an internal host uploads the same
 * amount to an outside address again and again on a schedule, to stay under size limits.
 *
 * <p>ATT&CK: T1030 Data Transfer Size Limits, T1020 Automated Exfiltration, T1029 Scheduled
 * Transfer; DS0029 Network Traffic Flow.
 *
 * <p>Evidence: outbound {@link FlowRecord}s ({@link OutboundFlows}) of one source → destination
 * pair that sent at least 16 KiB (smaller ones are check-ins, the beacon analytics' business):
 * their originator bytes and start times, up to 4,096 per 24-hour window.
 *
 * <p>Thresholds: at least 6 such uploads; their sizes score at least 0.9 and their intervals at
 * least 0.8 on RITA's statistical score (mean of the Bowley skewness and MAD scores,
 * {@link BeaconScore#statisticalScore}); and the pair sent four times more than it received over
 * the window, so a regularly polled download does not count. HIGH.
 *
 * <p>Known false positives: backup or sync software that uploads fixed-size blocks on a timer;
 * camera or sensor uploads.
 */
public final class FixedSizeTransferDetector implements Detector<HostPair, FixedSizeTransferDetector.Uploads> {

    public static final String ID = "exfil.fixed_size";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    static final int MAX_UPLOADS = 4_096;

    public record Config(long windowNanos, int minUploads, long minUploadBytes, double sizeScore, double intervalScore,
            double ratio) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 6, 16 << 10, 0.9, 0.8, 4);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_uploads", d.minUploads()),
                s.longValue("min_upload_bytes", d.minUploadBytes()), s.doubleValue("size_score", d.sizeScore()),
                s.doubleValue("interval_score", d.intervalScore()), s.doubleValue("ratio", d.ratio()));
    }

    /** The large uploads' sizes and start seconds, and the bytes each way. */
    public static final class Uploads extends PairWindow {
        private static final long serialVersionUID = 1L;
        long outBytes, inBytes;
        long[] ts = new long[8];
        long[] sizes = new long[8];
        int uploads;

        Uploads(long start, long window) {
            super(start, window);
        }
    }

    private final Config config;

    public FixedSizeTransferDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1030"), Technique.of("T1020"), Technique.of("T1029"));
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
        return event instanceof FlowRecord f && OutboundFlows.outbound(f) ? new HostPair(f.id().origH(), f.id().respH()) : null;
    }

    @Override
    public Uploads onEvent(HostPair key, Uploads state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            judge(key, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new Uploads(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        long out = PairWindow.out(f);
        state.outBytes += out;
        state.inBytes += PairWindow.in(f);
        if (out >= config.minUploadBytes()) {
            state.note(f);
            if (state.uploads < MAX_UPLOADS) {
                if (state.uploads == state.ts.length) {
                    state.ts = Arrays.copyOf(state.ts, state.uploads * 2);
                    state.sizes = Arrays.copyOf(state.sizes, state.uploads * 2);
                }
                state.ts[state.uploads] = Math.floorDiv(f.tsNanos(), 1_000_000_000L);
                state.sizes[state.uploads++] = out;
            }
        }
        return state;
    }

    @Override
    public Uploads onTimer(HostPair key, Uploads state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(key, state, ctx);
        return null;
    }

    private void judge(HostPair key, Uploads s, DetectorContext ctx) {
        if (s.uploads < config.minUploads() || s.outBytes < config.ratio() * Math.max(1, s.inBytes)) return;
        double[] sizes = new double[s.uploads];
        for (int i = 0; i < s.uploads; i++) sizes[i] = s.sizes[i];
        Arrays.sort(sizes);
        long[] ts = Arrays.copyOf(s.ts, s.uploads);
        Arrays.sort(ts);
        double[] gaps = BeaconScore.nonZeroDeltas(ts, ts.length);
        if (gaps.length < 3) return;
        double sizeScore = BeaconScore.statisticalScore(sizes, 0);
        double intervalScore = BeaconScore.statisticalScore(gaps, 1);
        if (sizeScore < config.sizeScore() || intervalScore < config.intervalScore()) return;
        double size = BeaconScore.median(sizes, 0, sizes.length);
        double gap = BeaconScore.median(gaps, 0, gaps.length);
        ctx.alert(s.alert(ID, key, Severity.HIGH, Math.min(sizeScore, intervalScore))
                .technique("T1030").technique("T1020").technique("T1029")
                .explanation(String.format(Locale.ROOT,
                        "%s → %s: %,d uploads of %s ± %s every %.0f s ± %.0f s over %s, %s in all (size score %.2f, interval score %.2f)",
                        key.src(), key.dst(), s.uploads, Explanations.bytes((long) size),
                        Explanations.bytes((long) BeaconScore.mad(sizes, size)), gap, BeaconScore.mad(gaps, gap),
                        s.span(), Explanations.bytes(s.outBytes), sizeScore, intervalScore))
                .build());
    }
}
