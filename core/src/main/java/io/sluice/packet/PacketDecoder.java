package io.sluice.packet;

import java.nio.ByteBuffer;

/**
 * Decodes link, network and transport headers of one captured frame into a {@link Packet},
 * in place (absolute reads, no allocation per packet; see {@link FrameReader} for the byte-order
 * choice). Invalid traffic is data: every read is guarded by the captured length and problems end
 * up in {@link Packet#error}; no exception leaves {@link #decode}.
 *
 * <p>Decoding stops at the first tunnel: the packet then names the inner frame ({@link
 * Packet#tunnel}, {@link Packet#innerOffset}, ...) and the caller decodes it into a second
 * Packet with {@link #decodeInner}, since the inner packet is a flow of its own.
 *
 * <p>Lengths follow the IP headers, not the capture: Ethernet padding is ignored, and
 * {@link Packet#payloadLength} may exceed {@link Packet#payloadCaptured} under a snap length.
 * An IPv4 total length (or IPv6 payload length) of zero, as segmentation offload and jumbograms
 * leave it, is taken to mean "what was captured".
 *
 * <p>Not thread-safe: one decoder (with its reassembler and stats) per pipeline thread.
 */
public final class PacketDecoder {
    /**
     * Deepest tunnel nesting decoded: Zeek's {@code Tunnel::max_depth} default (2), so a packet
     * inside two tunnels is decoded and one inside three gets {@link DecodeError#TUNNEL_TOO_DEEP}.
     */
    public static final int MAX_TUNNEL_DEPTH = 2;
    /** VLAN tags, LLC/SNAP headers and MPLS pseudowires followed before giving up on a frame. */
    private static final int MAX_LINK_STEPS = 16;
    private static final int MAX_MPLS_LABELS = 32;
    private static final int MAX_IPV6_HEADERS = 32;

    private final FrameReader r = new FrameReader();
    private final TunnelDecoder tunnels = new TunnelDecoder(r);
    private final FragmentReassembler reassembler;
    private final DecodeStats stats;
    private int linkSteps;

    public PacketDecoder() {
        this(new FragmentReassembler(), new DecodeStats());
    }

    public PacketDecoder(FragmentReassembler reassembler, DecodeStats stats) {
        this.reassembler = reassembler;
        this.stats = stats;
    }

    public FragmentReassembler reassembler() {
        return reassembler;
    }

    public DecodeStats stats() {
        return stats;
    }

    /**
     * Decodes the frame the caller described in {@code p} (buf, linkType, frameOffset, capLen,
     * wireLen, tsNanos, after {@link Packet#reset}).
     */
    public void decode(Packet p) {
        ByteBuffer buf = p.buf;
        if (buf == null || p.frameOffset < 0 || p.capLen < 0 || p.frameOffset > buf.limit()) {
            p.error = DecodeError.TRUNCATED_LINK;
            stats.record(p);
            return;
        }
        r.set(buf, (int) Math.min((long) p.frameOffset + p.capLen, Integer.MAX_VALUE));
        linkSteps = 0;
        link(p, p.frameOffset);
        stats.record(p);
    }

    /**
     * Decodes the inner frame of a tunnelled {@code outer} packet into {@code inner} (which is
     * reset first). Returns false when {@code outer} carries no tunnel, or when the nesting is
     * deeper than {@link #MAX_TUNNEL_DEPTH} ({@code inner.error} is then TUNNEL_TOO_DEEP).
     */
    public boolean decodeInner(Packet outer, Packet inner) {
        inner.reset();
        if (outer.tunnel == Tunnel.NONE || outer.innerOffset < 0) {
            return false;
        }
        inner.tsNanos = outer.tsNanos;
        inner.buf = outer.buf;
        inner.linkType = outer.innerLinkType;
        inner.frameOffset = outer.innerOffset;
        inner.capLen = outer.innerCapLen;
        inner.wireLen = outer.innerCapLen + Math.max(0, outer.wireLen - outer.capLen);
        inner.tunnelDepth = outer.tunnelDepth + 1;
        if (inner.tunnelDepth > MAX_TUNNEL_DEPTH) {
            inner.error = DecodeError.TUNNEL_TOO_DEEP;
            stats.record(inner);
            return false;
        }
        decode(inner);
        return true;
    }

    // ------------------------------------------------------------------ link layer

    private void link(Packet p, int o) {
        switch (p.linkType) {
            case LinkType.ETHERNET -> ethernet(p, o);
            case LinkType.LINUX_SLL -> {
                if (!r.has(o, 16)) {
                    p.error = DecodeError.TRUNCATED_LINK;
                    return;
                }
                if (r.u16(o + 4) == 6) {
                    p.srcMac = r.u48(o + 6);
                }
                etherType(p, r.u16(o + 14), o + 16);
            }
            case LinkType.LINUX_SLL2 -> {
                if (!r.has(o, 20)) {
                    p.error = DecodeError.TRUNCATED_LINK;
                    return;
                }
                if (r.u8(o + 11) == 6) {
                    p.srcMac = r.u48(o + 12);
                }
                etherType(p, r.u16(o), o + 20);
            }
            case LinkType.NULL, LinkType.LOOP -> loopback(p, o);
            case LinkType.RAW, LinkType.RAW_BSD_12, LinkType.RAW_BSD_14 -> {
                if (!r.has(o, 1)) {
                    p.error = DecodeError.TRUNCATED_IP;
                    return;
                }
                int version = r.u8(o) >>> 4;
                if (version == 4) {
                    p.etherType = 0x0800;
                    ipv4(p, o);
                } else if (version == 6) {
                    p.etherType = 0x86dd;
                    ipv6(p, o);
                } else {
                    p.error = DecodeError.BAD_IP_VERSION;
                }
            }
            case LinkType.IPV4 -> {
                p.etherType = 0x0800;
                ipv4(p, o);
            }
            case LinkType.IPV6 -> {
                p.etherType = 0x86dd;
                ipv6(p, o);
            }
            default -> p.error = DecodeError.UNSUPPORTED_LINK;
        }
    }

    private void ethernet(Packet p, int o) {
        if (!r.has(o, 14)) {
            p.error = DecodeError.TRUNCATED_LINK;
            return;
        }
        p.dstMac = r.u48(o);
        p.srcMac = r.u48(o + 6);
        etherType(p, r.u16(o + 12), o + 14);
    }

    /**
     * BSD loopback: a 4-byte address family, host byte order for NULL (so both orders are
     * accepted: the capturing host is unknown), network order for LOOP. AF_INET is 2 everywhere;
     * AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS).
     */
    private void loopback(Packet p, int o) {
        if (!r.has(o, 4)) {
            p.error = DecodeError.TRUNCATED_LINK;
            return;
        }
        int be = r.s32(o);
        int le = Integer.reverseBytes(be);
        boolean bothOrders = p.linkType == LinkType.NULL;
        if (be == 2 || (bothOrders && le == 2)) {
            p.etherType = 0x0800;
            ipv4(p, o + 4);
        } else if (isInet6(be) || (bothOrders && isInet6(le))) {
            p.etherType = 0x86dd;
            ipv6(p, o + 4);
        } else {
            p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
        }
    }

    private static boolean isInet6(int family) {
        return family == 10 || family == 24 || family == 28 || family == 30;
    }

    private void etherType(Packet p, int type, int o) {
        while (true) {
            if (++linkSteps > MAX_LINK_STEPS) {
                p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
                return;
            }
            switch (type) {
                case 0x0800 -> {
                    p.etherType = type;
                    ipv4(p, o);
                    return;
                }
                case 0x86dd -> {
                    p.etherType = type;
                    ipv6(p, o);
                    return;
                }
                case 0x8100, 0x88a8, 0x9100 -> {
                    if (!r.has(o, 4)) {
                        p.error = DecodeError.TRUNCATED_LINK;
                        return;
                    }
                    int id = r.u16(o) & 0xfff;
                    if (p.vlan < 0) {
                        p.vlan = id;
                    } else if (p.innerVlan < 0) {
                        p.innerVlan = id;
                    }
                    type = r.u16(o + 2);
                    o += 4;
                }
                case 0x8847, 0x8848 -> {
                    mpls(p, o);
                    return;
                }
                case 0x8864 -> {
                    pppoe(p, o);
                    return;
                }
                case 0x0806 -> {
                    arp(p, o);
                    return;
                }
                default -> {
                    // 802.3 length field: only LLC/SNAP with an EtherType (OUI 0) carries something we decode.
                    if (type <= 1500 && r.has(o, 8) && r.u16(o) == 0xaaaa && r.u8(o + 2) == 0x03
                            && r.u16(o + 3) == 0 && r.u8(o + 5) == 0) {
                        type = r.u16(o + 6);
                        o += 8;
                    } else {
                        p.etherType = type > 1500 ? type : 0;
                        p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
                        return;
                    }
                }
            }
        }
    }

    /**
     * Pops the label stack, then picks the payload by its first nibble (4, 6). Anything else is
     * tried as an Ethernet pseudowire, with a control word (first nibble 0) or without, accepted
     * only when the EtherType found there is one we know: MPLS does not say what it carries.
     */
    private void mpls(Packet p, int o) {
        while (true) {
            if (!r.has(o, 4)) {
                p.error = DecodeError.TRUNCATED_LINK;
                return;
            }
            long entry = r.u32(o);
            o += 4;
            if (++p.mplsDepth > MAX_MPLS_LABELS) {
                p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
                return;
            }
            if ((entry & 0x100) != 0) {
                break;
            }
        }
        if (!r.has(o, 1)) {
            p.error = DecodeError.TRUNCATED_IP;
            return;
        }
        int nibble = r.u8(o) >>> 4;
        if (nibble == 4) {
            p.etherType = 0x0800;
            ipv4(p, o);
        } else if (nibble == 6) {
            p.etherType = 0x86dd;
            ipv6(p, o);
        } else if (nibble == 0 && r.has(o, 4 + 14) && knownEtherType(r.u16(o + 4 + 12))) {
            ethernet(p, o + 4);
        } else if (r.has(o, 14) && knownEtherType(r.u16(o + 12))) {
            ethernet(p, o);
        } else {
            p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
        }
    }

    private static boolean knownEtherType(int type) {
        return type == 0x0800 || type == 0x86dd || type == 0x0806 || type == 0x8100 || type == 0x88a8;
    }

    private void pppoe(Packet p, int o) {
        if (!r.has(o, 7)) {
            p.error = DecodeError.TRUNCATED_LINK;
            return;
        }
        // PPP protocol-field compression (RFC 1661 6.5): a first octet with its low bit set is the
        // whole field (0x21 for IPv4), as a peer that negotiated it sends (suricata-verify bug-4810)
        int first = r.u8(o + 6);
        boolean compressed = (first & 1) == 1;
        if (!compressed && !r.has(o, 8)) {
            p.error = DecodeError.TRUNCATED_LINK;
            return;
        }
        int proto = compressed ? first : r.u16(o + 6);
        int next = o + (compressed ? 7 : 8);
        if (proto == 0x0021) {
            p.etherType = 0x0800;
            ipv4(p, next);
        } else if (proto == 0x0057) {
            p.etherType = 0x86dd;
            ipv6(p, next);
        } else {
            p.etherType = 0x8864;
            p.error = DecodeError.UNSUPPORTED_ETHERTYPE;
        }
    }

    private void arp(Packet p, int o) {
        p.etherType = 0x0806;
        p.l3Offset = o;
        if (!r.has(o, 8)) {
            p.error = DecodeError.TRUNCATED_ARP;
            return;
        }
        p.arpOperation = r.u16(o + 6);
        if (r.u8(o + 4) == 6 && r.u8(o + 5) == 4) {
            if (!r.has(o, 28)) {
                p.error = DecodeError.TRUNCATED_ARP;
                return;
            }
            p.arpSenderMac = r.u48(o + 8);
            p.arpSenderIp = r.s32(o + 14);
            p.arpTargetMac = r.u48(o + 18);
            p.arpTargetIp = r.s32(o + 24);
        }
    }

    // ------------------------------------------------------------------ network layer

    private void ipv4(Packet p, int o) {
        p.l3Offset = o;
        if (!r.has(o, 20)) {
            p.error = DecodeError.TRUNCATED_IP;
            return;
        }
        int vhl = r.u8(o);
        if ((vhl >>> 4) != 4) {
            p.error = DecodeError.BAD_IP_VERSION;
            return;
        }
        int hl = (vhl & 0x0f) << 2;
        if (hl < 20) {
            p.error = DecodeError.BAD_IP_HEADER_LENGTH;
            return;
        }
        if (!r.has(o, hl)) {
            p.error = DecodeError.TRUNCATED_IP;
            return;
        }
        int total = r.u16(o + 2);
        if (total == 0) {
            total = r.end - o; // segmentation offload leaves 0 here: trust the capture
        }
        if (total < hl) {
            p.error = DecodeError.BAD_IP_TOTAL_LENGTH;
            return;
        }
        p.ipVersion = 4;
        p.ipLength = total;
        p.ttl = r.u8(o + 8);
        int proto = r.u8(o + 9);
        p.ipProto = proto;
        p.srcHi = 0;
        p.srcLo = IpAddress.V4_MAPPED_LO_PREFIX | r.u32(o + 12);
        p.dstHi = 0;
        p.dstLo = IpAddress.V4_MAPPED_LO_PREFIX | r.u32(o + 16);
        int frag = r.u16(o + 4 + 2);
        int fragOffset = (frag & 0x1fff) << 3;
        boolean more = (frag & 0x2000) != 0;
        if (more || fragOffset != 0) {
            fragment(p, FragmentReassembler.v4Key(proto, r.u16(o + 4)), o, hl, -1, o + hl, total - hl, fragOffset, more);
            return;
        }
        transport(p, proto, o + hl, total - hl, Math.min(o + total, r.end));
    }

    private void ipv6(Packet p, int o) {
        p.l3Offset = o;
        if (!r.has(o, 40)) {
            p.error = DecodeError.TRUNCATED_IP;
            return;
        }
        if ((r.u8(o) >>> 4) != 6) {
            p.error = DecodeError.BAD_IP_VERSION;
            return;
        }
        int plen = r.u16(o + 4);
        int nh = r.u8(o + 6);
        if (plen == 0 && nh != 59) {
            plen = r.end - o - 40; // jumbogram or segmentation offload: trust the capture
        }
        p.ipVersion = 6;
        p.ipLength = 40 + plen;
        p.ttl = r.u8(o + 7);
        p.srcHi = r.s64(o + 8);
        p.srcLo = r.s64(o + 16);
        p.dstHi = r.s64(o + 24);
        p.dstLo = r.s64(o + 32);
        int ipEnd = o + 40 + plen;
        int x = o + 40;
        for (int i = 0; i < MAX_IPV6_HEADERS; i++) {
            switch (nh) {
                case 0, 43, 60, 51, 135, 139, 140 -> {
                    if (x + 2 > ipEnd) {
                        p.ipProto = nh;
                        p.error = DecodeError.BAD_IPV6_EXTENSION;
                        return;
                    }
                    if (!r.has(x, 2)) {
                        p.ipProto = nh;
                        p.error = DecodeError.TRUNCATED_IP;
                        return;
                    }
                    int len = nh == 51 ? (r.u8(x + 1) + 2) << 2 : (r.u8(x + 1) + 1) << 3;
                    if (x + len > ipEnd) {
                        p.ipProto = nh;
                        p.error = DecodeError.BAD_IPV6_EXTENSION;
                        return;
                    }
                    nh = r.u8(x);
                    x += len;
                }
                case 44 -> {
                    if (x + 8 > ipEnd) {
                        p.ipProto = nh;
                        p.error = DecodeError.BAD_IPV6_EXTENSION;
                        return;
                    }
                    if (!r.has(x, 8)) {
                        p.ipProto = nh;
                        p.error = DecodeError.TRUNCATED_IP;
                        return;
                    }
                    int next = r.u8(x);
                    int fo = r.u16(x + 2);
                    int fragOffset = fo & 0xfff8;
                    boolean more = (fo & 1) != 0;
                    long id = r.u32(x + 4);
                    x += 8;
                    if (fragOffset == 0 && !more) {
                        nh = next; // atomic fragment: nothing to reassemble
                        continue;
                    }
                    p.ipProto = next;
                    fragment(p, FragmentReassembler.v6Key(id), o, 40, next, x, ipEnd - x, fragOffset, more);
                    return;
                }
                default -> {
                    // ESP (50), no next header (59) and every transport end the chain.
                    p.ipProto = nh;
                    transport(p, nh, x, ipEnd - x, Math.min(ipEnd, r.end));
                    return;
                }
            }
        }
        p.error = DecodeError.BAD_IPV6_EXTENSION;
    }

    private void fragment(Packet p, long key, int headerOff, int headerLen, int nextHeader,
                          int dataOff, int dataLen, int fragOffset, boolean more) {
        p.fragment = true;
        if (p.reassembled || !r.has(dataOff, dataLen)) {
            // A fragment inside a reassembled datagram, or fragment data cut by the snap length.
            reassembler.countDropped();
            p.error = DecodeError.FRAGMENT_DROPPED;
            return;
        }
        int n = reassembler.add(p.tsNanos, p.srcHi, p.srcLo, p.dstHi, p.dstLo, key, r.buf, headerOff, headerLen,
                nextHeader, dataOff, dataLen, fragOffset, more, p.tunnelDepth);
        if (n == FragmentReassembler.INCOMPLETE) {
            return;
        }
        if (n < 0) {
            p.error = DecodeError.FRAGMENT_DROPPED;
            return;
        }
        ByteBuffer out = reassembler.output(p.tunnelDepth);
        p.buf = out;
        p.reassembled = true;
        p.fragment = false;
        r.set(out, n);
        if (nextHeader < 0) {
            ipv4(p, 0);
        } else {
            ipv6(p, 0);
        }
    }

    // ------------------------------------------------------------------ transport layer

    /**
     * @param o first byte after the IP headers
     * @param ipPayload bytes of transport as the IP header states them
     * @param capEnd end of the captured IP packet (IP end bounded by the capture)
     */
    private void transport(Packet p, int proto, int o, int ipPayload, int capEnd) {
        switch (proto) {
            case 6 -> tcp(p, o, ipPayload, capEnd);
            case 17 -> udp(p, o, ipPayload, capEnd);
            case 1, 58 -> icmp(p, o, ipPayload, capEnd);
            case 4, 41 -> {
                if (ipPayload > 0 && capEnd > o) {
                    p.tunnel = Tunnel.IP;
                    p.innerOffset = o;
                    p.innerCapLen = capEnd - o;
                    p.innerLinkType = proto == 4 ? LinkType.IPV4 : LinkType.IPV6;
                }
            }
            case 47 -> tunnels.gre(p, o, Math.max(0, Math.min(ipPayload, capEnd - o)));
            default -> {
                // Another protocol (ESP, SCTP, OSPF, ...): the flow is keyed without ports.
            }
        }
    }

    private void tcp(Packet p, int o, int ipPayload, int capEnd) {
        if (r.has(o, 4)) {
            p.srcPort = r.u16(o);
            p.dstPort = r.u16(o + 2);
        }
        if (ipPayload < 20 || !r.has(o, 20)) {
            p.error = DecodeError.TRUNCATED_TRANSPORT;
            return;
        }
        p.seq = r.u32(o + 4);
        p.ack = r.u32(o + 8);
        int dataOffset = (r.u8(o + 12) >>> 4) << 2;
        p.tcpFlags = r.u8(o + 13);
        p.window = r.u16(o + 14);
        if (dataOffset < 20 || dataOffset > ipPayload) {
            p.error = DecodeError.BAD_TCP_HEADER_LENGTH;
            return;
        }
        p.l4Offset = o;
        p.payloadOffset = o + dataOffset;
        p.payloadLength = ipPayload - dataOffset;
        p.payloadCaptured = Math.max(0, Math.min(capEnd - p.payloadOffset, p.payloadLength));
    }

    private void udp(Packet p, int o, int ipPayload, int capEnd) {
        if (r.has(o, 4)) {
            p.srcPort = r.u16(o);
            p.dstPort = r.u16(o + 2);
        }
        if (ipPayload < 8 || !r.has(o, 8)) {
            p.error = DecodeError.TRUNCATED_TRANSPORT;
            return;
        }
        int ulen = r.u16(o + 4);
        p.l4Offset = o;
        p.payloadOffset = o + 8;
        if (ulen < 8) {
            p.payloadLength = ipPayload - 8;
            p.error = DecodeError.BAD_UDP_LENGTH;
        } else {
            // Zeek counts the UDP length field (conn.log bytes) even when it disagrees with IP.
            p.payloadLength = ulen - 8;
            if (ulen > ipPayload) {
                p.error = DecodeError.BAD_UDP_LENGTH;
            }
        }
        int present = Math.max(0, capEnd - p.payloadOffset);
        p.payloadCaptured = Math.min(present, p.payloadLength);
        if (p.error == DecodeError.NONE) {
            // Tunnels see what Zeek forwards: the IP-derived payload bounded by the capture.
            tunnels.udp(p, p.payloadOffset, Math.min(ipPayload - 8, present));
        }
    }

    private void icmp(Packet p, int o, int ipPayload, int capEnd) {
        if (r.has(o, 2)) {
            p.icmpType = r.u8(o);
            p.icmpCode = r.u8(o + 1);
        }
        if (ipPayload < 8 || !r.has(o, 8)) {
            p.error = DecodeError.TRUNCATED_TRANSPORT;
            return;
        }
        p.l4Offset = o;
        p.payloadOffset = o + 8;
        p.payloadLength = ipPayload - 8;
        p.payloadCaptured = Math.max(0, Math.min(capEnd - p.payloadOffset, p.payloadLength));
    }
}
