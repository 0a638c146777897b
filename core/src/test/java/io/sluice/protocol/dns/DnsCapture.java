package io.sluice.protocol.dns;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnId;
import io.sluice.packet.Checksums;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.Tunnel;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TEST SCAFFOLDING for the DNS corpus tests, next to {@code CaptureConversations} because these
 * captures need three things it does not do: packets inside tunnels (Zeek's GRE trace), Zeek's
 * dropping of packets with bad checksums (Zeek runs without {@code -C} for some baselines), and
 * TCP gaps (a segment the receiver acknowledged but the capture lacks becomes {@code onGap}).
 * Not bounded and not fast: tests only.
 */
final class DnsCapture {

    record Item(long tsNanos, boolean fromOrig, byte[] bytes, long gap) {}

    record Conversation(ConnId id, String proto, List<Item> items) {
        RecordingContext replay(DnsDissector d) {
            var ctx = new RecordingContext("C" + Integer.toHexString(id.hashCode()), id, proto);
            long last = 0;
            for (Item i : items) {
                ctx.ts = i.tsNanos();
                last = i.tsNanos();
                if (i.gap() > 0) d.onGap(i.fromOrig(), i.gap(), ctx); else d.onData(i.fromOrig(), ByteBuffer.wrap(i.bytes()), 0, i.bytes().length, ctx);
            }
            ctx.ts = last;
            d.onEnd(ctx);
            return ctx;
        }
    }

    private static final class Direction {
        long next = -1;
        long fin = -1; // sequence number of the FIN, which an ACK covers without it being data
        final TreeMap<Long, byte[]> pending = new TreeMap<>();
    }

    private static final class Builder {
        final ConnId id;
        final String proto;
        final String origKey;
        final List<Item> items = new ArrayList<>();
        final Direction orig = new Direction(), resp = new Direction();

        Builder(ConnId id, String proto, String origKey) {
            this.id = id;
            this.proto = proto;
            this.origKey = origKey;
        }
    }

    private DnsCapture() {}

    static List<Conversation> read(Path capture, boolean dropBadChecksums) throws Exception {
        var decoder = new PacketDecoder();
        var outer = new Packet();
        var inner = new Packet();
        Map<String, Builder> convs = new LinkedHashMap<>();
        try (PacketSource src = CaptureInputs.open(capture)) {
            while (src.next()) {
                outer.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                decoder.decode(outer);
                Packet p = outer;
                if (p.tunnel != Tunnel.NONE && decoder.decodeInner(outer, inner)) p = inner;
                if (!(p.isTcp() || p.isUdp()) || p.fragment) continue;
                if (dropBadChecksums && !(Checksums.ipv4HeaderValid(p) && Checksums.transportValid(p))) continue;
                add(convs, p);
            }
        }
        var out = new ArrayList<Conversation>();
        for (Builder c : convs.values()) {
            flushHoles(c, c.orig, true, Long.MAX_VALUE, c.items.isEmpty() ? 0 : c.items.get(c.items.size() - 1).tsNanos());
            flushHoles(c, c.resp, false, Long.MAX_VALUE, c.items.isEmpty() ? 0 : c.items.get(c.items.size() - 1).tsNanos());
            out.add(new Conversation(c.id, c.proto, List.copyOf(c.items)));
        }
        return out;
    }

    private static void add(Map<String, Builder> convs, Packet p) {
        String a = IpAddress.format(p.srcHi, p.srcLo) + "|" + p.srcPort;
        String b = IpAddress.format(p.dstHi, p.dstLo) + "|" + p.dstPort;
        String key = (a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a) + "|" + p.ipProto;
        Builder c = convs.get(key);
        if (c == null) {
            boolean synAck = p.isTcp() && (p.tcpFlags & (Packet.SYN | Packet.ACK)) == (Packet.SYN | Packet.ACK);
            ConnId id = synAck
                    ? new ConnId(IpAddress.format(p.dstHi, p.dstLo), p.dstPort, IpAddress.format(p.srcHi, p.srcLo), p.srcPort)
                    : new ConnId(IpAddress.format(p.srcHi, p.srcLo), p.srcPort, IpAddress.format(p.dstHi, p.dstLo), p.dstPort);
            c = new Builder(id, p.isTcp() ? "tcp" : "udp", synAck ? b : a);
            convs.put(key, c);
        }
        boolean fromOrig = c.origKey.equals(a);
        int n = Math.max(0, Math.min(p.payloadLength, p.payloadCaptured));
        byte[] data = new byte[n];
        p.buf.get(p.payloadOffset < 0 ? 0 : p.payloadOffset, data, 0, n);
        if (p.isUdp()) {
            if (n > 0) c.items.add(new Item(p.tsNanos, fromOrig, data, 0));
            return;
        }
        Direction d = fromOrig ? c.orig : c.resp;
        Direction other = fromOrig ? c.resp : c.orig;
        if ((p.tcpFlags & Packet.SYN) != 0) {
            d.next = (p.seq + 1) & 0xffffffffL;
            return;
        }
        if (d.next < 0) d.next = p.seq;
        if ((p.tcpFlags & Packet.FIN) != 0) d.fin = (p.seq + n) & 0xffffffffL;
        if (n > 0) d.pending.putIfAbsent(p.seq, data);
        deliver(c, d, fromOrig, p.tsNanos);
        // Bytes of the other direction that this packet acknowledges but we never saw are a gap.
        if ((p.tcpFlags & Packet.ACK) != 0 && other.next >= 0) {
            flushHoles(c, other, !fromOrig, p.ack, p.tsNanos);
        }
    }

    private static void deliver(Builder c, Direction d, boolean fromOrig, long ts) {
        while (!d.pending.isEmpty()) {
            var e = d.pending.firstEntry();
            long rel = (e.getKey() - d.next) << 32 >> 32;
            if (rel > 0) return;
            d.pending.pollFirstEntry();
            int skip = (int) -rel;
            byte[] bytes = e.getValue();
            if (skip >= bytes.length) continue;
            byte[] fresh = skip == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
            c.items.add(new Item(ts, fromOrig, fresh, 0));
            d.next = (d.next + fresh.length) & 0xffffffffL;
        }
    }

    /** Declares the holes before {@code ackedUpTo} (or before all pending data) as gaps and delivers. */
    private static void flushHoles(Builder c, Direction d, boolean fromOrig, long ackedUpTo, long ts) {
        if (d.next < 0) return;
        if (d.fin >= 0 && ackedUpTo == ((d.fin + 1) & 0xffffffffL)) ackedUpTo = d.fin;
        while (true) {
            long target;
            if (!d.pending.isEmpty()) {
                target = d.pending.firstKey();
                if (ackedUpTo != Long.MAX_VALUE && ((target - ackedUpTo) << 32 >> 32) > 0) target = ackedUpTo;
            } else if (ackedUpTo != Long.MAX_VALUE) {
                target = ackedUpTo;
            } else {
                return;
            }
            long hole = (target - d.next) << 32 >> 32;
            if (hole <= 0) return;
            c.items.add(new Item(ts, fromOrig, null, hole));
            d.next = target & 0xffffffffL;
            deliver(c, d, fromOrig, ts);
            if (d.pending.isEmpty()) return;
        }
    }
}
