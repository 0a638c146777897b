package io.sluice.flow;

import io.sluice.event.TcpFingerprints;
import io.sluice.packet.Packet;
import java.util.Arrays;

/**
 * Watches a TCP connection's opening for its JA4T, JA4TS and JA4L fingerprints
 * ({@link TcpFingerprints}): the first SYN, the SYN-ACKs (the first one's header, the seconds between
 * the ones sent again, a reset that ends them) and the client's ACK after the first SYN-ACK. Kept in
 * its {@link Flow} and reused with it; nothing is allocated per packet, and once the server sends
 * something other than a SYN-ACK the connection costs one field test a packet.
 */
final class HandshakePrints {
    private static final int MAX_OPTIONS = 40;
    private static final int MAX_RETRANSMISSIONS = 10;
    private static final long SECOND = 1_000_000_000L;

    /** True once nothing more of the handshake can come. */
    private boolean done;
    private long synTs = -1, synAckTs = -1, lastSynAckTs, ackTs = -1;
    private boolean synFromOrig;
    private int synWindow, synMss, synScale, synTtl, synOptLen;
    private int ackWindow, ackMss, ackScale, ackTtl, ackOptLen;
    private final byte[] synOptions = new byte[MAX_OPTIONS], ackOptions = new byte[MAX_OPTIONS];
    private final int[] delays = new int[MAX_RETRANSMISSIONS];
    private int delayCount, resetSeconds;
    /** The MSS and window-scale values the last {@link #options} call read, -1 when absent. */
    private int mss, scale;

    void reset() {
        done = false;
        synTs = synAckTs = ackTs = -1;
        delayCount = 0;
        resetSeconds = -1;
    }

    /** A TCP packet of the connection that passed the checksum test; true once nothing more of the handshake can come. */
    boolean packet(Packet p, boolean isOrig, long t) {
        observe(p, isOrig, t);
        return done;
    }

    private void observe(Packet p, boolean isOrig, long t) {
        int flags = p.tcpFlags;
        boolean syn = (flags & Packet.SYN) != 0, ack = (flags & Packet.ACK) != 0;
        if (syn && !ack) {
            if (synTs < 0 && synAckTs < 0) {
                synTs = t;
                synFromOrig = isOrig;
                synTtl = p.ttl;
                synWindow = p.window;
                synOptLen = options(p, synOptions);
                synMss = mss;
                synScale = scale;
            }
            return;
        }
        boolean fromClient = synTs >= 0 ? isOrig == synFromOrig : !isOrig;
        if (syn) {
            if (fromClient) return;
            if (synAckTs < 0) {
                synAckTs = lastSynAckTs = t;
                ackTtl = p.ttl;
                ackWindow = p.window;
                ackOptLen = options(p, ackOptions);
                ackMss = mss;
                ackScale = scale;
            } else if (resetSeconds < 0) {
                if (delayCount < MAX_RETRANSMISSIONS) delays[delayCount++] = seconds(t - lastSynAckTs);
                lastSynAckTs = t;
            }
            return;
        }
        if (synAckTs < 0) {
            // No SYN-ACK (yet): the handshake is still open unless the connection has moved on.
            if (synTs < 0 || (flags & Packet.RST) != 0 || p.payloadLength > 0) done = true;
            return;
        }
        if ((flags & Packet.RST) != 0) {
            if (!fromClient && ackTs < 0) resetSeconds = seconds(t - lastSynAckTs);
            done = true;
        } else if (fromClient) {
            if (ack && ackTs < 0) ackTs = t;
        } else {
            // The server moved on from SYN-ACKs. Until then one sent again still counts, even after
            // the client's ACK (the server had not received it yet), as the Wireshark plugin counts it.
            done = true;
        }
    }

    private static int seconds(long nanos) {
        return (int) Math.round(nanos / (double) SECOND);
    }

    /** Copies the kinds of the packet's TCP options into {@code kinds}; sets {@link #mss} and {@link #scale}. */
    private int options(Packet p, byte[] kinds) {
        mss = scale = -1;
        if (p.buf == null || p.l4Offset < 0) return 0;
        int headerLength = ((p.buf.get(p.l4Offset + 12) & 0xff) >>> 4) * 4;
        int end = Math.min(p.l4Offset + headerLength, Math.min(p.buf.limit(), p.frameOffset + p.capLen));
        int n = 0;
        for (int i = p.l4Offset + 20; i < end && n < kinds.length; ) {
            int kind = p.buf.get(i) & 0xff;
            kinds[n++] = (byte) kind;
            if (kind == 0 || kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= end) break;
            int len = p.buf.get(i + 1) & 0xff;
            if (len < 2) break;
            if (kind == 2 && len == 4 && i + 4 <= end) mss = p.buf.getShort(i + 2) & 0xffff;
            if (kind == 3 && len == 3 && i + 3 <= end) scale = p.buf.get(i + 2) & 0xff;
            i += len;
        }
        return n;
    }

    /** What was measured, or null when no SYN or SYN-ACK was seen. */
    TcpFingerprints snapshot() {
        if (synTs < 0 && synAckTs < 0) return null;
        long client = synAckTs >= 0 && ackTs >= 0 ? (ackTs - synAckTs) / 2_000 : -1;
        long server = synTs >= 0 && synAckTs >= 0 ? (synAckTs - synTs) / 2_000 : -1;
        return new TcpFingerprints.Measured(synTs < 0 ? -1 : synWindow, Arrays.copyOf(synOptions, synTs < 0 ? 0 : synOptLen),
                synMss, synScale, synAckTs < 0 ? -1 : ackWindow, Arrays.copyOf(ackOptions, synAckTs < 0 ? 0 : ackOptLen),
                ackMss, ackScale, Arrays.copyOf(delays, delayCount), resetSeconds, client, synTtl, server, ackTtl);
    }
}
