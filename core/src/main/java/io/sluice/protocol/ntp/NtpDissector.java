package io.sluice.protocol.ntp;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * One {@link NtpMessage} per datagram. Like Zeek's analyzer, a server-mode message from the
 * originator or a client-mode message from the responder swaps the roles once: the rows then name
 * the client as originator (only ntp.log's {@code id}; the conn record is the flow layer's). A message too short for its mode, or with bytes after the
 * header that are neither extension fields nor a MAC, is a weird and is not logged (Zeek's parser
 * rejects it too). Keeps no state but whether the service was confirmed.
 */
final class NtpDissector implements Dissector {
    private boolean confirmed, flipped;
    private ConnId id;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        if (id == null) id = ctx.id();
        int mode = buf.get(offset) & 7;
        if (!flipped && ((mode == 4 && fromOrig) || (mode == 3 && !fromOrig))) {
            flipped = true;
            id = new ConnId(id.respH(), id.respP(), id.origH(), id.origP());
        }
        NtpMessage m = parse(buf, offset, length, ctx, id);
        if (m == null) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("ntp");
        }
        ctx.emit(m);
    }

    private static NtpMessage parse(ByteBuffer buf, int offset, int length, DissectorContext ctx, ConnId id) {
        int first = buf.get(offset) & 0xff;
        int version = (first >> 3) & 7;
        int mode = first & 7;
        if (mode == 6 || mode == 7) {
            if (length < (mode == 6 ? 12 : 8)) {
                ctx.weird("NTP_truncated_message", "mode " + mode + " in " + length + " bytes");
                return null;
            }
            int op = mode == 6 ? buf.get(offset + 1) & 0x1f : buf.get(offset + 3) & 0x7f;
            boolean response = (buf.get(offset + (mode == 6 ? 1 : 0)) & 0x80) != 0;
            String name = mode == 6 ? NtpNames.control(op) : NtpNames.privateRequest(op);
            return new NtpMessage(ctx.tsNanos(), ctx.uid(), id, version, mode, null, null, null, null, null, null,
                    null, null, null, null, 0, op, name, response, 0);
        }
        if (length < NtpParser.STANDARD) {
            ctx.weird("NTP_truncated_message", "mode " + mode + " in " + length + " bytes");
            return null;
        }
        int exts = NtpParser.extensions(buf, offset, length);
        if (exts < 0) {
            ctx.weird("NTP_bad_extension", (length - NtpParser.STANDARD) + " bytes after the header");
            exts = 0;
        }
        int stratum = buf.get(offset + 1) & 0xff;
        int poll = buf.get(offset + 2) & 0xff;
        int precision = buf.get(offset + 3);
        int refBits = buf.getInt(offset + 12);
        String refId;
        if (stratum <= 1) {
            char[] c = new char[4];
            for (int i = 0; i < 4; i++) c[i] = (char) (buf.get(offset + 12 + i) & 0xff);
            refId = new String(c);
        } else {
            refId = IpAddress.formatV4(refBits);
        }
        return new NtpMessage(ctx.tsNanos(), ctx.uid(), id, version, mode, stratum, NtpParser.log2Nanos(poll),
                NtpParser.log2Nanos(precision), NtpParser.shortNanos(buf.getInt(offset + 4)),
                NtpParser.shortNanos(buf.getInt(offset + 8)), refId, NtpParser.timeNanos(buf, offset + 16),
                NtpParser.timeNanos(buf, offset + 24), NtpParser.timeNanos(buf, offset + 32),
                NtpParser.timeNanos(buf, offset + 40), exts, null, null, null, refBits);
    }
}
