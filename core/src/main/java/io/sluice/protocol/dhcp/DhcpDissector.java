package io.sluice.protocol.dhcp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * One DHCP message per datagram into a {@link DhcpMessage}. Messages without the cookie or without
 * a message type (option 53: plain BOOTP) are not DHCP for Zeek's log and are skipped; a message
 * cut inside an option is still emitted with what came before, and a weird says so. Each message
 * also gets its JA4D row ({@link Ja4dFingerprint}), timed at the connection's start as FoxIO's Zeek
 * package times it.
 */
final class DhcpDissector implements Dissector {
    private final DhcpMessageParser parser = new DhcpMessageParser();
    private boolean confirmed;
    private long start = -1;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        if (start < 0) start = ctx.tsNanos();
        DhcpMessage m = parser.parse(buf, offset, length, ctx.tsNanos(), ctx.uid(), ctx.id(), fromOrig);
        if (m == null) {
            ctx.weird("DHCP_not_a_message", length + " bytes without the DHCP header and cookie");
            return;
        }
        if (parser.problem != null) ctx.weird("DHCP_truncated_option", parser.problem);
        if (m.messageType() == 0) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("dhcp");
        }
        ctx.emit(m);
        ctx.emit(new Ja4dFingerprint(start, ctx.uid(), ctx.id(), parser.ja4d, m.chaddr(), m.requestedAddr(),
                m.vendorClass(), m.hostName()));
    }
}
