package io.sluice.protocol.arp;

import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one Ethernet/IPv4 ARP packet, a row of Sluice's {@code arp.log}
 * (Zeek has no ARP log by default; the fields follow the names of Zeek's arp_request/arp_reply
 * event arguments where those exist). ARP is not a connection: {@link #uid()} is null.
 *
 * <p>Fields, in order:
 * <ul>
 *   <li>{@code ts} time: the packet's time;
 *   <li>{@code operation} string: {@code request} (1), {@code reply} (2), {@code rarp_request} (3),
 *       {@code rarp_reply} (4), else the number;
 *   <li>{@code src_mac}, {@code src_ip}: the sender hardware and protocol address in the ARP body
 *       (what the sender claims, the spoofing target);
 *   <li>{@code dst_mac}, {@code dst_ip}: the target hardware and protocol address;
 *   <li>{@code gratuitous} bool: sender and target IP are the same and not 0.0.0.0 (an
 *       announcement, RFC 5227 section 2.3, or a gratuitous reply);
 *   <li>{@code probe} bool: a request with sender IP 0.0.0.0 (address conflict detection, RFC 5227
 *       section 2.1.1);
 *   <li>{@code vlan} count: the outer 802.1Q VLAN id, unset without a tag;
 *   <li>{@code eth_src}, {@code eth_dst} string: the Ethernet frame's addresses (a sender MAC that
 *       differs from {@code eth_src} is a sign of forged ARP).
 * </ul>
 */
public record ArpMessage(
        long tsNanos,
        int operation,
        String srcMac,
        String srcIp,
        String dstMac,
        String dstIp,
        boolean gratuitous,
        boolean probe,
        Integer vlan,
        String ethSrc,
        String ethDst)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("arp")
            .field("ts", "time")
            .field("operation", "string")
            .field("src_mac", "string")
            .field("src_ip", "addr")
            .field("dst_mac", "string")
            .field("dst_ip", "addr")
            .field("gratuitous", "bool")
            .field("probe", "bool")
            .field("vlan", "count")
            .field("eth_src", "string")
            .field("eth_dst", "string")
            .build();

    @Override
    public String uid() {
        return null;
    }

    public String operationName() {
        return switch (operation) {
            case 1 -> "request";
            case 2 -> "reply";
            case 3 -> "rarp_request";
            case 4 -> "rarp_reply";
            default -> Integer.toString(operation);
        };
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(operationName());
        out.string(srcMac);
        out.string(srcIp);
        out.string(dstMac);
        out.string(dstIp);
        out.bool(gratuitous);
        out.bool(probe);
        if (vlan == null) out.unset(); else out.count(vlan);
        out.stringOrUnset(ethSrc);
        out.stringOrUnset(ethDst);
    }
}
