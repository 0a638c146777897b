package io.sluice.protocol.dhcp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/** One DHCPv6 message per datagram into a {@link DhcpMessage} ({@code v6}), joined into dhcp.log by {@link DhcpExchanges}. */
final class Dhcp6Dissector implements Dissector {
    private final Dhcp6Parser parser = new Dhcp6Parser();
    private boolean confirmed;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        DhcpMessage m = parser.parse(buf, offset, length, ctx.tsNanos(), ctx.uid(), ctx.id(), fromOrig);
        if (parser.problem != null) ctx.weird("DHCPv6_truncated_option", parser.problem);
        if (m == null) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("dhcpv6");
        }
        ctx.emit(m);
    }
}
