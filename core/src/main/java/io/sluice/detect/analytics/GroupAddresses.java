package io.sluice.detect.analytics;

/**
 * Multicast and broadcast addresses: a packet to one of them reaches a group, not a host, so the
 * destination analytics do not treat them as hosts contacted.
 */
final class GroupAddresses {
    private GroupAddresses() {}

    static boolean isGroupOrBroadcast(String ip) {
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
        return first >= 224 && first <= 239 || ip.equals("255.255.255.255");
    }

    /** "3 d", "5 h", "12 min", "40 s": how long before {@code now} the time {@code then} was. */
    static String span(long thenNanos, long nowNanos) {
        long s = Math.max(0, (nowNanos - thenNanos) / 1_000_000_000L);
        if (s >= 86_400) return (s / 86_400) + " d";
        if (s >= 3_600) return (s / 3_600) + " h";
        if (s >= 60) return (s / 60) + " min";
        return s + " s";
    }
}
