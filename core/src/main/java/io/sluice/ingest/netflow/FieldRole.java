package io.sluice.ingest.netflow;

/**
 * What a template field means to Sluice, decided once when the template arrives so that data
 * records are decoded with a switch over small ints. Information element numbers are IANA's IPFIX
 * registry (which keeps the NetFlow v9 numbers 1..127); reverse elements are RFC 5103's, private
 * enterprise 29305 with the forward element's number. Any other field, and every other enterprise
 * field, is skipped by its length.
 */
final class FieldRole {
    private FieldRole() {}

    static final int SKIP = 0;
    static final int SRC_V4 = 1, DST_V4 = 2, SRC_V6 = 3, DST_V6 = 4;
    static final int SRC_PORT = 5, DST_PORT = 6, PROTO = 7, TCP_FLAGS = 8, TOS = 9;
    static final int BYTES = 10, PACKETS = 11, POST_BYTES = 12, POST_PACKETS = 13;
    static final int INIT_BYTES = 14, RESP_BYTES = 15, INIT_PACKETS = 16, RESP_PACKETS = 17;
    static final int REV_BYTES = 18, REV_PACKETS = 19, REV_TCP_FLAGS = 20;
    static final int FIRST_UPTIME = 21, LAST_UPTIME = 22;
    static final int START_SEC = 23, END_SEC = 24, START_MS = 25, END_MS = 26;
    static final int START_NTP_US = 27, END_NTP_US = 28, START_NTP_NS = 29, END_NTP_NS = 30;
    static final int START_DELTA_US = 31, END_DELTA_US = 32, DURATION_MS = 33, DURATION_US = 34;
    static final int SYSTEM_INIT_MS = 35;
    static final int SRC_MAC = 36, DST_MAC = 37, VLAN = 38;
    static final int ICMP_TYPE_CODE = 39, ICMP_TYPE = 40, ICMP_CODE = 41;
    static final int INPUT_IF = 42, OUTPUT_IF = 43, SRC_AS = 44, DST_AS = 45;
    static final int IP_VERSION = 46, DIRECTION = 47, END_REASON = 48;
    static final int SAMPLING_INTERVAL = 49, SAMPLING_PACKET_INTERVAL = 50, SAMPLING_PACKET_SPACE = 51;
    static final int POST_SRC_MAC = 52, POST_DST_MAC = 53;
    static final int TOTAL_BYTES = 54, TOTAL_PACKETS = 55;

    /** RFC 5103 reverse information elements. */
    static final long REVERSE_PEN = 29305;

    static int of(long enterprise, int ie) {
        if (enterprise == REVERSE_PEN) {
            return switch (ie) {
                case 1, 85 -> REV_BYTES;
                case 2, 86 -> REV_PACKETS;
                case 6 -> REV_TCP_FLAGS;
                default -> SKIP;
            };
        }
        if (enterprise != 0) return SKIP;
        return switch (ie) {
            case 1 -> BYTES;                // octetDeltaCount (IN_BYTES)
            case 2 -> PACKETS;              // packetDeltaCount (IN_PKTS)
            case 85 -> TOTAL_BYTES;         // octetTotalCount
            case 86 -> TOTAL_PACKETS;       // packetTotalCount
            case 4 -> PROTO;
            case 5 -> TOS;
            case 6 -> TCP_FLAGS;
            case 7 -> SRC_PORT;
            case 8 -> SRC_V4;
            case 10 -> INPUT_IF;
            case 11 -> DST_PORT;
            case 12 -> DST_V4;
            case 14 -> OUTPUT_IF;
            case 16 -> SRC_AS;
            case 17 -> DST_AS;
            case 21 -> LAST_UPTIME;         // LAST_SWITCHED / flowEndSysUpTime
            case 22 -> FIRST_UPTIME;        // FIRST_SWITCHED / flowStartSysUpTime
            case 23 -> POST_BYTES;          // OUT_BYTES / postOctetDeltaCount
            case 24 -> POST_PACKETS;        // OUT_PKTS / postPacketDeltaCount
            case 27 -> SRC_V6;
            case 28 -> DST_V6;
            case 32, 139 -> ICMP_TYPE_CODE; // icmpTypeCodeIPv4 / IPv6: type * 256 + code
            case 34, 50 -> SAMPLING_INTERVAL; // samplingInterval, samplerRandomInterval
            case 56 -> SRC_MAC;
            case 57 -> POST_DST_MAC;
            case 58, 243 -> VLAN;           // vlanId / SRC_VLAN, dot1qVlanId
            case 60 -> IP_VERSION;
            case 61 -> DIRECTION;
            case 80 -> DST_MAC;
            case 81 -> POST_SRC_MAC;
            case 136 -> END_REASON;
            case 150 -> START_SEC;
            case 151 -> END_SEC;
            case 152 -> START_MS;
            case 153 -> END_MS;
            case 154 -> START_NTP_US;
            case 155 -> END_NTP_US;
            case 156 -> START_NTP_NS;
            case 157 -> END_NTP_NS;
            case 158 -> START_DELTA_US;
            case 159 -> END_DELTA_US;
            case 160 -> SYSTEM_INIT_MS;
            case 161 -> DURATION_MS;
            case 162 -> DURATION_US;
            case 176, 178 -> ICMP_TYPE;
            case 177, 179 -> ICMP_CODE;
            case 231 -> INIT_BYTES;         // initiatorOctets (Cisco ASA fwd_flow_delta_bytes)
            case 232 -> RESP_BYTES;         // responderOctets (rev_flow_delta_bytes)
            case 298 -> INIT_PACKETS;
            case 299 -> RESP_PACKETS;
            case 305 -> SAMPLING_PACKET_INTERVAL;
            case 306 -> SAMPLING_PACKET_SPACE;
            default -> SKIP;
        };
    }
}
