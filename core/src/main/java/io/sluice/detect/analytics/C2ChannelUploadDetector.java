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
import io.sluice.protocol.http.HttpTransaction;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds data sent out over an established command-and-control channel: a client that polls one
 * web host at regular intervals with small requests suddenly sends it a large request body.
 *
 * <p>ATT&CK: T1041 Exfiltration Over C2 Channel; DS0029 Network Traffic Content (the HTTP requests:
 * host, time, request body length).
 *
 * <p>Evidence: {@link HttpTransaction}s per client and Host header; the burst's size is the request
 * body length, or, when the body ran past the dissector's stream depth (1 MiB by default, after
 * which the body's end and so its length are not seen), the originator bytes of the connection's
 * {@link FlowRecord}, which follows its HTTP events. The channel: at least
 * {@code min_polls} = 8 earlier requests with bodies under {@code min_upload}, whose intervals vary
 * by at most {@code max_jitter} = 0.35 (coefficient of variation; implants add jitter of 10 to 30 %
 * to their sleep, a person browsing varies by far more). The burst: one request body of at least
 * {@code min_upload} = 256 KiB and at least {@code ratio} = 20 times the channel's median body.
 * The last 32 polls are kept; a channel quiet for a day is forgotten.
 *
 * <p>Thresholds: Sluice's choice; the jitter bound sits between the 20 % default jitter of common
 * implants and the irregular timing of interactive use. MEDIUM; HIGH from 4 × {@code min_upload}
 * because a regular poller that uploads megabytes is rarely benign.
 *
 * <p>Known false positives: software that checks in on a timer and uploads crash dumps, logs or
 * telemetry batches to the same host (endpoint agents, updaters). HTTPS channels are not visible
 * here; their volume is exfil.ratio's and beacon.pair's.
 */
public final class C2ChannelUploadDetector implements Detector<String, C2ChannelUploadDetector.Client> {
    public static final String ID = "exfil.c2_channel";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class, HttpTransaction.class);
    private static final int KEEP = 32;
    private static final int MAX_HOSTS = 64;
    private static final int MAX_PENDING = 256;
    /** A client quiet this long is forgotten. */
    private static final long IDLE_NANOS = 24 * 3_600_000_000_000L;

    public record Config(int minPolls, double maxJitter, long minUpload, double ratio) {
        public static Config defaults() {
            return new Config(8, 0.35, 256 << 10, 20);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.intValue("min_polls", d.minPolls()), s.doubleValue("max_jitter", d.maxJitter()),
                s.longValue("min_upload", d.minUpload()), s.doubleValue("ratio", d.ratio()));
    }

    /** One client: its channels by Host, and its connections whose flow record has not come yet. */
    public static final class Client implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, Channel> channels = new LinkedHashMap<>();
        /** uid → Host of a connection that carried a poll. */
        final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        long lastNanos;
    }

    /** The last polls of one client to one host: times, body lengths, uids. */
    static final class Channel implements Serializable {
        private static final long serialVersionUID = 1L;
        final ArrayDeque<long[]> polls = new ArrayDeque<>(); // {tsNanos, requestBodyLen}
        final ArrayDeque<String> uids = new ArrayDeque<>();
        String server;
        int port;
    }

    private final Config config;

    public C2ChannelUploadDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1041"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case HttpTransaction h -> h.host() != null && !h.host().isEmpty() && !AddressClasses.isPrivate(h.id().respH())
                    ? h.id().origH() : null;
            case FlowRecord f -> PairWindow.out(f) >= config.minUpload() && OutboundFlows.outbound(f) ? f.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public Client onEvent(String client, Client state, Event event, DetectorContext ctx) {
        switch (event) {
            case HttpTransaction h -> {
                if (state == null) {
                    state = new Client();
                    ctx.timer(h.tsNanos() + IDLE_NANOS);
                }
                state.lastNanos = Math.max(state.lastNanos, h.tsNanos());
                String host = h.host().toLowerCase(Locale.ROOT);
                Channel c = state.channels.remove(host); // re-inserted last: the map is in order of use
                if (c == null) c = new Channel();
                state.channels.put(host, c);
                if (state.channels.size() > MAX_HOSTS) drop(state.channels);
                c.server = h.id().respH();
                c.port = h.id().respP();
                if (h.requestBodyLen() >= config.minUpload()) {
                    judge(client, host, c, h.requestBodyLen(), (h.method() == null ? "request" : h.method()) + " body",
                            h.tsNanos(), h.uid(), ctx);
                    return state;
                }
                c.polls.addLast(new long[] {h.tsNanos(), h.requestBodyLen()});
                c.uids.addLast(h.uid() == null ? "" : h.uid());
                if (c.polls.size() > KEEP) {
                    c.polls.removeFirst();
                    c.uids.removeFirst();
                }
                if (h.uid() != null) {
                    state.pending.put(h.uid(), host);
                    if (state.pending.size() > MAX_PENDING) drop(state.pending);
                }
            }
            case FlowRecord f -> {
                String host = state == null || f.uid() == null ? null : state.pending.remove(f.uid());
                Channel c = host == null ? null : state.channels.get(host);
                if (c == null) return state;
                // the connection was counted as a poll when its body's end was out of sight: it is the burst
                if (!c.uids.isEmpty() && c.uids.peekLast().equals(f.uid())) {
                    c.uids.removeLast();
                    c.polls.removeLast();
                }
                judge(client, host, c, PairWindow.out(f), "request (the connection's bytes)", f.tsNanos(), f.uid(), ctx);
            }
            default -> { }
        }
        return state;
    }

    private void judge(String client, String host, Channel c, long size, String what, long ts, String uid,
            DetectorContext ctx) {
        if (c.polls.size() < config.minPolls()) return;
        double jitter = jitter(c);
        long median = medianBody(c);
        if (jitter > config.maxJitter() || size < config.ratio() * Math.max(1, median)) return;
        long first = c.polls.peekFirst()[0], last = c.polls.peekLast()[0];
        double meanInterval = (last - first) / 1e9 / (c.polls.size() - 1);
        var b = Alert.builder(ID)
                .technique("T1041")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(size >= 4 * config.minUpload() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(0.6)
                .time(first, Math.max(ts, last))
                .srcHost(client)
                .dstHost(c.server)
                .dstPort(c.port)
                .domain(host)
                .incident(client + " " + host)
                .explanation(String.format(Locale.ROOT,
                        "%s sent a %s %s to %s (%s), which it had polled %,d times every %s (jitter %.0f%%) with "
                                + "bodies of %,d bytes at the median",
                        client, Explanations.bytes(size), what, host, c.server, c.polls.size(),
                        Explanations.seconds(meanInterval), jitter * 100, median));
        for (String u : c.uids) if (!u.isEmpty()) b.evidence(u, null);
        if (uid != null) b.evidence(uid, null);
        ctx.alert(b.evidenceCount(c.polls.size() + 1L).build());
    }

    /** Coefficient of variation of the intervals between the kept polls. */
    private static double jitter(Channel c) {
        var gaps = new ArrayList<Double>();
        long prev = Long.MIN_VALUE;
        for (long[] p : c.polls) {
            if (prev != Long.MIN_VALUE) gaps.add((p[0] - prev) / 1e9);
            prev = p[0];
        }
        double mean = 0;
        for (double g : gaps) mean += g;
        mean /= gaps.size();
        if (mean <= 0) return Double.POSITIVE_INFINITY;
        double var = 0;
        for (double g : gaps) var += (g - mean) * (g - mean);
        return Math.sqrt(var / gaps.size()) / mean;
    }

    private static long medianBody(Channel c) {
        long[] sizes = new long[c.polls.size()];
        int i = 0;
        for (long[] p : c.polls) sizes[i++] = p[1];
        Arrays.sort(sizes);
        return sizes[sizes.length / 2];
    }

    private static void drop(LinkedHashMap<String, ?> map) {
        Iterator<String> it = map.keySet().iterator();
        it.next();
        it.remove();
    }

    @Override
    public Client onTimer(String client, Client state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        long quietUntil = state.lastNanos + IDLE_NANOS;
        if (quietUntil <= timerNanos) return null;
        ctx.timer(quietUntil);
        return state;
    }
}
