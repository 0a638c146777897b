package io.sluice.protocol.dhcp;

/** Zeek's names for DHCP message types (option 53; {@code DHCP::message_types} in consts.zeek). */
final class DhcpNames {
    private DhcpNames() {}

    private static final String[] TYPES = {
        null, "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM", "FORCERENEW",
        "LEASEQUERY", "LEASEUNASSIGNED", "LEASEUNKNOWN", "LEASEACTIVE", "BULKLEASEQUERY", "LEASEQUERYDONE",
        "ACTIVELEASEQUERY", "LEASEQUERYSTATUS", "TLS",
    };

    private static final String[] V6_TYPES = {
        null, "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY", "RELEASE", "DECLINE",
        "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW", "RELAY-REPL",
    };

    /** RFC 8415's names of DHCPv6 message types (Zeek has no DHCPv6 analyzer to follow). */
    static String messageTypeV6(int type) {
        if (type > 0 && type < V6_TYPES.length) return V6_TYPES[type];
        return "unknown-v6-message-type-" + type;
    }

    static String messageType(int type) {
        if (type > 0 && type < TYPES.length) return TYPES[type];
        return "unknown-message-type-" + type;
    }
}
