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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a multi-stage channel: an internal host downloads a payload from one outside host, and
 * right after starts a steady rhythm of connections to another outside host it had never
 * contacted (the first stage fetched the second, which now checks in with its own C2).
 *
 * <p>ATT&CK: T1104 Multi-Stage Channels. DS0029: Network Traffic Flow.
 *
 * <p>Evidence, per internal host, from its outbound answered {@link FlowRecord}s: the last
 * download of at least {@code stage_bytes} (responder bytes) from an outside host; a destination
 * first contacted within {@code follow_window} after that download ended; and that destination's
 * connections within {@code channel_window} of its first: at least {@code min_beats}, at a steady
 * rhythm (median absolute deviation of the gaps at most {@code max_dispersion} of the median gap).
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): {@code stage_bytes} 100 KiB (the
 * staged payloads of common C2 frameworks are some hundreds of KiB; a check-in is a few hundred
 * bytes), {@code follow_window} 10 min, {@code channel_window} 1 h, {@code min_beats} 5,
 * {@code max_dispersion} 0.25. Bounded: 4,096 contacted addresses and 64 candidate channels per
 * host; state dropped a day after the host's last flow.
 *
 * <p>Known false positives: an installer or update followed by the installed software's own
 * telemetry; a page download followed by a new site's polling script.
 */
public final class StagedChannelDetector implements Detector<String, StagedChannelDetector.HostState> {
    public static final String ID = "c2.multi_stage";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    static final int MAX_CONTACTED = 4_096;
    static final int MAX_CANDIDATES = 64;
    private static final long DAY = 86_400_000_000_000L;

    public record Config(long stageBytes, long followWindowNanos, long channelWindowNanos, int minBeats,
            double maxDispersion) {
        public static final Config DEFAULTS = new Config(100 * 1_024, 600_000_000_000L, 3_600_000_000_000L, 5, 0.25);

        public Config {
            if (stageBytes < 1 || minBeats < 3) throw new IllegalArgumentException(ID + ": stage_bytes must be positive, min_beats at least 3");
            if (followWindowNanos <= 0 || channelWindowNanos <= 0) throw new IllegalArgumentException(ID + ": windows must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.longValue("stage_bytes", d.stageBytes()), s.durationNanos("follow_window", d.followWindowNanos()),
                s.durationNanos("channel_window", d.channelWindowNanos()), s.intValue("min_beats", d.minBeats()),
                s.doubleValue("max_dispersion", d.maxDispersion()));
    }

    /** A new destination contacted right after a download: the second stage's channel, maybe. */
    static final class Candidate implements Serializable {
        private static final long serialVersionUID = 1L;
        String stageHost;
        long stageBytes;
        long stageEnd;
        long first;
        int port;
        long[] starts = new long[8];
        int n;
        boolean reported;
        final EvidenceLog evidence = new EvidenceLog();
    }

    /** One internal host. */
    public static final class HostState implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashSet<String> contacted = new LinkedHashSet<>();
        final LinkedHashMap<String, Candidate> candidates = new LinkedHashMap<>();
        String stageHost;
        long stageBytes;
        long stageEnd = Long.MIN_VALUE;
        String stageUid;
        String stageCommunityId;
        long lastSeenNanos;
        boolean timerSet;
    }

    private final Config config;

    public StagedChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1104"));
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
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || !OutboundFlows.outbound(f) || AddressClasses.isPrivate(f.id().respH())) return null;
        if (f.respPkts() == 0 || "S0".equals(f.connState()) || "REJ".equals(f.connState())) return null;
        return f.id().origH();
    }

    @Override
    public HostState onEvent(String host, HostState state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        var s = state != null ? state : new HostState();
        long ts = f.tsNanos();
        s.lastSeenNanos = Math.max(s.lastSeenNanos, ts);
        if (!s.timerSet) {
            s.timerSet = true;
            ctx.timer(ts + DAY);
        }
        String dst = f.id().respH();
        Candidate c = s.candidates.get(dst);
        if (c == null && !s.contacted.contains(dst) && s.stageHost != null && !dst.equals(s.stageHost)
                && ts >= s.stageEnd && ts - s.stageEnd <= config.followWindowNanos()) {
            c = new Candidate();
            c.stageHost = s.stageHost;
            c.stageBytes = s.stageBytes;
            c.stageEnd = s.stageEnd;
            c.first = ts;
            c.evidence.add(s.stageUid, s.stageCommunityId);
            if (s.candidates.size() >= MAX_CANDIDATES) {
                Iterator<String> it = s.candidates.keySet().iterator();
                it.next();
                it.remove();
            }
            s.candidates.put(dst, c);
        }
        if (c != null && !c.reported && ts - c.first <= config.channelWindowNanos()) {
            if (c.n == c.starts.length) c.starts = java.util.Arrays.copyOf(c.starts, c.n * 2);
            c.starts[c.n++] = ts;
            c.port = f.id().respP();
            c.evidence.add(f.uid(), f.communityId());
            if (c.n >= config.minBeats()) {
                var rhythm = Rhythm.of(java.util.Arrays.copyOf(c.starts, c.n));
                if (rhythm.regular(config.maxDispersion())) {
                    c.reported = true;
                    report(host, dst, c, rhythm, ctx);
                }
            }
        }
        if (s.contacted.add(dst) && s.contacted.size() > MAX_CONTACTED) {
            Iterator<String> it = s.contacted.iterator();
            it.next();
            it.remove();
        }
        long received = f.respBytes() == null ? 0 : f.respBytes();
        if (received >= config.stageBytes()) {
            s.stageHost = dst;
            s.stageBytes = received;
            s.stageEnd = ts + (f.durationNanos() == null ? 0 : f.durationNanos());
            s.stageUid = f.uid();
            s.stageCommunityId = f.communityId();
        }
        return s;
    }

    private void report(String host, String dst, Candidate c, Rhythm rhythm, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1104")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.MEDIUM)
                .confidence(0.5)
                .time(c.stageEnd, c.starts[c.n - 1])
                .srcHost(host)
                .dstHost(c.stageHost)
                .dstHost(dst)
                .dstPort(c.port)
                .incident(host + " staged " + c.stageHost + " → " + dst)
                .explanation(String.format(Locale.ROOT,
                        "%s downloaded %s from %s, then %s later began connecting to %s:%d, never contacted before:"
                                + " %s every %s ± %s: a second stage checking in on its own channel",
                        host, Explanations.bytes(c.stageBytes), c.stageHost, Explanations.span(c.first - c.stageEnd), dst,
                        c.port, Explanations.count(c.n, "connection", "connections"),
                        Explanations.seconds(rhythm.medianNanos() / 1e9), Explanations.seconds(rhythm.madNanos() / 1e9)));
        c.evidence.drainInto(b);
        ctx.alert(b.build());
    }

    @Override
    public HostState onTimer(String host, HostState state, long timerNanos, DetectorContext ctx) {
        if (state == null || state.lastSeenNanos + DAY <= timerNanos) return null;
        ctx.timer(state.lastSeenNanos + DAY);
        return state;
    }
}
