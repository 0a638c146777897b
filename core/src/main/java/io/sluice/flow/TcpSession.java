package io.sluice.flow;

import static io.sluice.flow.TcpState.CLOSED;
import static io.sluice.flow.TcpState.ESTABLISHED;
import static io.sluice.flow.TcpState.INACTIVE;
import static io.sluice.flow.TcpState.PARTIAL;
import static io.sluice.flow.TcpState.RESET;
import static io.sluice.flow.TcpState.SYN_ACK_SENT;
import static io.sluice.flow.TcpState.SYN_SENT;
import static io.sluice.flow.TcpEndpoint.seqDelta;

/**
 * Zeek's TCP connection logic (TCPSessionAdapter::Process and its state machine, packet_analysis
 * TCP.cc) applied to a {@link Flow}: sequence tracking, endpoint states, history letters, the
 * close/reset handling and the analyzer timers that decide when a connection is removed.
 * Stateless itself; one instance serves the whole table. Timer values come from {@link FlowConfig}.
 */
final class TcpSession {
    static final int HIST_SYN_PKT = 0x1, HIST_FIN_PKT = 0x2, HIST_RST_PKT = 0x4, HIST_FIN_RST_PKT = 0x8,
            HIST_DATA_PKT = 0x10, HIST_ACK_PKT = 0x20, HIST_MULTI_FLAG_PKT = 0x40;

    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10, URG = 0x20;
    private static final long U32 = 0xFFFFFFFFL;

    private final FlowConfig config;
    private final WeirdReporter weirds;

    /**
     * After {@link #process}: the relative sequence number of the packet's first payload byte when
     * the payload went to the reassembler (so the content layer gets the same bytes), else -1.
     */
    long dataSeq = -1;
    /** This packet's data start in relative sequence, whether or not it is delivered; -1 without data. */
    long segmentSeq = -1;
    /** After {@link #process}: the direction of the packet's endpoint (after any role flip it caused). */
    boolean endpointIsOrig;

    TcpSession(FlowConfig config, WeirdReporter weirds) {
        this.config = config;
        this.weirds = weirds;
    }

    /** Zeek's TCPAnalyzer::WantConnection: should a new connection flip to make the server the responder? */
    static boolean flipAtStart(int flags, int srcPort, int dstPort, LikelyServerPorts ports) {
        if ((flags & SYN) != 0 && (flags & ACK) == 0) return false;
        if (!ports.isTcp(srcPort)) return false;
        if (ports.isTcp(dstPort)) return (flags & SYN) == 0 && srcPort < dstPort;
        return true;
    }

    /**
     * Zeek's TCPSessionAdapter::IsReuse: whether this SYN starts a new connection on the tuple of
     * an existing one (which then ends).
     */
    static boolean isReuse(Flow f, int flags, long seq) {
        if ((flags & SYN) == 0) return false;
        TcpEndpoint connOrig = f.tcpOrig;
        if ((flags & ACK) != 0) {
            if (f.tcpOrig.state != INACTIVE) return false;
            connOrig = f.tcpResp;
        }
        boolean closed = f.tcpOrig.didClose || f.tcpResp.didClose;
        if (!closed) {
            if (seq == connOrig.startSeq32()) return false;
            if ((flags & ACK) == 0 && connOrig.state == SYN_ACK_SENT && f.tcpResp.state == INACTIVE
                    && seq == f.tcpResp.startSeq32()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One packet of the connection, after the checksum check.
     *
     * @param isOrig the direction as decided when the packet arrived (before any flip it causes)
     * @param len TCP payload length from the IP header
     * @param captured whether the whole payload is in the capture (Zeek skips reassembly otherwise)
     */
    void process(Flow c, boolean isOrig, int flags, long baseSeq, long ackSeq, int window, int len,
            boolean captured, long t) {
        TcpEndpoint endpoint = isOrig ? c.tcpOrig : c.tcpResp;
        TcpEndpoint peer = endpoint.peer;

        setPartialStatus(c, flags, endpoint.isOrig);

        int segLen = len;
        if ((flags & SYN) != 0) segLen++;
        if ((flags & FIN) != 0) segLen++;
        if ((flags & RST) != 0) segLen -= len;
        long seqOnePast = (baseSeq + segLen) & U32;

        dataSeq = -1;
        segmentSeq = -1;
        initEndpoint(c, endpoint, flags, baseSeq, seqOnePast, t);

        long relSeq;
        boolean seqUnderflow;
        {
            long r = relativeSeq(endpoint, baseSeq, endpoint.lastSeq, endpoint.seqWraps);
            seqUnderflow = underflow;
            relSeq = r;
        }
        if (seqUnderflow && (flags & RST) == 0) weird(c, t, "TCP_seq_underflow_or_misorder", "TCP");
        if ((flags & SYN) != 0) {
            if ((flags & RST) != 0) weird(c, t, "TCP_christmas", "TCP");
            if ((flags & URG) != 0) weird(c, t, "baroque_SYN", "TCP");
            if (len > 0) weird(c, t, "SYN_with_data", "TCP");
        }

        updateHistory(flags, endpoint, relSeq, len);
        if (window == 0 && (flags & RST) == 0 && peer.state != CLOSED && endpoint.state != RESET) {
            endpoint.zeroWindow();
        }

        if (!c.tcpOrig.didClose || !c.tcpResp.didClose) c.lastNs = t;

        if ((flags & FIN) != 0) {
            endpoint.finCnt++;
            endpoint.finSeq = relSeq + segLen;
        }
        if ((flags & RST) != 0) endpoint.rstCnt++;

        long relAck = 0;
        if ((flags & ACK) != 0) {
            if (peer.state == INACTIVE) {
                relAck = 1;
                peer.initStartSeq(ackSeq - 1);
                peer.initAckSeq(ackSeq - 1);
                peer.initLastSeq(ackSeq - 1);
            } else {
                long r = relativeSeq(peer, ackSeq, peer.ackSeq, peer.ackWraps);
                if (underflow) {
                    relAck = 0;
                    weird(c, t, "TCP_ack_underflow_or_misorder", "TCP");
                } else {
                    relAck = r;
                    if ((flags & RST) == 0) updateAckSeq(peer, ackSeq);
                }
            }
        }

        int deltaLast = updateLastSeq(endpoint, seqOnePast, flags, len);
        endpoint.lastTimeNs = t;

        doClose = false;
        genEvent = false;
        switch (endpoint.state) {
            case INACTIVE -> updateInactive(c, t, endpoint, peer, baseSeq, ackSeq, len, isOrig, flags);
            case SYN_SENT, SYN_ACK_SENT -> updateSynSent(c, t, endpoint, peer, flags, len);
            case ESTABLISHED, PARTIAL -> updateEstablished(c, t, endpoint, peer, flags);
            case CLOSED -> updateClosed(c, t, endpoint, flags);
            default -> { } // RESET: nothing changes
        }
        boolean close = doClose, gen = genEvent;

        if ((flags & ACK) != 0) {
            peer.ackReceived(relAck);
            checkEof(c, peer);
        }

        if (isOrig) c.tcpFirstPacketSeen |= 1; else c.tcpFirstPacketSeen |= 2;

        long relDataSeq = (flags & SYN) != 0 ? relSeq + 1 : relSeq;
        if (len > 0 && (flags & RST) == 0 && !seqUnderflow && captured) {
            if (!endpoint.skipDeliveries) dataSeq = relDataSeq;
            segmentSeq = relDataSeq;
            switch (endpoint.dataSent(relDataSeq, len)) {
                case TcpEndpoint.ABOVE_HOLE_WITHOUT_ACKS -> weird(c, t, "above_hole_data_without_any_acks", "TCP");
                case TcpEndpoint.EXCESSIVE_WITHOUT_ACKS -> weird(c, t, "excessive_data_without_further_acks", "TCP");
                default -> { }
            }
        }
        endpointIsOrig = endpoint.isOrig;
        checkEof(c, endpoint);

        if (close) connectionClosed(c, endpoint, peer, gen);
    }

    private void weird(Flow c, long t, String name, String source) {
        if (weirds != null) weirds.conn(c, t, name, null, source);
    }

    /** A packet with a bad checksum: counted only as the 'C' history letter, as in Zeek. */
    void badChecksum(Flow c, boolean isOrig) {
        (isOrig ? c.tcpOrig : c.tcpResp).checksumError();
    }

    // Per-packet results passed between steps without allocating.
    private boolean underflow;
    private boolean doClose, genEvent;

    private static void setPartialStatus(Flow c, int flags, boolean endpointIsOrig) {
        if (endpointIsOrig) {
            if ((c.tcpFirstPacketSeen & 1) == 0) c.tcpIsPartial = (flags & SYN) == 0 || (flags & ACK) != 0;
        } else if ((c.tcpFirstPacketSeen & 2) == 0 && !c.tcpIsPartial) {
            c.tcpIsPartial = (flags & SYN) == 0;
        }
    }

    private void initEndpoint(Flow c, TcpEndpoint e, int flags, long firstSeq, long lastSeq, long t) {
        boolean syn = (flags & SYN) != 0;
        switch (e.state) {
            case INACTIVE -> {
                if (syn) {
                    e.initAckSeq(firstSeq);
                    e.initStartSeq(firstSeq);
                } else {
                    e.initAckSeq(firstSeq - 1);
                    e.initStartSeq(firstSeq - 1);
                    lastSeq = firstSeq;
                }
                e.initLastSeq(lastSeq);
            }
            case SYN_SENT, SYN_ACK_SENT -> {
                if (syn && firstSeq != e.startSeq32()) {
                    weird(c, t, "SYN_seq_jump", null);
                    e.initStartSeq(firstSeq);
                    e.initAckSeq(firstSeq);
                    e.initLastSeq(lastSeq);
                }
            }
            case ESTABLISHED, PARTIAL -> {
                if (syn) {
                    if (e.size() > 0) weird(c, t, "SYN_inside_connection", null);
                    if (firstSeq != e.startSeq32()) weird(c, t, "SYN_seq_jump", null);
                    e.initStartSeq(firstSeq);
                    e.initAckSeq(firstSeq);
                    e.initLastSeq(lastSeq);
                }
            }
            case RESET -> {
                if (syn && e.prevState == INACTIVE) {
                    e.initStartSeq(firstSeq);
                    e.initAckSeq(firstSeq);
                    e.initLastSeq(lastSeq);
                }
            }
            default -> { }
        }
    }

    /** get_relative_seq; sets {@link #underflow}. */
    private long relativeSeq(TcpEndpoint e, long curBase, long last, int wraps) {
        underflow = false;
        int delta = seqDelta(curBase, last);
        if (delta < 0) {
            if (wraps != 0 && curBase > last) wraps--;
        } else if (delta > 0) {
            if (curBase < last) wraps++;
        }
        if (wraps == 0) {
            int d = seqDelta(curBase, e.startSeq32());
            if (d < 0) underflow = true;
            return d;
        }
        return e.toRelative(curBase, wraps);
    }

    private static void updateHistory(int flags, TcpEndpoint e, long relSeq, int len) {
        boolean syn = (flags & SYN) != 0, fin = (flags & FIN) != 0, rst = (flags & RST) != 0;
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1) {
            if (fin && rst) e.checkHistory(HIST_FIN_RST_PKT, 'I');
            else e.checkHistory(HIST_MULTI_FLAG_PKT, 'Q');
        } else if (bits == 1) {
            if (syn) {
                char code = (flags & ACK) != 0 ? 'H' : 'S';
                if (e.checkHistory(HIST_SYN_PKT, code) && relSeq != e.histLastSyn) e.addHistory(code);
                e.histLastSyn = relSeq;
            }
            if (fin) {
                if (e.checkHistory(HIST_FIN_PKT, 'F') && relSeq + len != e.histLastFin) e.addHistory('F');
                e.histLastFin = relSeq + len;
            }
            if (rst) {
                if (e.checkHistory(HIST_RST_PKT, 'R') && relSeq != e.histLastRst) e.addHistory('R');
                e.histLastRst = relSeq;
            }
        } else if (len != 0) {
            e.checkHistory(HIST_DATA_PKT, 'D');
        } else if ((flags & ACK) != 0) {
            e.checkHistory(HIST_ACK_PKT, 'A');
        }
    }

    private static void updateAckSeq(TcpEndpoint e, long ack) {
        int delta = seqDelta(ack, e.ackSeq);
        if (ack == 0 && delta > FlowTableLimits.TOO_LARGE_SEQ_DELTA) return;
        if (delta > 0) e.updateAckSeq(ack);
    }

    private static int updateLastSeq(TcpEndpoint e, long lastSeq, int flags, int len) {
        int delta = seqDelta(lastSeq, e.lastSeq);
        if ((flags & (SYN | RST)) != 0
                && (delta > FlowTableLimits.TOO_LARGE_SEQ_DELTA || delta < -FlowTableLimits.TOO_LARGE_SEQ_DELTA)) {
            // untrusted
        } else if ((flags & FIN) != 0 && e.lastSeq == ((e.startSeq32() + 1) & U32)) {
            e.updateLastSeq(lastSeq);
        } else if (e.state == RESET) {
            // don't trust sequence numbers after a reset
        } else if (delta > 0) {
            e.updateLastSeq(lastSeq);
        } else if (len > 0) {
            e.didRxmit();
        }
        return delta;
    }

    private void updateInactive(Flow c, long t, TcpEndpoint endpoint, TcpEndpoint peer, long baseSeq,
            long ackSeq, int len, boolean isOrig, int flags) {
        boolean syn = (flags & SYN) != 0, ack = (flags & ACK) != 0;
        if (syn) {
            if (isOrig) {
                endpoint.setState(ack ? SYN_ACK_SENT : SYN_SENT);
                if (config.tcpAttemptDelayNanos() > 0) c.attemptTimer = t + config.tcpAttemptDelayNanos();
            } else {
                if (!ack && peer.state == SYN_ACK_SENT && baseSeq == endpoint.startSeq32()) {
                    // SYN/SYN-ACK reversal: the SYN-ACK was seen first. Flip and establish.
                    c.tcpIsPartial = false;
                    c.flipRoles();
                    peer.setState(ESTABLISHED);
                    c.tcpFirstPacketSeen |= 1;
                }
                if (peer.state == SYN_SENT) peer.setState(ESTABLISHED);
                endpoint.setState(ESTABLISHED);
            }
        }
        if ((flags & FIN) != 0) {
            endpoint.setState(CLOSED);
            doClose = genEvent = true;
        }
        if ((flags & RST) != 0) {
            endpoint.setState(RESET);
            boolean isReject = false;
            if (isOrig) {
                if (peer.state == ESTABLISHED) isReject = true;
            } else if (peer.state == SYN_SENT || peer.state == SYN_ACK_SENT) {
                isReject = true;
            }
            doClose = true;
            genEvent = !isReject;
        }
        if (endpoint.state == INACTIVE) {
            if (!isOrig && len == 0 && c.tcpOrig.state == SYN_SENT) {
                // An ack of the SYN before the SYN-ACK does not make the connection partial.
            } else if (ack && peer.state == ESTABLISHED) {
                endpoint.setState(ESTABLISHED);
                c.tcpIsPartial = false;
                c.tcpFirstPacketSeen |= isOrig ? 1 : 2;
            } else {
                endpoint.setState(PARTIAL);
            }
        }
    }

    private void updateSynSent(Flow c, long t, TcpEndpoint endpoint, TcpEndpoint peer, int flags, int len) {
        if ((flags & FIN) != 0) {
            if (peer.state == INACTIVE || peer.state == SYN_SENT) weird(c, t, "inappropriate_FIN", "TCP");
            endpoint.setState(CLOSED);
            doClose = genEvent = true;
        }
        if ((flags & RST) != 0) {
            endpoint.setState(RESET);
            c.tcpIsActive = false;
            doClose = true;
        } else if (len > 0) {
            weird(c, t, "data_before_established", "TCP");
        }
    }

    private void updateEstablished(Flow c, long t, TcpEndpoint endpoint, TcpEndpoint peer, int flags) {
        if ((flags & SYN) != 0 && endpoint.state == PARTIAL && peer.state == INACTIVE && (flags & ACK) == 0) {
            weird(c, t, "SYN_after_partial", "TCP");
            endpoint.setState(SYN_SENT);
        }
        if ((flags & FIN) != 0 && (flags & RST) == 0) {
            endpoint.setState(CLOSED);
            if (peer.state == RESET && peer.prevState == CLOSED) peer.setState(CLOSED);
            doClose = genEvent = true;
        }
        if ((flags & RST) != 0) {
            endpoint.setState(RESET);
            doClose = true;
            if (peer.state != RESET || peer.prevState != ESTABLISHED) c.tcpIsActive = false;
        }
    }

    private void updateClosed(Flow c, long t, TcpEndpoint endpoint, int flags) {
        if ((flags & RST) != 0 && endpoint.peer.state != CLOSED) {
            endpoint.setState(RESET);
            if (!endpoint.didClose) doClose = true;
            c.resetTimer = t + config.tcpResetDelayNanos();
        }
    }

    /** TCP_Reassembler::CheckEOF followed by TCPSessionAdapter::EndpointEOF. */
    private void checkEof(Flow c, TcpEndpoint e) {
        if (!e.didEof && (e.finCnt > 0 || e.state == CLOSED || e.state == RESET) && !e.dataPending()) {
            e.didEof = true;
            if (c.tcpCloseDeferred) {
                c.tcpCloseDeferred = false;
                connectionClosed(c, e, e.peer, c.tcpDeferredGenEvent);
            }
        }
    }

    /** TCPSessionAdapter::ConnectionClosed: schedules removal once both sides are done. */
    private void connectionClosed(Flow c, TcpEndpoint endpoint, TcpEndpoint peer, boolean gen) {
        if (endpoint.dataPending()) {
            c.tcpCloseDeferred = true;
            if (!c.tcpDeferredGenEvent) c.tcpDeferredGenEvent = gen;
            return;
        }
        c.tcpCloseDeferred = false;
        if (endpoint.didClose) return;
        endpoint.didClose = true;
        boolean complete = endpoint.state == RESET || peer.didClose || peer.state == INACTIVE;
        if (complete) {
            if (endpoint.prevState != INACTIVE || peer.state != INACTIVE) {
                if (c.tcpDeferredGenEvent) {
                    gen = true;
                    c.tcpDeferredGenEvent = false;
                }
                if (gen) c.tcpIsActive = false;
            }
            // CancelTimers() drops the analyzer timers; the delete timer replaces them.
            c.expireTimer0 = c.expireTimer1 = c.expireTimer2 = Flow.NEVER;
            c.attemptTimer = c.resetTimer = Flow.NEVER;
            c.deleteTimer = c.lastNs + config.tcpCloseDelayNanos();
        } else if (endpoint.prevState != INACTIVE) {
            long at = c.lastNs + config.tcpSessionTimerNanos();
            if (c.expireTimer1 == Flow.NEVER) c.expireTimer1 = at; else c.expireTimer2 = at;
        }
    }

    // ---- timers (each returns true when the connection is to be removed) ----

    boolean expireTimer(Flow c, long t) {
        if (!c.tcpIsActive) return false;
        TcpEndpoint o = c.tcpOrig, r = c.tcpResp;
        if (c.lastNs + config.tcpConnectionLingerNanos() < t) {
            if (o.didClose || r.didClose) {
                if ((o.didClose && r.didClose) || o.state == RESET || r.state == RESET
                        || o.state == INACTIVE || r.state == INACTIVE) {
                    c.tcpIsActive = false;
                    return true;
                }
            }
            if (r.state == INACTIVE && o.state == INACTIVE) return true;
        }
        return false;
    }

    boolean attemptTimer(Flow c) {
        if (!c.tcpIsActive) return false;
        TcpEndpoint o = c.tcpOrig;
        if ((o.state == SYN_SENT || o.state == SYN_ACK_SENT) && c.tcpResp.state == INACTIVE) {
            c.tcpIsActive = false;
            return true;
        }
        return false;
    }

    boolean resetTimer(Flow c) {
        return c.tcpIsActive;
    }
}
