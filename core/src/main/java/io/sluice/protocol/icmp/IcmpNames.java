package io.sluice.protocol.icmp;

/** Names of ICMP (RFC 792 and successors) and ICMPv6 (RFC 4443, 4861) message types, and which are errors. */
final class IcmpNames {
    private IcmpNames() {}

    static String name(boolean v6, int type) {
        if (v6) {
            return switch (type) {
                case 1 -> "dest_unreachable";
                case 2 -> "packet_too_big";
                case 3 -> "time_exceeded";
                case 4 -> "parameter_problem";
                case 128 -> "echo_request";
                case 129 -> "echo_reply";
                case 130 -> "mld_query";
                case 131 -> "mld_report";
                case 132 -> "mld_done";
                case 133 -> "router_solicitation";
                case 134 -> "router_advertisement";
                case 135 -> "neighbor_solicitation";
                case 136 -> "neighbor_advertisement";
                case 137 -> "redirect";
                case 143 -> "mldv2_report";
                default -> null;
            };
        }
        return switch (type) {
            case 0 -> "echo_reply";
            case 3 -> "dest_unreachable";
            case 4 -> "source_quench";
            case 5 -> "redirect";
            case 8 -> "echo_request";
            case 9 -> "router_advertisement";
            case 10 -> "router_solicitation";
            case 11 -> "time_exceeded";
            case 12 -> "parameter_problem";
            case 13 -> "timestamp_request";
            case 14 -> "timestamp_reply";
            case 15 -> "info_request";
            case 16 -> "info_reply";
            case 17 -> "address_mask_request";
            case 18 -> "address_mask_reply";
            default -> null;
        };
    }

    static boolean isEcho(boolean v6, int type) {
        return v6 ? type == 128 || type == 129 : type == 0 || type == 8;
    }

    /** Messages that quote the offending packet's header after the 8-byte ICMP header. */
    static boolean quotesPacket(boolean v6, int type) {
        return v6 ? type >= 1 && type <= 4 : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }
}
