package io.sluice.protocol.natpmp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * One {@link PortMapping} per NAT-PMP or PCP datagram. NAT-PMP (RFC 6886 §3): version 0; opcode 0
 * asks for the external address, 1 and 2 map a UDP or TCP port (internal port at byte 4, suggested
 * external port at 6, lifetime at 8); answers add 128 to the opcode and carry a result code at 2,
 * the internal port at 8, the mapped port at 10 and the lifetime at 12. PCP (RFC 6887 §7, §11):
 * version 2, the R bit and opcode at byte 1, the lifetime at 4, a 24-byte header; MAP and PEER
 * data start with a 12-byte nonce, then the protocol number at 36, the internal port at 40 and
 * the suggested or assigned external port at 42. A datagram too short for its opcode is a weird.
 */
final class NatPmpDissector implements Dissector {
    private boolean confirmed;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length < 2) return;
        int version = buf.get(offset) & 0xff;
        int op = buf.get(offset + 1) & 0xff;
        PortMapping m = version == 0 ? natPmp(buf, offset, length, op, ctx) : version == 2 ? pcp(buf, offset, length, op, ctx) : null;
        if (m == null) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("natpmp");
        }
        ctx.emit(m);
    }

    private static PortMapping natPmp(ByteBuffer b, int o, int len, int op, DissectorContext ctx) {
        boolean response = op >= 128;
        int code = op & 0x7f;
        String name = switch (code) {
            case 0 -> "external_address";
            case 1 -> "map_udp";
            case 2 -> "map_tcp";
            default -> null;
        };
        if (name == null) {
            ctx.weird("NATPMP_unknown_opcode", Integer.toString(op));
            return null;
        }
        String transport = code == 1 ? "udp" : code == 2 ? "tcp" : null;
        if (!response) {
            if (code == 0) return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "nat-pmp", false, name, null, null, null, null, null);
            if (len < 12) return truncated(ctx, name, len);
            return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "nat-pmp", false, name, transport,
                    u16(b, o + 4), u16(b, o + 6), u32(b, o + 8), null);
        }
        if (len < (code == 0 ? 12 : 16)) return truncated(ctx, name, len);
        int result = u16(b, o + 2);
        if (code == 0) {
            return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "nat-pmp", true, name, null, null, null, null, result);
        }
        return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "nat-pmp", true, name, transport, u16(b, o + 8),
                u16(b, o + 10), u32(b, o + 12), result);
    }

    private static PortMapping pcp(ByteBuffer b, int o, int len, int op, DissectorContext ctx) {
        boolean response = (op & 0x80) != 0;
        int code = op & 0x7f;
        String name = switch (code) {
            case 0 -> "announce";
            case 1 -> "map";
            case 2 -> "peer";
            default -> null;
        };
        if (name == null) {
            ctx.weird("PCP_unknown_opcode", Integer.toString(op));
            return null;
        }
        if (len < 24) return truncated(ctx, name, len);
        long lifetime = u32(b, o + 4);
        Integer result = response ? b.get(o + 3) & 0xff : null;
        if (code == 0) {
            return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "pcp", response, name, null, null, null, lifetime, result);
        }
        if (len < 60) return truncated(ctx, name, len);
        int proto = b.get(o + 36) & 0xff;
        String transport = switch (proto) {
            case 0 -> "any";
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> Integer.toString(proto);
        };
        return new PortMapping(ctx.tsNanos(), ctx.uid(), ctx.id(), "pcp", response, name, transport, u16(b, o + 40),
                u16(b, o + 42), lifetime, result);
    }

    private static PortMapping truncated(DissectorContext ctx, String op, int len) {
        ctx.weird("NATPMP_truncated_message", op + " in " + len + " bytes");
        return null;
    }

    private static int u16(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    private static long u32(ByteBuffer b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {}

    @Override
    public void onEnd(DissectorContext ctx) {}

    @Override
    public boolean wantsMore() {
        return true;
    }
}
