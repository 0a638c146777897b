package io.sluice.flow;

/**
 * One side of a TCP connection, as Zeek's {@code TCP_Endpoint} plus the bookkeeping of its
 * {@code TCP_Reassembler} that conn.log depends on: which relative sequence numbers arrived
 * (to find content gaps, {@code missed_bytes} and the 'G' history letter) without buffering any
 * payload. Out-of-order data is remembered as a small bounded set of ranges.
 *
 * <p>Sequence numbers are unsigned 32-bit values held in longs; relative and 64-bit sequence
 * values follow Zeek's wrap counting ({@code seq_wraps}, {@code ack_wraps}). Reused with its
 * {@link Flow}; {@link #reset} clears it.
 */
final class TcpEndpoint {
    static final int MAX_RANGES = 16;
    private static final long U32 = 0xFFFFFFFFL;

    final Flow conn;
    TcpEndpoint peer;
    boolean isOrig;

    int state, prevState;
    long startSeq;           // int64 in Zeek: may exceed 32 bits after InitStartSeq(x - 1) wrap
    long lastSeq, ackSeq;    // uint32
    int seqWraps, ackWraps;
    long finSeq;             // relative
    int finCnt, rstCnt;
    boolean didClose;
    long histLastSyn, histLastFin, histLastRst;
    int chkCnt, chkThresh, rxmtCnt, rxmtThresh, win0Cnt, win0Thresh, gapCnt, gapThresh;
    long lastTimeNs;

    // ---- reassembler bookkeeping (relative sequence space, starts at 1) ----
    long lastReassemSeq, trimSeq;
    boolean skipDeliveries, didEof;
    // Allocated on the first out-of-order segment: most connections never need them.
    long[] rangeStart, rangeEnd;
    int rangeCount;
    long rangeBytes;

    TcpEndpoint(Flow conn) {
        this.conn = conn;
        reset(true);
    }

    void reset(boolean orig) {
        isOrig = orig;
        state = prevState = TcpState.INACTIVE;
        startSeq = lastSeq = ackSeq = 0;
        seqWraps = ackWraps = 0;
        finSeq = 0;
        finCnt = rstCnt = 0;
        didClose = false;
        histLastSyn = histLastFin = histLastRst = 0;
        chkCnt = rxmtCnt = win0Cnt = gapCnt = 0;
        chkThresh = rxmtThresh = win0Thresh = gapThresh = 1;
        lastTimeNs = 0;
        lastReassemSeq = trimSeq = 1;
        skipDeliveries = didEof = false;
        rangeCount = 0;
        rangeBytes = 0;
    }

    static int seqDelta(long a, long b) {
        return (int) (a - b);
    }

    long startSeq32() {
        return startSeq & U32;
    }

    static long fullSeq(long seq, int wraps) {
        return ((wraps & U32) << 32) + seq;
    }

    long toRelative(long seq, int wraps) {
        return fullSeq(seq, wraps) - startSeq;
    }

    void initStartSeq(long seq32) {
        startSeq = seq32 & U32;
    }

    void initLastSeq(long seq) {
        lastSeq = seq & U32;
    }

    void initAckSeq(long seq) {
        ackSeq = seq & U32;
    }

    void updateLastSeq(long seq) {
        if (seq < lastSeq) seqWraps++;
        lastSeq = seq;
    }

    void updateAckSeq(long seq) {
        if (seq < ackSeq) ackWraps++;
        ackSeq = seq;
    }

    boolean noDataAcked() {
        long ack = fullSeq(ackSeq, ackWraps);
        return ack == startSeq || ack == startSeq + 1;
    }

    void setState(int newState) {
        if (newState == state) return;
        // Zeek switches to the TCP inactivity timeout once the handshake is over.
        if (!TcpState.isHandshake(newState) && TcpState.isHandshake(state) && TcpState.isHandshake(peer.state)) {
            conn.tcpHandshakeDone = true;
        }
        prevState = state;
        state = newState;
    }

    /** {@code TCP_Endpoint::Size()}: payload bytes from sequence numbers, SYN and FIN not counted. */
    long size() {
        if (prevState == TcpState.SYN_SENT && state == TcpState.RESET && peer.state == TcpState.INACTIVE
                && !noDataAcked()) {
            return 0;
        }
        long last64 = fullSeq(lastSeq, seqWraps);
        long ack64 = fullSeq(ackSeq, ackWraps);
        long size = (Long.compareUnsigned(last64, ack64) > 0 ? last64 : ack64) - startSeq;
        if (size != 0) size--;
        if (finCnt > 0 && size != 0) size--;
        return size;
    }

    // ---- history (Zeek: TCP_Endpoint::CheckHistory / AddHistory, responder letters lower case) ----

    boolean checkHistory(int mask, char code) {
        if (!isOrig) {
            mask <<= 16;
            code = Character.toLowerCase(code);
        }
        return conn.checkHistory(mask, code);
    }

    void addHistory(char code) {
        conn.addHistory(isOrig ? code : Character.toLowerCase(code));
    }

    void checksumError() {
        int t = chkThresh;
        if (conn.scaledHistory(isOrig ? 'C' : 'c', chkCnt + 1, t)) chkThresh = nextThreshold(t);
        chkCnt++;
    }

    void didRxmit() {
        int t = rxmtThresh;
        if (conn.scaledHistory(isOrig ? 'T' : 't', rxmtCnt + 1, t)) rxmtThresh = nextThreshold(t);
        rxmtCnt++;
    }

    void zeroWindow() {
        int t = win0Thresh;
        if (conn.scaledHistory(isOrig ? 'W' : 'w', win0Cnt + 1, t)) win0Thresh = nextThreshold(t);
        win0Cnt++;
    }

    void gapHistory() {
        int t = gapThresh;
        if (conn.scaledHistory(isOrig ? 'G' : 'g', gapCnt + 1, t)) gapThresh = nextThreshold(t);
        gapCnt++;
    }

    /** Zeek's ScaledHistoryEntry: thresholds 1, 10, 100, ...; on 32-bit overflow the threshold stays. */
    private static int nextThreshold(int t) {
        long n = (t & U32) * 10;
        return n > U32 ? t : (int) n;
    }

    // ---- reassembler (TCP_Reassembler / Reassembler), sequence numbers relative ----

    /** The first out-of-order range's end beyond what was delivered, for NumUndeliveredBytes. */
    long undeliveredBytes() {
        return rangeCount == 0 ? 0 : rangeEnd[rangeCount - 1] - lastReassemSeq;
    }

    boolean hasUndeliveredData() {
        return rangeCount > 0;
    }

    /** Bytes held by Zeek's block list: delivered but not yet acked, plus out-of-order data. */
    long blockDataSize() {
        long delivered = lastReassemSeq > trimSeq ? lastReassemSeq - trimSeq : 0;
        return delivered + rangeBytes;
    }

    void clearBlocks() {
        rangeCount = 0;
        rangeBytes = 0;
    }

    /** Reassembler::NewBlock + TCP_Reassembler::BlockInserted, without the payload. */
    void newBlock(long seq, long len) {
        if (len <= 0) return;
        long upper = seq + len;
        if (upper <= trimSeq) return;
        if (seq < trimSeq) seq = trimSeq;
        if (seq <= lastReassemSeq) {
            if (upper > lastReassemSeq) {
                lastReassemSeq = upper;
                absorbRanges();
            }
        } else {
            insertRange(seq, upper);
        }
    }

    /** Delivers out-of-order ranges that became contiguous. */
    private void absorbRanges() {
        while (rangeCount > 0 && rangeStart[0] <= lastReassemSeq) {
            if (rangeEnd[0] > lastReassemSeq) lastReassemSeq = rangeEnd[0];
            removeRange(0);
        }
    }

    private void insertRange(long s, long e) {
        if (rangeStart == null) {
            rangeStart = new long[MAX_RANGES];
            rangeEnd = new long[MAX_RANGES];
        }
        int i = 0;
        while (i < rangeCount && rangeEnd[i] < s) i++;
        // merge with every range that overlaps or touches [s, e)
        int j = i;
        while (j < rangeCount && rangeStart[j] <= e) {
            s = Math.min(s, rangeStart[j]);
            e = Math.max(e, rangeEnd[j]);
            j++;
        }
        int removed = j - i;
        for (int k = i; k < j; k++) rangeBytes -= rangeEnd[k] - rangeStart[k];
        if (removed == 0) {
            if (rangeCount == MAX_RANGES) {
                // Bounded memory: fold the two closest ranges at the end into one (loses one hole).
                rangeBytes -= rangeEnd[rangeCount - 2] - rangeStart[rangeCount - 2];
                rangeBytes -= rangeEnd[rangeCount - 1] - rangeStart[rangeCount - 1];
                rangeEnd[rangeCount - 2] = rangeEnd[rangeCount - 1];
                rangeBytes += rangeEnd[rangeCount - 2] - rangeStart[rangeCount - 2];
                rangeCount--;
                if (i > rangeCount) i = rangeCount;
            }
            System.arraycopy(rangeStart, i, rangeStart, i + 1, rangeCount - i);
            System.arraycopy(rangeEnd, i, rangeEnd, i + 1, rangeCount - i);
            rangeCount++;
        } else if (removed > 1) {
            System.arraycopy(rangeStart, j, rangeStart, i + 1, rangeCount - j);
            System.arraycopy(rangeEnd, j, rangeEnd, i + 1, rangeCount - j);
            rangeCount -= removed - 1;
        }
        rangeStart[i] = s;
        rangeEnd[i] = e;
        rangeBytes += e - s;
    }

    private void removeRange(int i) {
        rangeBytes -= rangeEnd[i] - rangeStart[i];
        System.arraycopy(rangeStart, i + 1, rangeStart, i, rangeCount - i - 1);
        System.arraycopy(rangeEnd, i + 1, rangeEnd, i, rangeCount - i - 1);
        rangeCount--;
    }

    /** DataBlockList::Trim via Reassembler::TrimToSeq: undelivered data below seq becomes a gap. */
    void trimToSeq(long seq) {
        if (seq > lastReassemSeq) undelivered(seq);
        while (rangeCount > 0 && rangeEnd[0] <= seq) removeRange(0);
        if (rangeCount > 0 && rangeStart[0] < seq) {
            rangeBytes -= seq - rangeStart[0];
            rangeStart[0] = seq;
        }
        trimSeq = seq;
    }

    /** TCP_Reassembler::Undelivered: report the holes below upToSeq as content gaps. */
    private void undelivered(long upToSeq) {
        if (upToSeq <= 2 && conn.tcpIsPartial) {
            // Zeek fakes a SYN for partial connections; a first ack at 1 or 2 is not a gap
            // (and Zeek leaves last_reassem_seq where it was).
            return;
        }
        if (!skipDeliveries) {
            while (rangeCount > 0 && rangeStart[0] < upToSeq) {
                if (rangeStart[0] > lastReassemSeq) gap(rangeStart[0] - lastReassemSeq);
                if (rangeEnd[0] > lastReassemSeq) lastReassemSeq = rangeEnd[0];
                removeRange(0);
                absorbRanges();
            }
            if (upToSeq > lastReassemSeq) gap(upToSeq - lastReassemSeq);
        }
        if (upToSeq > lastReassemSeq) lastReassemSeq = upToSeq;
    }

    private void gap(long len) {
        // Zeek only trusts gaps while both sides are established or closing cleanly.
        if (isClean(this) && isClean(peer)) {
            gapHistory();
            conn.missedBytes += len;
        }
    }

    private static boolean isClean(TcpEndpoint e) {
        return e.state == TcpState.ESTABLISHED
                || (e.state == TcpState.CLOSED && e.prevState == TcpState.ESTABLISHED);
    }

    static final int DATA_OK = 0, ABOVE_HOLE_WITHOUT_ACKS = 1, EXCESSIVE_WITHOUT_ACKS = 2;

    /**
     * TCP_Reassembler::DataSent (relative seq of the first payload byte).
     *
     * @return DATA_OK, or why deliveries stopped (Zeek's weirds above_hole_data_without_any_acks,
     *     excessive_data_without_further_acks)
     */
    int dataSent(long seq, long len) {
        long ack = toRelative(ackSeq, ackWraps);
        long upper = seq + len;
        if (skipDeliveries) return DATA_OK;
        if (seq < ack) {
            if (upper <= ack) return DATA_OK;
            len -= ack - seq;
            seq = ack;
        }
        newBlock(seq, len);
        // BlockInserted: nothing acked yet and much sent, so the peer's acks are probably not
        // visible; Zeek stops holding the delivered data.
        if (noDataAcked() && size() > FlowTableLimits.TCP_MAX_INITIAL_WINDOW) trimToSeq(lastReassemSeq);
        if (noDataAcked() && undeliveredBytes() > FlowTableLimits.TCP_MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS) {
            clearBlocks();
            skipDeliveries = true;
            return ABOVE_HOLE_WITHOUT_ACKS;
        }
        if (blockDataSize() > FlowTableLimits.TCP_EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS) {
            clearBlocks();
            skipDeliveries = true;
            return EXCESSIVE_WITHOUT_ACKS;
        }
        return DATA_OK;
    }

    /** TCP_Reassembler::AckReceived, for the peer's acknowledgement of this side's data. */
    void ackReceived(long seq) {
        if (finCnt > 0 && seq >= finSeq) seq = finSeq - 1;
        if (seq <= trimSeq) return;
        trimToSeq(seq);
    }

    /** TCP_Reassembler::DataPending. */
    boolean dataPending() {
        if (skipDeliveries) return false;
        long delivered = startSeq + lastReassemSeq;
        long last = fullSeq(lastSeq, seqWraps);
        if (Long.compareUnsigned(last, delivered) < 0) return false;
        if (delivered != last - 1 && delivered != last) return true;
        return state != TcpState.RESET && peer.hasUndeliveredData();
    }
}
