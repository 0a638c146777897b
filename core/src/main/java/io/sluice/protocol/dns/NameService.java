package io.sluice.protocol.dns;

import io.sluice.event.ConnId;

/** Which name service a dns.log row belongs to, by port as Zeek's DNS analyzer is registered. */
final class NameService {
    private NameService() {}

    static String of(ConnId id) {
        String byResp = byPort(id.respP());
        return byResp != null ? byResp : byPort(id.origP()) != null ? byPort(id.origP()) : "dns";
    }

    private static String byPort(int port) {
        return switch (port) {
            case 137 -> "nbns";
            case 5353 -> "mdns";
            case 5355 -> "llmnr";
            case 53 -> "dns";
            default -> null;
        };
    }
}
