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
        return !special(f.id().origH()) && !special(f.id().respH());
    }

    /**
     * The last flow judged. Immutable with final fields, so a thread that reads another thread's
     * answer sees it whole; a stale one only costs a new judgement (records are compared by identity).
     */
    private record Answer(FlowRecord flow, boolean outbound) {}

    private static Answer last;

    /** Addresses RITA never includes; a textual check so nothing is parsed per event. */
    static boolean special(String ip) {
        if (ip == null || ip.isEmpty()) return true;
        if (ip.indexOf(':') >= 0) {
            String l = ip.toLowerCase(java.util.Locale.ROOT);
            return l.equals("::") || l.equals("::1") || l.startsWith("fe8") || l.startsWith("fe9")
                    || l.startsWith("fea") || l.startsWith("feb") || l.startsWith("ff");
        }
        if (ip.startsWith("127.") || ip.startsWith("169.254.") || ip.equals("0.0.0.0") || ip.equals("255.255.255.255")) {
            return true;
        }
        int dot = ip.indexOf('.');
        if (dot <= 0) return false;
        try {
            int first = Integer.parseInt(ip, 0, dot, 10);
            return first >= 224 && first <= 239; // multicast
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
