package io.sluice.protocol;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TEST SCAFFOLDING for dissector tests on corpus captures, until the stream-reassembly layer of
 * the content issue is on main (then tests should run the real PacketPipeline instead): reads a
 * capture, groups TCP and UDP payloads into conversations (originator = sender of the first SYN,
 * else of the first packet) and replays them into a dissector in packet order, TCP bytes in
 * sequence order (out-of-order segments held back, first copy of a byte wins, retransmissions
 * dropped). Not bounded and not fast: tests only.
 */
public final class CaptureConversations {

    /** One chunk of payload in the order the dissector should see it. */
    public record Chunk(long tsNanos, boolean fromOrig, byte[] bytes) {}

    public record Conversation(ConnId id, String proto, List<Chunk> chunks) {
        /** Replays the conversation into a dissector with a recording context; returns the context. */
        public RecordingContext replay(Dissector d) {
            var ctx = new RecordingContext("C" + Integer.toHexString(id.hashCode()), id, proto);
            for (Chunk c : chunks) {
                ctx.ts = c.tsNanos();
                d.onData(c.fromOrig(), ByteBuffer.wrap(c.bytes()), 0, c.bytes().length, ctx);
            }
            d.onEnd(ctx);
            return ctx;
        }
    }

    private static final class Direction {
        long next = -1; // next expected sequence number, -1 before the first segment
        final TreeMap<Long, byte[]> pending = new TreeMap<>();
    }

    private static final class Builder {
        final ConnId id;
        final String proto;
        final String origKey;
        final List<Chunk> chunks = new ArrayList<>();
        final Direction orig = new Direction(), resp = new Direction();

        Builder(ConnId id, String proto, String origKey) {
            this.id = id;
            this.proto = proto;
            this.origKey = origKey;
        }
    }

    private CaptureConversations() {}

    public static List<Conversation> read(Path capture) throws CaptureException {
        var decoder = new PacketDecoder();
        var p = new Packet();
        Map<String, Builder> convs = new LinkedHashMap<>();
        try (PacketSource src = CaptureInputs.open(capture)) {
            while (src.next()) {
                p.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                decoder.decode(p);
                if (!(p.isTcp() || p.isUdp()) || p.fragment) continue;
                String a = IpAddress.format(p.srcHi, p.srcLo) + "|" + p.srcPort;
                String b = IpAddress.format(p.dstHi, p.dstLo) + "|" + p.dstPort;
                String key = (a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a) + "|" + p.ipProto;
                Builder c = convs.get(key);
                if (c == null) {
                    if (p.isTcp() && (p.tcpFlags & (Packet.SYN | Packet.ACK)) == (Packet.SYN | Packet.ACK)) {
                        // first seen is the SYN-ACK: the receiver is the originator
                        c = new Builder(new ConnId(IpAddress.format(p.dstHi, p.dstLo), p.dstPort,
                                IpAddress.format(p.srcHi, p.srcLo), p.srcPort), "tcp", b);
                    } else {
                        c = new Builder(new ConnId(IpAddress.format(p.srcHi, p.srcLo), p.srcPort,
                                IpAddress.format(p.dstHi, p.dstLo), p.dstPort), p.isTcp() ? "tcp" : "udp", a);
                    }
                    convs.put(key, c);
                }
                boolean fromOrig = c.origKey.equals(a);
                int n = Math.min(p.payloadLength, p.payloadCaptured);
                byte[] data = new byte[Math.max(n, 0)];
                for (int i = 0; i < data.length; i++) data[i] = p.buf.get(p.payloadOffset + i);
                if (p.isUdp()) {
                    if (data.length > 0) c.chunks.add(new Chunk(p.tsNanos, fromOrig, data));
                    continue;
                }
                Direction d = fromOrig ? c.orig : c.resp;
                long seq = p.seq;
                if ((p.tcpFlags & Packet.SYN) != 0) {
                    d.next = (seq + 1) & 0xffffffffL;
                    continue;
                }
                if (d.next < 0) d.next = seq;
                if (data.length > 0) d.pending.putIfAbsent(seq, data);
                deliver(c, d, fromOrig, p.tsNanos);
            }
        }
        var out = new ArrayList<Conversation>();
        for (Builder c : convs.values()) out.add(new Conversation(c.id, c.proto, List.copyOf(c.chunks)));
        return out;
    }

    private static void deliver(Builder c, Direction d, boolean fromOrig, long ts) {
        while (!d.pending.isEmpty()) {
            var e = d.pending.firstEntry();
            long seq = e.getKey();
            byte[] bytes = e.getValue();
            long rel = (seq - d.next) << 32 >> 32; // signed 32-bit distance
            if (rel > 0) return; // a hole: wait for it
            d.pending.pollFirstEntry();
            int skip = (int) -rel;
            if (skip >= bytes.length) continue; // pure retransmission
            byte[] fresh = skip == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
            c.chunks.add(new Chunk(ts, fromOrig, fresh));
            d.next = (d.next + fresh.length) & 0xffffffffL;
        }
    }
}
