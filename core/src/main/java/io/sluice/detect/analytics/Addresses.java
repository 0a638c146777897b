package io.sluice.detect.analytics;

/**
 * Address classes the connection analytics leave out: a probe of a broadcast or multicast address
 * is one packet to many hosts, not a host contacting many addresses.
 */
final class Addresses {
    private Addresses() {}

    static boolean isBroadcastOrMulticast(String ip) {
        if (ip == null || ip.isEmpty()) return true;
        if (ip.indexOf(':') >= 0) return ip.regionMatches(true, 0, "ff", 0, 2);
        int dot = ip.indexOf('.');
        if (dot <= 0) return false;
        int first;
        try {
            first = Integer.parseInt(ip, 0, dot, 10);
        } catch (NumberFormatException e) {
            return false;
        }
        return (first >= 224 && first <= 239) || ip.equals("255.255.255.255");
    }
}
