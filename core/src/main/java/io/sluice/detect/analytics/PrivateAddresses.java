package io.sluice.detect.analytics;

import java.util.Locale;

/**
 * Whether an address is in private space (RFC 1918 10/8, 172.16/12, 192.168/16; RFC 4193 fc00::/7),
 * the mail and web analytics' notion of "inside the network" when the source gives no locality.
 * A textual check, so nothing is parsed per event.
 */
final class PrivateAddresses {
    private PrivateAddresses() {}

    static boolean contains(String ip) {
        if (ip == null || ip.isEmpty()) return false;
        if (ip.indexOf(':') >= 0) {
            String l = ip.toLowerCase(Locale.ROOT);
            return l.startsWith("fc") || l.startsWith("fd");
        }
        if (ip.startsWith("10.") || ip.startsWith("192.168.")) return true;
        if (!ip.startsWith("172.")) return false;
        int dot = ip.indexOf('.', 4);
        if (dot < 0) return false;
        try {
            int second = Integer.parseInt(ip, 4, dot, 10);
            return second >= 16 && second <= 31;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
