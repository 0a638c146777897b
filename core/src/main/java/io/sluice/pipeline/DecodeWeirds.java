package io.sluice.pipeline;

import io.sluice.flow.WeirdReporter;
import io.sluice.packet.DecodeError;
import io.sluice.packet.Packet;

/**
 * Turns a packet's {@link DecodeError} into the weird Zeek reports for the same damage (names from
 * Zeek's packet analyzers: IP.cc, TCP.cc, UDP.cc, ARP.cc). Errors that are not damage (a link type
 * or EtherType Sluice does not decode) and those the decoder folds together so that no single
 * Zeek name fits (dropped fragments, IPv6 extension headers, malformed tunnel headers) give no
 * weird; they stay counted in the decode statistics. With the packet's addresses known the weird
 * is Zeek's {@code flow_weird} (addresses, ports 0), else its {@code net_weird}.
 */
final class DecodeWeirds {
    private DecodeWeirds() {}

    static void report(Packet p, WeirdReporter weirds) {
        String name = name(p.error);
        if (name == null) return;
        String source = source(p.error);
        if (p.ipVersion != 0) {
            weirds.flow(p.tsNanos, p.srcHi, p.srcLo, p.dstHi, p.dstLo, name, null, source);
        } else {
            weirds.net(p.tsNanos, name, null, source);
        }
    }

    static String name(DecodeError e) {
        return switch (e) {
            case TRUNCATED_LINK -> "truncated_link_frame";
            case TRUNCATED_IP -> "truncated_IP";
            case BAD_IP_VERSION -> "unknown_ip_version";
            case BAD_IP_HEADER_LENGTH -> "IPv4_min_header_size";
            case BAD_IP_TOTAL_LENGTH -> "invalid_IP_header_size";
            case TRUNCATED_TRANSPORT -> "truncated_header";
            case BAD_TCP_HEADER_LENGTH -> "bad_TCP_header_len";
            case BAD_UDP_LENGTH -> "UDP_datagram_length_mismatch";
            case TRUNCATED_ARP -> "truncated_ARP";
            case TUNNEL_TOO_DEEP -> "exceeded_tunnel_max_depth";
            case NONE, UNSUPPORTED_LINK, UNSUPPORTED_ETHERTYPE, BAD_IPV6_EXTENSION, FRAGMENT_DROPPED, BAD_TUNNEL -> null;
        };
    }

    private static String source(DecodeError e) {
        return switch (e) {
            case TRUNCATED_TRANSPORT -> null;
            case BAD_TCP_HEADER_LENGTH -> "TCP";
            case BAD_UDP_LENGTH -> "UDP";
            case TRUNCATED_ARP -> "ARP";
            case TRUNCATED_LINK -> null;
            default -> "IP";
        };
    }
}
