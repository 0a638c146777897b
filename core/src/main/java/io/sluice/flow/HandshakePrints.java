package io.sluice.flow;

import io.sluice.event.TcpFingerprints;
import io.sluice.packet.Packet;
import java.util.Arrays;

/**
 * Watches a TCP connection's opening for its JA4T, JA4TS and JA4L fingerprints
 * ({@link TcpFingerprints}): the first SYN, the SYN-ACKs (the first one's header, the seconds between
 * the ones sent again, a reset that ends them) and the client's ACK after the first SYN-ACK. Kept in
 * its {@link Flow} and reused with it. Memory per flow is a few fields: the option kinds of a SYN and
 * a SYN-ACK are arrays of their own length, made once per connection and handed to the conn
 * record, and the retransmission delays are made only when a SYN-ACK is sent again (500,000 pooled
 * flows must not each carry 200 bytes of buffers). Once the server sends something other than a
 * SYN-ACK the connection costs one field test a packet.
 */
final class HandshakePrints {
    private static final int MAX_OPTIONS = 40;
    private static final int MAX_RETRANSMISSIONS = 10;
    private static final long SECOND = 1_000_000_000L;

    /** True once nothing more of the handshake can come. */
    private boolean done;
    private long synTs = -1, synAckTs = -1, lastSynAckTs, ackTs = -1;
    private boolean synFromOrig;
    private int synWindow, synMss, synScale, synTtl;
    private int ackWindow, ackMss, ackScale, ackTtl;
    private static final byte[] NONE = new byte[0];
    private static final int[] NO_DELAYS = new int[0];
    private byte[] synOptions = NONE, ackOptions = NONE;
    private int[] delays = NO_DELAYS;
    private int delayCount, resetSeconds;
    /** The MSS and window-scale values the last {@link #options} call read, -1 when absent. */
    private int mss, scale;

    void reset() {
        done = false;
        synTs = synAckTs = ackTs = -1;
        synOptions = ackOptions = NONE;
        delays = NO_DELAYS;
        delayCount = 0;
        resetSeconds = -1;
    }

    /** A TCP packet of the connection that passed the checksum test; true once nothing more of the handshake can come. */
    boolean packet(Packet p, boolean isOrig, long t) {
        observe(p, isOrig, t);
        return done;
    }

    /**
     * A UDP datagram, for QUIC's JA4L (JA4L.md): A is the client's first datagram (its Initial), B
     * the server's first, D the client's first Handshake packet and C the server's last datagram
     * before it. Reuses the TCP fields: A as the SYN, B as the SYN-ACK, C as the last SYN-ACK, D as
     * the client's ACK.
     */
    boolean datagram(Packet p, boolean isOrig, long t) {
        if (isOrig) {
            if (synTs < 0) {
                // a flow whose first datagram is no QUIC long header (DNS, NTP, ...) is not watched further
                if (!quicLongHeader(p)) return done = true;
                synTs = t;
                synTtl = p.ttl;
            } else if (synAckTs >= 0 && quicHandshake(p)) {
                ackTs = t;
                done = true;
            }
        } else if (synTs >= 0) {
            if (synAckTs < 0) {
                synAckTs = t;
                ackTtl = p.ttl;
            }
            lastSynAckTs = t;
        }
        return done;
    }

    private static boolean quicLongHeader(Packet p) {
        return p.buf != null && p.payloadOffset >= 0 && p.payloadCaptured >= 5 && (p.buf.get(p.payloadOffset) & 0x80) != 0;
    }

    /** Whether the datagram starts with a QUIC long-header Handshake packet (type 2 in v1 and drafts, 3 in v2). */
    private static boolean quicHandshake(Packet p) {
        if (!quicLongHeader(p)) return false;
        int first = p.buf.get(p.payloadOffset) & 0xff;
        int type = (first >>> 4) & 3;
        return p.buf.getInt(p.payloadOffset + 1) == 0x6b3343cf ? type == 3 : type == 2;
    }

    /** QUIC's JA4L and JA4LS (no TCP fields), or null when the exchange did not get that far. */
    TcpFingerprints quicSnapshot() {
        if (synTs < 0 || synAckTs < 0) return null;
        long client = ackTs >= 0 ? (ackTs - lastSynAckTs) / 2_000 : -1;
        return new TcpFingerprints.Measured(-1, NONE, -1, -1, -1, NONE, -1, -1, NO_DELAYS, -1, client, synTtl,
                (synAckTs - synTs) / 2_000, ackTtl);
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
                synOptions = options(p);
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
                ackOptions = options(p);
                ackMss = mss;
                ackScale = scale;
            } else if (resetSeconds < 0) {
                if (delays.length == 0) delays = new int[MAX_RETRANSMISSIONS];
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

    /** The kinds of the packet's TCP options, in order; sets {@link #mss} and {@link #scale}. */
    private byte[] options(Packet p) {
        mss = scale = -1;
        if (p.buf == null || p.l4Offset < 0) return NONE;
        int headerLength = ((p.buf.get(p.l4Offset + 12) & 0xff) >>> 4) * 4;
        int end = Math.min(p.l4Offset + headerLength, p.captureEnd());
        int n = walk(p, end, null);
        if (n == 0) return NONE;
        byte[] kinds = new byte[n];
        walk(p, end, kinds);
        return kinds;
    }

    /** Walks the options: counts their kinds, or writes them into {@code kinds} when given. */
    private int walk(Packet p, int end, byte[] kinds) {
        int n = 0;
        for (int i = p.l4Offset + 20; i < end && n < MAX_OPTIONS; ) {
            int kind = p.buf.get(i) & 0xff;
            if (kinds != null) kinds[n] = (byte) kind;
            n++;
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
        // the option arrays were made for this connection alone: the record takes them as they are
        return new TcpFingerprints.Measured(synTs < 0 ? -1 : synWindow, synOptions, synMss, synScale,
                synAckTs < 0 ? -1 : ackWindow, ackOptions, ackMss, ackScale, Arrays.copyOf(delays, delayCount),
                resetSeconds, client, synTtl, server, ackTtl);
    }
}
