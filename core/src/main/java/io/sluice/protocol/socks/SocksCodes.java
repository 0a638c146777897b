package io.sluice.protocol.socks;

/**
 * The reply codes of SOCKS 4 (the 4 protocol note, 90-93) and SOCKS 5 (RFC 1928 section 6, and the
 * RFC 1929 sub-negotiation status), with the texts Zeek logs for them (base/protocols/socks/consts.zeek),
 * so the {@code status} column reads the same in both tools.
 */
final class SocksCodes {
    static final String SUCCEEDED = "succeeded";

    private SocksCodes() {}

    static String v4Status(int code) {
        return switch (code) {
            case 0x5a -> SUCCEEDED;
            case 0x5b -> "general SOCKS server failure";
            case 0x5c -> "request failed because client is not running identd";
            case 0x5d -> "request failed because client's identd could not confirm the user ID string in the request";
            default -> "unknown-" + code;
        };
    }

    static String v5Status(int code) {
        return switch (code) {
            case 0 -> SUCCEEDED;
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "Network unreachable";
            case 4 -> "Host unreachable";
            case 5 -> "Connection refused";
            case 6 -> "TTL expired";
            case 7 -> "Command not supported";
            case 8 -> "Address type not supported";
            default -> "unknown-" + code;
        };
    }
}
