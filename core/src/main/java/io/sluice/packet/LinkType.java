package io.sluice.packet;

/** The tcpdump.org LINKTYPE_* values that Sluice decodes. */
public final class LinkType {
    public static final int NULL = 0;          // BSD loopback, host byte order family
    public static final int ETHERNET = 1;
    public static final int RAW = 101;         // raw IPv4 or IPv6, version from the first nibble
    public static final int LOOP = 108;        // OpenBSD loopback, network byte order family
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    /** DLT_RAW as some BSDs number it in pcap files (12 and 14 are both seen in the wild). */
    public static final int RAW_BSD_12 = 12;
    public static final int RAW_BSD_14 = 14;

    private LinkType() {}

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW, RAW_BSD_12, RAW_BSD_14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
