package io.sluice.packet;

/**
 * Finds tunnels in a decoded IP packet and points the packet at the inner frame (it does not
 * decode the inner frame: {@link PacketDecoder#decodeInner} does). The checks mirror Zeek's packet
 * analyzers (src/packet_analysis/protocol/{gre,vxlan,geneve,teredo,ayiya}) so that the same
 * packets become tunnels:
 *
 * <ul>
 *   <li>GRE: versions 0 and 1 only; the routing bit and the reserved flag bits 0x0078 reject the
 *       packet; 0x6558 is bridged Ethernet, 0x88be ERSPAN type I (no sequence bit, no header) or
 *       II (8 bytes), 0x22eb ERSPAN III (12 bytes, +8 with the O bit), 0x0800/0x86dd IP; version 1
 *       (PPTP) must be 0x880b and carry PPP IPv4 (0x0021) or IPv6 (0x0057).
 *   <li>UDP: by port, then Teredo by content. Zeek dispatches on the connection's responder port;
 *       the decoder has no connection, so it tries the destination port, then the source port.
 *       VXLAN 4789 (I flag), Geneve 6081 (version 0), Teredo 3544, AYIYA 5072. On any other port a
 *       payload is Teredo when Zeek's {@code TeredoAnalyzer::DetectProtocol} would say so.
 * </ul>
 *
 * A malformed header on a tunnel's own port or protocol sets {@link DecodeError#BAD_TUNNEL}; the
 * UDP/GRE layers decoded so far stay valid.
 */
final class TunnelDecoder {
    static final int VXLAN_PORT = 4789, GENEVE_PORT = 6081, TEREDO_PORT = 3544, AYIYA_PORT = 5072;

    private final FrameReader r;

    TunnelDecoder(FrameReader r) {
        this.r = r;
    }

    /** @param len GRE bytes present: the IP payload length bounded by the capture */
    void gre(Packet p, int o, int len) {
        if (len < 4) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        int flags = r.u16(o);
        int proto = r.u16(o + 2);
        int version = flags & 7;
        if (version > 1 || (flags & 0x4000) != 0 || (flags & 0x0078) != 0) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        int gl = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0)
                + ((flags & 0x1000) != 0 ? 4 : 0) + ((flags & 0x0080) != 0 ? 4 : 0);
        int skip;
        int link;
        if (version == 0) {
            switch (proto) {
                case 0x6558 -> {
                    if (len <= gl + 14) {
                        p.error = DecodeError.BAD_TUNNEL;
                        return;
                    }
                    skip = gl;
                    link = LinkType.ETHERNET;
                }
                case 0x88be -> {
                    skip = gl + ((flags & 0x1000) != 0 ? 8 : 0);
                    if (len <= gl + 14 || len < skip + 14) {
                        p.error = DecodeError.BAD_TUNNEL;
                        return;
                    }
                    link = LinkType.ETHERNET;
                }
                case 0x22eb -> {
                    if (len <= gl + 12 + 14) {
                        p.error = DecodeError.BAD_TUNNEL;
                        return;
                    }
                    skip = gl + 12;
                    if ((r.u8(o + gl + 11) & 0x01) != 0) {
                        if (len <= gl + 12 + 8 + 14) {
                            p.error = DecodeError.BAD_TUNNEL;
                            return;
                        }
                        skip += 8;
                    }
                    link = LinkType.ETHERNET;
                }
                case 0x0800 -> {
                    skip = gl;
                    link = LinkType.IPV4;
                }
                case 0x86dd -> {
                    skip = gl;
                    link = LinkType.IPV6;
                }
                default -> {
                    return; // another payload (ARUBA, MPLS, keepalive): a GRE flow, not a tunnel we decode
                }
            }
        } else {
            if (proto != 0x880b || len < gl + 2) {
                p.error = DecodeError.BAD_TUNNEL;
                return;
            }
            // PPP with address/control (ff 03) as PPTP sends it, or with them compressed away.
            int ppp = o + gl;
            boolean ac = len >= gl + 4 && r.u8(ppp) == 0xff && r.u8(ppp + 1) == 0x03;
            int pppProto = r.u16(ac ? ppp + 2 : ppp);
            skip = gl + (ac ? 4 : 2);
            if (pppProto == 0x0021) {
                link = LinkType.IPV4;
            } else if (pppProto == 0x0057) {
                link = LinkType.IPV6;
            } else {
                return; // PPP control traffic (LCP, CCP, ...): no inner IP packet
            }
        }
        if (skip >= len) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        inner(p, Tunnel.GRE, o + skip, len - skip, link);
    }

    /** @param len UDP payload bytes present (IP-derived length bounded by the capture) */
    void udp(Packet p, int o, int len) {
        int port = registered(p.dstPort) ? p.dstPort : registered(p.srcPort) ? p.srcPort : 0;
        switch (port) {
            case VXLAN_PORT -> vxlan(p, o, len);
            case GENEVE_PORT -> geneve(p, o, len);
            case TEREDO_PORT -> {
                int inner = teredoInner(o, len);
                if (inner < 0) {
                    p.error = DecodeError.BAD_TUNNEL;
                } else {
                    inner(p, Tunnel.TEREDO, inner, len - (inner - o), LinkType.IPV6);
                }
            }
            case AYIYA_PORT -> ayiya(p, o, len);
            default -> {
                if (teredoDetect(o, len)) {
                    int inner = teredoInner(o, len);
                    if (inner >= 0) {
                        inner(p, Tunnel.TEREDO, inner, len - (inner - o), LinkType.IPV6);
                    }
                }
            }
        }
    }

    private static boolean registered(int port) {
        return port == VXLAN_PORT || port == GENEVE_PORT || port == TEREDO_PORT || port == AYIYA_PORT;
    }

    private void vxlan(Packet p, int o, int len) {
        if (len < 8 || (r.u8(o) & 0x08) == 0) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        p.vni = (r.u16(o + 4) << 8) | r.u8(o + 6);
        if (len > 8) { // Zeek: an empty VXLAN packet is a weird, not a tunnel
            inner(p, Tunnel.VXLAN, o + 8, len - 8, LinkType.ETHERNET);
        }
    }

    private void geneve(Packet p, int o, int len) {
        if (len < 8 || (r.u8(o) >>> 6) != 0) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        int hl = 8 + (r.u8(o) & 0x3f) * 4;
        if (hl > len) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        p.vni = (r.u16(o + 4) << 8) | r.u8(o + 6);
        int link = switch (r.u16(o + 2)) {
            case 0x6558 -> LinkType.ETHERNET;
            case 0x0800 -> LinkType.IPV4;
            case 0x86dd -> LinkType.IPV6;
            default -> -1;
        };
        if (link >= 0 && len > hl) {
            inner(p, Tunnel.GENEVE, o + hl, len - hl, link);
        }
    }

    /** AYIYA (RFC draft, as Zeek parses it): only "forward" (opcode 1) packets carry IPv4/IPv6. */
    private void ayiya(Packet p, int o, int len) {
        if (len < 8) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        int hl = 8 + (1 << (r.u8(o) >>> 4)) + (r.u8(o + 1) >>> 4) * 4;
        int opcode = r.u8(o + 2) & 0x0f;
        int next = r.u8(o + 3);
        if (hl > len || opcode != 1 || (next != 4 && next != 41)) {
            p.error = DecodeError.BAD_TUNNEL;
            return;
        }
        if (len > hl) {
            inner(p, Tunnel.AYIYA, o + hl, len - hl, next == 4 ? LinkType.IPV4 : LinkType.IPV6);
        }
    }

    /**
     * Zeek's content check for Teredo on ports that are not registered for another analyzer: an
     * IPv6 header whose source or destination starts with the Teredo prefix 2001:0000::/32, or an
     * origin indication (optionally after an authentication header) followed by an IPv6 version
     * nibble, with at least 40 bytes for the IPv6 header. Mirrors its quirks: after an
     * authentication header only an origin indication is accepted, and the second byte alone
     * decides "authentication" (1) or "origin" (0).
     */
    boolean teredoDetect(int o, int len) {
        if (len < 40) {
            return false;
        }
        int b0 = r.u8(o);
        int b1 = r.u8(o + 1);
        if ((b0 >>> 4) != 6 && (b0 != 0 || (b1 != 0 && b1 != 1))) {
            return false;
        }
        if ((b0 >>> 4) == 6 && (r.u32(o + 8) == 0x2001_0000L || r.u32(o + 24) == 0x2001_0000L)) {
            return true;
        }
        int val = b1;
        if (val == 1) {
            int skip = 13 + r.u8(o + 2) + r.u8(o + 3);
            if (len < skip) {
                return false;
            }
            o += skip;
            len -= skip;
            if (len < 40) {
                return false;
            }
            val = r.u16(o);
        }
        if (val == 0) {
            o += 8;
            len -= 8;
            return len >= 40 && (r.u8(o) >>> 4) == 6;
        }
        return false;
    }

    /**
     * Zeek's Teredo parse: optional authentication header (at most one, before any origin
     * indication), optional origin indication (at most one), then an IPv6 header whose payload
     * length accounts for exactly the rest of the datagram (a bubble, next header 59 with payload
     * length 0, may be followed by extra bytes).
     *
     * @return the offset of the inner IPv6 header, or -1 when this is not valid Teredo
     */
    int teredoInner(int o, int len) {
        boolean origin = false, auth = false;
        while (true) {
            if (len < 2) {
                return -1;
            }
            int tag = r.u16(o);
            if (tag == 0) {
                if (origin || len < 8) {
                    return -1;
                }
                origin = true;
                o += 8;
                len -= 8;
            } else if (tag == 1) {
                if (origin || auth || len < 4) {
                    return -1;
                }
                int total = 13 + r.u8(o + 2) + r.u8(o + 3);
                if (len < total) {
                    return -1;
                }
                auth = true;
                o += total;
                len -= total;
            } else if ((tag >>> 12) == 6) {
                break;
            } else {
                return -1;
            }
        }
        if (len < 40) {
            return -1;
        }
        int ipLen = 40 + r.u16(o + 4);
        if (ipLen > len) {
            return -1;
        }
        if (ipLen < len && !(ipLen == 40 && r.u8(o + 6) == 59)) {
            return -1;
        }
        return o;
    }

    private static void inner(Packet p, Tunnel tunnel, int offset, int capLen, int linkType) {
        p.tunnel = tunnel;
        p.innerOffset = offset;
        p.innerCapLen = capLen;
        p.innerLinkType = linkType;
    }
}
