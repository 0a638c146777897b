package io.sluice.flow;

/**
 * Zeek's ICMP "ports": the originator port is the message type, the responder port is the
 * counterpart type for request/reply pairs (echo, timestamp, information, router, mask; ICMPv6
 * echo, router and neighbor discovery, MLD, node information, home agent discovery) or the code
 * for one-way messages ({@code ICMP4_counterpart} / {@code ICMP6_counterpart} in Zeek's ICMP.cc).
 * One-way messages are keyed by direction: a reply-less message from B to A is not A's flow.
 */
public final class IcmpTypes {
    private IcmpTypes() {}

    /** Echo request or reply (ping), whose payload is free for any use, tunnels included. */
    public static boolean isEcho(boolean v6, int type) {
        return v6 ? type == 128 || type == 129 : type == 0 || type == 8;
    }

    /** The counterpart type, or -1 when the message is one-way. */
    public static int counterpart(boolean v6, int type) {
        if (!v6) {
            return switch (type) {
                case 8 -> 0;
                case 0 -> 8;
                case 13 -> 14;
                case 14 -> 13;
                case 15 -> 16;
                case 16 -> 15;
                case 10 -> 9;
                case 9 -> 10;
                case 17 -> 18;
                case 18 -> 17;
                default -> -1;
            };
        }
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 133 -> 134;
            case 134 -> 133;
            case 135 -> 136;
            case 136 -> 135;
            case 130 -> 131;
            case 131 -> 130;
            case 139 -> 140;
            case 140 -> 139;
            case 144 -> 145;
            case 145 -> 144;
            default -> -1;
        };
    }

    /** The responder "port" Zeek logs: the counterpart type, or the code for one-way messages. */
    public static int responderPort(boolean v6, int type, int code) {
        int c = counterpart(v6, type);
        return c >= 0 ? c : code;
    }
}
