package io.sluice.ingest.cloud;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestEvents.FlowFacts;

/**
 * Emits what one cloud flow log record says: a {@code ConnectionCreation} when it is the first
 * record of its connection in this input, then the {@code FlowRecord}. Both share one uid.
 */
final class CloudFlowEmitter {

    private final IngestContext context;
    private final FirstRecordTracker firsts;

    CloudFlowEmitter(IngestContext context) {
        this.context = context;
        this.firsts = new FirstRecordTracker(FirstRecordTracker.DEFAULT_CAPACITY);
    }

    /**
     * @param origP    for ICMP, the type (the responder port is mapped here)
     * @param rejected the record says the traffic was denied (REJECT, Deny)
     * @param outcome  what the creation says when the traffic was not denied
     */
    void emit(long tsNanos, Long durationNanos, String origH, int origP, String respH, int respP, int proto,
            long origPkts, long origBytes, long respPkts, long respBytes, boolean rejected, Outcome outcome,
            String source, String exporter) {
        int rp = IngestEvents.responderPort(proto, origP, respP);
        String uid = context.newUid();
        String cid = context.communityId(origH, origP, respH, rp, proto);
        if (firsts.first(cid, exporter)) {
            context.emit(IngestEvents.creation(context, tsNanos, uid, origH, origP, respH, rp, proto,
                    rejected ? Outcome.REJECTED : outcome, source, exporter, null));
        }
        context.emit(IngestEvents.flow(context, new FlowFacts(tsNanos, uid, origH, origP, respH, rp, proto,
                durationNanos, rejected ? "REJ" : "OTH", origPkts, origBytes, respPkts, respBytes, source, exporter,
                null)));
    }
}
