package io.sluice.detect.dns;

import io.sluice.protocol.dns.DnsTransaction;

/** Which DNS rows the DNS analytics look at, and small facts about names they share. */
public final class DnsLookups {
    public static final int TYPE_A = 1, TYPE_CNAME = 5, TYPE_NULL = 10, TYPE_PTR = 12, TYPE_TXT = 16, TYPE_AAAA = 28;
    public static final int RCODE_NXDOMAIN = 3;

    private DnsLookups() {}

    /**
     * A unicast DNS lookup with a name: mDNS, LLMNR and NBNS rows (which dns.log also carries) are
     * local name services, not resolution through the DNS.
     */
    public static boolean isDnsLookup(DnsTransaction t) {
        return (t.nameService() == null || t.nameService().equals("dns")) && t.query() != null
                && !t.query().isEmpty();
    }

    /** Reverse lookups ({@code in-addr.arpa}, {@code ip6.arpa}) name addresses, not chosen domains. */
    public static boolean isReverse(String name) {
        return name.endsWith(".arpa") || name.equals("arpa");
    }

    /** Local-only names that never leave the site: single labels and the special-use zones. */
    public static boolean isLocalName(String name) {
        return name.indexOf('.') < 0 || name.endsWith(".local") || name.endsWith(".localhost")
                || name.endsWith(".home.arpa") || name.endsWith(".internal") || name.endsWith(".lan");
    }

    /** Whether a text is an IPv4 or IPv6 address literal rather than a name (HTTP Host, SNI). */
    public static boolean isAddressLiteral(String host) {
        if (host.isEmpty()) return false;
        if (host.indexOf(':') >= 0 || host.startsWith("[")) return true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }

    /** An HTTP Host header without its port. */
    public static String hostWithoutPort(String host) {
        if (host == null) return "";
        String h = host.strip();
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon && !h.startsWith("[")) h = h.substring(0, colon);
        return h;
    }
}
