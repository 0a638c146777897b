package io.sluice.detect.analytics;

import io.sluice.detect.Alert;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.FlowRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What every exfiltration analytic keeps for one host pair in one window: the window's bounds, the
 * flow count, first and last start, the last destination port and the first evidence uids. Each
 * analytic's state adds its own sums to it. Plain data, serialisable.
 */
abstract class PairWindow implements Serializable {
    private static final long serialVersionUID = 1L;

    final long windowStartNanos;
    final long windowEndNanos;
    long flows;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    int lastDstPort = -1;
    final List<String> uids = new ArrayList<>();
    final List<String> communityIds = new ArrayList<>();

    PairWindow(long startNanos, long windowNanos) {
        windowStartNanos = startNanos;
        windowEndNanos = startNanos + windowNanos;
    }

    /** Counts a flow as evidence of this window. */
    void note(FlowRecord f) {
        flows++;
        firstNanos = Math.min(firstNanos, f.tsNanos());
        lastNanos = Math.max(lastNanos, f.tsNanos());
        lastDstPort = f.id().respP();
        if (uids.size() < BeaconSeries.EVIDENCE && f.uid() != null) {
            uids.add(f.uid());
            communityIds.add(f.communityId());
        }
    }

    String span() {
        return Explanations.span(lastNanos - firstNanos);
    }

    /** An alert about this pair and window, its evidence attached; one incident per pair. */
    Alert.Builder alert(String detectorId, HostPair pair, Severity severity, double confidence) {
        var b = Alert.builder(detectorId)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(severity)
                .confidence(confidence)
                .time(firstNanos, lastNanos)
                .srcHost(pair.src())
                .dstHost(pair.dst())
                .incident(pair.src() + " → " + pair.dst());
        if (lastDstPort >= 0) b.dstPort(lastDstPort);
        for (int i = 0; i < uids.size(); i++) b.evidence(uids.get(i), communityIds.get(i));
        return b.evidenceCount(flows);
    }

    static long out(FlowRecord f) {
        return f.origBytes() == null ? 0 : f.origBytes();
    }

    static long in(FlowRecord f) {
        return f.respBytes() == null ? 0 : f.respBytes();
    }
}
