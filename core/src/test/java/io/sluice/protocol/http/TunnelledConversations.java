package io.sluice.protocol.http;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.Tunnel;
import io.sluice.protocol.CaptureConversations.Chunk;
import io.sluice.protocol.CaptureConversations.Conversation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TEST SCAFFOLDING like {@link io.sluice.protocol.CaptureConversations}, for captures whose
 * conversations sit inside tunnels (Teredo, GRE, VXLAN): every decoded packet, outer or inner,
 * joins its own conversation. It also keeps, per conversation, each TCP segment as the wire
 * showed it (direction, payload length, flags, whether it repeated bytes already seen), which a
 * per-packet fingerprint such as JA4SSH needs. Chunks are delivered per segment, in sequence
 * order, first copy of a byte wins. Tests only: not bounded, not fast.
 */
public final class TunnelledConversations {

    /** One TCP segment or UDP datagram as captured. */
    public record Segment(long tsNanos, boolean fromOrig, int payloadLength, int tcpFlags, boolean retransmission) {}

    /** A conversation and its segments. */
    public record Flow(Conversation conversation, List<Segment> segments) {
        public ConnId id() {
            return conversation.id();
        }
    }

    private static final class Dir {
        long next = -1;
        long highest = -1;
        final TreeMap<Long, byte[]> pending = new TreeMap<>();
    }

    private static final class Builder {
        final ConnId id;
        final String proto;
        final String origKey;
        final List<Chunk> chunks = new ArrayList<>();
        final List<Segment> segments = new ArrayList<>();
        final Dir orig = new Dir(), resp = new Dir();

        Builder(ConnId id, String proto, String origKey) {
            this.id = id;
            this.proto = proto;
            this.origKey = origKey;
        }
    }

    private TunnelledConversations() {}

    public static List<Flow> read(Path capture) throws Exception {
        var decoder = new PacketDecoder();
        Map<String, Builder> flows = new LinkedHashMap<>();
        try (PacketSource src = CaptureInputs.open(capture)) {
            while (src.next()) {
                var p = new Packet();
                p.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                decoder.decode(p);
                while (true) {
                    add(flows, p);
                    if (p.tunnel == Tunnel.NONE) break;
                    var inner = new Packet();
                    if (!decoder.decodeInner(p, inner)) break;
                    p = inner;
                }
            }
        }
        var out = new ArrayList<Flow>();
        for (Builder b : flows.values()) {
            out.add(new Flow(new Conversation(b.id, b.proto, List.copyOf(b.chunks)), List.copyOf(b.segments)));
        }
        return out;
    }

    private static void add(Map<String, Builder> flows, Packet p) {
        if (!(p.isTcp() || p.isUdp()) || p.fragment || p.tunnel != Tunnel.NONE) return;
        String a = IpAddress.format(p.srcHi, p.srcLo) + "|" + p.srcPort;
        String b = IpAddress.format(p.dstHi, p.dstLo) + "|" + p.dstPort;
        String key = (a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a) + "|" + p.ipProto;
        Builder c = flows.get(key);
        if (c == null) {
            boolean synAck = p.isTcp() && (p.tcpFlags & (Packet.SYN | Packet.ACK)) == (Packet.SYN | Packet.ACK);
            if (synAck) {
                c = new Builder(new ConnId(IpAddress.format(p.dstHi, p.dstLo), p.dstPort,
                        IpAddress.format(p.srcHi, p.srcLo), p.srcPort), "tcp", b);
            } else {
                c = new Builder(new ConnId(IpAddress.format(p.srcHi, p.srcLo), p.srcPort,
                        IpAddress.format(p.dstHi, p.dstLo), p.dstPort), p.isTcp() ? "tcp" : "udp", a);
            }
            flows.put(key, c);
        }
        boolean fromOrig = c.origKey.equals(a);
        int n = Math.max(0, Math.min(p.payloadLength, p.payloadCaptured));
        byte[] data = new byte[n];
        p.buf.get(p.payloadOffset < 0 ? 0 : p.payloadOffset, data, 0, n);
        if (p.isUdp()) {
            c.segments.add(new Segment(p.tsNanos, fromOrig, p.payloadLength, 0, false));
            if (n > 0) c.chunks.add(new Chunk(p.tsNanos, fromOrig, data));
            return;
        }
        Dir d = fromOrig ? c.orig : c.resp;
        long seq = p.seq;
        boolean retransmission = false;
        if ((p.tcpFlags & Packet.SYN) != 0) {
            d.next = (seq + 1) & 0xffffffffL;
            d.highest = d.next;
        } else {
            if (d.next < 0) {
                d.next = seq;
                d.highest = seq;
            }
            if (n > 0) {
                long endSeq = (seq + n) & 0xffffffffL;
                retransmission = ((endSeq - d.highest) << 32 >> 32) <= 0;
                if (!retransmission) d.highest = endSeq;
                d.pending.putIfAbsent(seq, data);
            }
        }
        c.segments.add(new Segment(p.tsNanos, fromOrig, p.payloadLength, p.tcpFlags, retransmission));
        while (!d.pending.isEmpty()) {
            var e = d.pending.firstEntry();
            long rel = (e.getKey() - d.next) << 32 >> 32;
            if (rel > 0) break;
            d.pending.pollFirstEntry();
            byte[] bytes = e.getValue();
            int skip = (int) -rel;
            if (skip >= bytes.length) continue;
            byte[] fresh = skip == 0 ? bytes : Arrays.copyOfRange(bytes, skip, bytes.length);
            c.chunks.add(new Chunk(p.tsNanos, fromOrig, fresh));
            d.next = (d.next + fresh.length) & 0xffffffffL;
        }
    }
}
