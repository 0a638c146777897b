package io.sluice.protocol.arp;

import io.sluice.event.FlowListener;
import io.sluice.packet.IpAddress;
import io.sluice.packet.MacAddress;
import io.sluice.packet.Packet;

/**
 * Turns decoded ARP packets into {@link ArpMessage}s for the flow listener's {@code content}.
 * ARP is not a flow, so the pipeline calls {@link #packet} directly for each packet the decoder
 * marked as ARP; only Ethernet/IPv4 ARP (hardware length 6, protocol length 4) is logged, since
 * the decoder fills the addresses for that form only. The record is the only allocation, once per
 * ARP packet (ARP is rare next to IP traffic).
 */
public final class ArpLog {
    private static final int ETHERTYPE_ARP = 0x0806;
    private final FlowListener listener;
    private long packets;

    public ArpLog(FlowListener listener) {
        this.listener = listener;
    }

    /** Emits the packet's row if it is a whole Ethernet/IPv4 ARP packet; does nothing otherwise. */
    public void packet(Packet p) {
        if (p.etherType != ETHERTYPE_ARP || p.error != io.sluice.packet.DecodeError.NONE || p.l3Offset < 0) return;
        if (p.l3Offset + 6 > p.buf.limit()) return;
        if ((p.buf.get(p.l3Offset + 4) & 0xff) != 6 || (p.buf.get(p.l3Offset + 5) & 0xff) != 4) return;
        packets++;
        listener.content(message(p));
    }

    /** ARP packets logged so far. */
    public long packets() {
        return packets;
    }

    static ArpMessage message(Packet p) {
        boolean gratuitous = p.arpSenderIp == p.arpTargetIp && p.arpSenderIp != 0;
        boolean probe = p.arpOperation == 1 && p.arpSenderIp == 0;
        return new ArpMessage(p.tsNanos, p.arpOperation, MacAddress.format(p.arpSenderMac), IpAddress.formatV4(p.arpSenderIp),
                MacAddress.format(p.arpTargetMac), IpAddress.formatV4(p.arpTargetIp), gratuitous, probe,
                p.vlan < 0 ? null : p.vlan, p.srcMac < 0 ? null : MacAddress.format(p.srcMac),
                p.dstMac < 0 ? null : MacAddress.format(p.dstMac));
    }
}
