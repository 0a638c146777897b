package io.sluice.protocol.dhcp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * One DHCPv6 message per datagram into a {@link DhcpMessage} ({@code v6}), joined into dhcp.log by
 * {@link DhcpExchanges}. Each message also gets its JA4D row ({@link Ja4dFingerprint}, {@link Ja4d#ofV6}),
 * made like the DHCPv4 rows: timed at the connection's start, the DUID's link-layer address as the
 * client MAC, the IA_NA address a client asks for as the requested address, option 16 as the vendor
 * class and option 39's name as the host name. A relay message's row fingerprints the whole datagram;
 * its other fields are the relayed message's.
 */
final class Dhcp6Dissector implements Dissector {
    private final Dhcp6Parser parser = new Dhcp6Parser();
    private boolean confirmed;
    private long start = -1;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        if (start < 0) start = ctx.tsNanos();
        DhcpMessage m = parser.parse(buf, offset, length, ctx.tsNanos(), ctx.uid(), ctx.id(), fromOrig);
        if (parser.problem != null) ctx.weird("DHCPv6_truncated_option", parser.problem);
        if (m == null) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("dhcpv6");
        }
        ctx.emit(m);
        ctx.emit(new Ja4dFingerprint(start, ctx.uid(), ctx.id(), Ja4d.ofV6(buf, offset, length), m.chaddr(),
                m.requestedAddr(), m.vendorClass(), m.clientFqdn()));
    }
}
