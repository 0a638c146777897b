package io.sluice.detect.analytics;

import java.util.Locale;

/**
 * The classes of an address the analytics ask about (private space, group or broadcast, RITA's
 * never-include list), worked out once per address text and remembered. Some twenty analytics ask
 * about the addresses of each connection, and the flow table hands out the same String instance
 * for the same address (flow/AddressTexts), so a direct-mapped table compared by identity answers
 * nearly every question with one hash read and one reference compare instead of parsing the text.
 *
 * <p>Shared by every engine in the JVM: a slot holds an immutable {@link Entry} with final fields,
 * so a thread that reads another thread's entry sees it whole, and a lost race costs only a second
 * classification.
 */
final class AddressClasses {
    /** RFC 1918 10/8, 172.16/12, 192.168/16; RFC 4193 fc00::/7. */
    static final int PRIVATE = 1;
    /** IPv4 multicast (224/4 up to 239), 255.255.255.255, IPv6 ff00::/8; also null and empty text. */
    static final int GROUP = 2;
    /** RITA's never-include list: loopback, link-local, multicast, broadcast, unspecified (and null, empty). */
    static final int SPECIAL = 4;

    /** As many as the flow table keeps address texts for (flow/AddressTexts). */
    private static final int SLOTS = 1 << 14;
    private static final Entry[] TABLE = new Entry[SLOTS];

    private record Entry(String ip, int flags) {}

    private AddressClasses() {}

    /** The classes of {@code ip}, a bit set of {@link #PRIVATE}, {@link #GROUP} and {@link #SPECIAL}. */
    static int of(String ip) {
        if (ip == null) return GROUP | SPECIAL;
        int h = ip.hashCode();
        int i = (h ^ (h >>> 13)) & (SLOTS - 1);
        Entry e = TABLE[i];
        if (e != null && e.ip == ip) return e.flags;
        return remember(i, ip);
    }

    private static int remember(int i, String ip) {
        int flags = classify(ip);
        TABLE[i] = new Entry(ip, flags);
        return flags;
    }

    static boolean isPrivate(String ip) {
        return (of(ip) & PRIVATE) != 0;
    }

    static boolean isGroup(String ip) {
        return (of(ip) & GROUP) != 0;
    }

    static boolean isSpecial(String ip) {
        return (of(ip) & SPECIAL) != 0;
    }

    /** Works the classes out from the text; {@link #of} remembers the answer. */
    static int classify(String ip) {
        if (ip == null || ip.isEmpty()) return GROUP | SPECIAL;
        if (ip.indexOf(':') >= 0) {
            String l = ip.toLowerCase(Locale.ROOT);
            int flags = 0;
            if (l.startsWith("fc") || l.startsWith("fd")) flags |= PRIVATE;
            if (l.startsWith("ff")) flags |= GROUP | SPECIAL;
            if (l.equals("::") || l.equals("::1") || l.startsWith("fe8") || l.startsWith("fe9")
                    || l.startsWith("fea") || l.startsWith("feb")) {
                flags |= SPECIAL;
            }
            return flags;
        }
        int flags = 0;
        int first = leadingNumber(ip, 0);
        if (first >= 224 && first <= 239) flags |= GROUP | SPECIAL;
        if (ip.equals("255.255.255.255")) flags |= GROUP | SPECIAL;
        if (ip.startsWith("127.") || ip.startsWith("169.254.") || ip.equals("0.0.0.0")) flags |= SPECIAL;
        if (ip.startsWith("10.") || ip.startsWith("192.168.")) {
            flags |= PRIVATE;
        } else if (ip.startsWith("172.")) {
            int second = leadingNumber(ip, 4);
            if (second >= 16 && second <= 31) flags |= PRIVATE;
        }
        return flags;
    }

    /**
     * The decimal number from {@code from} to the next dot (Integer.parseInt's rules: an optional
     * sign, then digits of any script), or -1 when there is no dot after it or the text between is
     * not a number.
     */
    private static int leadingNumber(String ip, int from) {
        int dot = ip.indexOf('.', from);
        if (dot <= from) return -1;
        try {
            return Integer.parseInt(ip, from, dot, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
