package io.sluice.protocol.dhcp;

/** Zeek's names for DHCP message types (option 53; {@code DHCP::message_types} in consts.zeek). */
final class DhcpNames {
    private DhcpNames() {}

    private static final String[] TYPES = {
        null, "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM", "FORCERENEW",
        "LEASEQUERY", "LEASEUNASSIGNED", "LEASEUNKNOWN", "LEASEACTIVE", "BULKLEASEQUERY", "LEASEQUERYDONE",
        "ACTIVELEASEQUERY", "LEASEQUERYSTATUS", "TLS",
    };

    static String messageType(int type) {
        if (type > 0 && type < TYPES.length) return TYPES[type];
        return "unknown-message-type-" + type;
    }
}
