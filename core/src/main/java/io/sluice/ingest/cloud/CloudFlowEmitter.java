package io.sluice.ingest.cloud;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestEvents.FlowFacts;

/**
 * Emits what one cloud flow log record says: a {@code ConnectionCreation} when it is the first
 * record of its connection ({@link FirstRecordTracker}), and, when the record carries traffic
 * counts, a {@code FlowRecord}. Both share one uid.
 */
final class CloudFlowEmitter {

    /** One flow log record in the packet path's terms; for ICMP, origP is the type and respP the code. */
    record CloudFlow(long tsNanos, Long durationNanos, String origH, int origP, String respH, int respP, int proto,
            long origPkts, long origBytes, long respPkts, long respBytes, boolean rejected, Outcome outcome,
            String source, String exporter) {}

    private final IngestContext context;
    private final FirstRecordTracker firsts;

    CloudFlowEmitter(IngestContext context) {
        this.context = context;
        this.firsts = new FirstRecordTracker(FirstRecordTracker.DEFAULT_CAPACITY);
    }

    /**
     * @param withFlow whether the record also becomes a {@code FlowRecord} (false for Azure's
     *                 "begin" tuples, which carry no counts and are followed by ones that do)
     */
    void emit(CloudFlow f, boolean withFlow) {
        int rp = IngestEvents.responderPort(f.proto(), f.origP(), f.respP());
        String uid = context.newUid();
        String cid = context.communityId(f.origH(), f.origP(), f.respH(), rp, f.proto());
        long end = f.tsNanos() + (f.durationNanos() == null ? 0 : f.durationNanos());
        if (firsts.first(cid, f.tsNanos(), end)) {
            context.emit(IngestEvents.creation(context, f.tsNanos(), uid, f.origH(), f.origP(), f.respH(), rp,
                    f.proto(), f.rejected() ? Outcome.REJECTED : f.outcome(), f.source(), f.exporter(), null));
        }
        if (withFlow) {
            context.emit(IngestEvents.flow(context, new FlowFacts(f.tsNanos(), uid, f.origH(), f.origP(), f.respH(),
                    rp, f.proto(), f.durationNanos(), f.rejected() ? "REJ" : "OTH", f.origPkts(), f.origBytes(),
                    f.respPkts(), f.respBytes(), f.source(), f.exporter(), null)));
        }
    }
}
