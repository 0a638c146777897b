package io.sluice.generate;

import io.sluice.packet.craft.FrameBuilder;
import java.util.Arrays;

/**
 * One TCP connection between a client and a server, written frame by frame with consistent
 * sequence and acknowledgement numbers: handshake, data in MSS-sized segments each acknowledged by
 * the receiver, and an orderly close or a reset. Time advances by the given round-trip time per
 * exchange so durations in the logs are realistic.
 */
public final class TcpConversation {
    /** Ethernet MTU 1500 less the IP and TCP headers. */
    private final int mss;

    private final Timeline timeline;
    private final Host client;
    private final Host server;
    private final int clientPort;
    private final int serverPort;
    private final long rttNanos;
    private long clientSeq;
    private long serverSeq;
    private long now;

    public TcpConversation(Timeline timeline, Host client, int clientPort, Host server, int serverPort,
            long startNanos, long rttNanos) {
        this.timeline = timeline;
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.rttNanos = rttNanos;
        this.now = startNanos;
        this.mss = client.ip().indexOf(':') >= 0 ? 1440 : 1460;
        this.clientSeq = timeline.random().nextLong(1L << 32);
        this.serverSeq = timeline.random().nextLong(1L << 32);
    }

    /** Current time of the conversation (after the last frame written). */
    public long now() {
        return now;
    }

    public TcpConversation pause(long nanos) {
        now += nanos;
        return this;
    }

    /** SYN, SYN-ACK, ACK. */
    public TcpConversation handshake() {
        emit(true, FrameBuilder.SYN, new byte[0]);
        clientSeq = (clientSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emit(false, FrameBuilder.SYN | FrameBuilder.ACK, new byte[0]);
        serverSeq = (serverSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emit(true, FrameBuilder.ACK, new byte[0]);
        return this;
    }

    /** A SYN answered by a reset: the port is closed. */
    public TcpConversation refused() {
        emit(true, FrameBuilder.SYN, new byte[0]);
        clientSeq = (clientSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emitRaw(false, FrameBuilder.RST | FrameBuilder.ACK, 0, clientSeq, new byte[0]);
        return this;
    }

    /** A SYN nobody answers: a firewall drops it, or no host is there. */
    public TcpConversation unanswered() {
        emit(true, FrameBuilder.SYN, new byte[0]);
        clientSeq = (clientSeq + 1) & 0xffffffffL;
        return this;
    }

    /**
     * A half-open probe, as a SYN scanner sends it: the server answers SYN-ACK and the client
     * resets instead of completing the handshake.
     */
    public TcpConversation halfOpen() {
        emit(true, FrameBuilder.SYN, new byte[0]);
        clientSeq = (clientSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emit(false, FrameBuilder.SYN | FrameBuilder.ACK, new byte[0]);
        serverSeq = (serverSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emitRaw(true, FrameBuilder.RST, clientSeq, 0, new byte[0]);
        return this;
    }

    public TcpConversation clientSends(byte[] data) {
        return send(true, data);
    }

    public TcpConversation serverSends(byte[] data) {
        return send(false, data);
    }

    /** The client closes first: FIN, FIN-ACK, ACK. */
    public TcpConversation close() {
        now += rttNanos / 4;
        emit(true, FrameBuilder.FIN | FrameBuilder.ACK, new byte[0]);
        clientSeq = (clientSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emit(false, FrameBuilder.FIN | FrameBuilder.ACK, new byte[0]);
        serverSeq = (serverSeq + 1) & 0xffffffffL;
        now += rttNanos / 2;
        emit(true, FrameBuilder.ACK, new byte[0]);
        return this;
    }

    private TcpConversation send(boolean fromClient, byte[] data) {
        for (int off = 0; off < data.length; off += mss) {
            byte[] segment = Arrays.copyOfRange(data, off, Math.min(data.length, off + mss));
            boolean last = off + mss >= data.length;
            emit(fromClient, FrameBuilder.ACK | (last ? FrameBuilder.PSH : 0), segment);
            if (fromClient) clientSeq = (clientSeq + segment.length) & 0xffffffffL;
            else serverSeq = (serverSeq + segment.length) & 0xffffffffL;
            now += 20_000; // back-to-back segments, 20 µs apart
        }
        now += rttNanos / 2;
        emit(!fromClient, FrameBuilder.ACK, new byte[0]); // the receiver acknowledges everything
        return this;
    }

    private void emit(boolean fromClient, int flags, byte[] payload) {
        long seq = fromClient ? clientSeq : serverSeq;
        long ack = (flags & FrameBuilder.ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0;
        emitRaw(fromClient, flags, seq, ack, payload);
    }

    private void emitRaw(boolean fromClient, int flags, long seq, long ack, byte[] payload) {
        Host src = fromClient ? client : server;
        Host dst = fromClient ? server : client;
        var frame = Frames.ip(src, dst)
                .tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort)
                .flags(flags).seq(seq).ack(ack).window(64240).payload(payload).build();
        timeline.add(now, frame);
    }
}
