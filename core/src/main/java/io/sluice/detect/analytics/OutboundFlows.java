package io.sluice.detect.analytics;

import io.sluice.event.FlowRecord;

/**
 * Which flows the beacon and exfiltration analytics look at: RITA's pair filter. Internal to
 * external only (internal-internal, external-external and external-to-internal pairs are dropped,
 * RITA's defaults), and never loopback, link-local, multicast, broadcast or unspecified addresses
 * (RITA's mandatory never-include list). When a source gives no locality (both flags unset) the
 * flow is kept: the address filter still applies.
 */
final class OutboundFlows {
    private OutboundFlows() {}

    static boolean outbound(FlowRecord f) {
        // some fifteen analytics ask about each flow record in turn: answer them from the first one's answer
        Answer a = last;
        if (a != null && a.flow == f) return a.outbound;
        boolean out = judge(f);
        last = new Answer(f, out);
        return out;
    }

    private static boolean judge(FlowRecord f) {
        if (Boolean.FALSE.equals(f.localOrig()) || Boolean.TRUE.equals(f.localResp())) return false;
        return !AddressClasses.isSpecial(f.id().origH()) && !AddressClasses.isSpecial(f.id().respH());
    }

    /**
     * The last flow judged. Immutable with final fields, so a thread that reads another thread's
     * answer sees it whole; a stale one only costs a new judgement (records are compared by identity).
     */
    private record Answer(FlowRecord flow, boolean outbound) {}

    private static Answer last;
}
