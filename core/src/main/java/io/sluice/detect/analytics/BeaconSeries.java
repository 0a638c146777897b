package io.sluice.detect.analytics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The connections of one beacon key (host pair, or host and domain) in one analysis window: their
 * start times in seconds and originator IP bytes, as RITA keeps them per day, capped at
 * {@code cap} entries (RITA: 86,400, one a second, beyond which the pair is a strobe), plus the
 * total count, first and last time, the services seen and the first evidence uids. Plain mutable
 * data owned by one key of one detector; serialisable for checkpoints.
 */
public final class BeaconSeries implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int EVIDENCE = 50;

    final long windowStartNanos;
    final long windowEndNanos;
    // Small at first: most pairs of a busy network see a handful of connections a day.
    long[] tsSeconds = new long[4];
    long[] bytes = new long[4];
    int kept;
    long total;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    int lastDstPort = -1;
    String service;
    final List<String> uids = new ArrayList<>();
    final List<String> communityIds = new ArrayList<>();

    BeaconSeries(long windowStartNanos, long windowNanos) {
        this.windowStartNanos = windowStartNanos;
        this.windowEndNanos = windowStartNanos + windowNanos;
    }

    /** Adds one connection; beyond {@code cap} only the count grows. */
    void add(long tsNanos, long origIpBytes, String uid, String communityId, int dstPort, String service, int cap) {
        total++;
        firstNanos = Math.min(firstNanos, tsNanos);
        lastNanos = Math.max(lastNanos, tsNanos);
        lastDstPort = dstPort;
        if (this.service == null && service != null && !service.isEmpty()) this.service = service;
        if (uids.size() < EVIDENCE && uid != null) {
            uids.add(uid);
            communityIds.add(communityId);
        }
        if (kept >= cap) return;
        if (kept == tsSeconds.length) {
            int grown = Math.min(cap, kept * 2);
            tsSeconds = Arrays.copyOf(tsSeconds, grown);
            bytes = Arrays.copyOf(bytes, grown);
        }
        tsSeconds[kept] = Math.floorDiv(tsNanos, 1_000_000_000L);
        bytes[kept] = origIpBytes;
        kept++;
    }

    /** Distinct start seconds (RITA's unique_ts_count), counted on a sorted copy. */
    int uniqueSeconds() {
        long[] s = Arrays.copyOf(tsSeconds, kept);
        Arrays.sort(s);
        int unique = 0;
        for (int i = 0; i < s.length; i++) if (i == 0 || s[i] != s[i - 1]) unique++;
        return unique;
    }

    /** The median originator IP bytes of the kept connections (0 when none). */
    long medianBytes() {
        if (kept == 0) return 0;
        long[] b = Arrays.copyOf(bytes, kept);
        Arrays.sort(b);
        return kept % 2 == 1 ? b[kept / 2] : (b[kept / 2 - 1] + b[kept / 2]) / 2;
    }

    /** RITA's score of what was kept, over this window. */
    BeaconScore score(BeaconScore.Params params) {
        return BeaconScore.score(Arrays.copyOf(tsSeconds, kept), kept, Arrays.copyOf(bytes, kept), kept,
                Math.floorDiv(windowStartNanos, 1_000_000_000L), Math.floorDiv(windowEndNanos, 1_000_000_000L), params);
    }
}
