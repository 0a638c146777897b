package io.sluice.packet;

/**
 * Counters for the summary table: per decode error, link type, network-layer EtherType, tunnel
 * type and encapsulation feature. Plain arrays of longs indexed by small numbers, so recording a
 * packet costs a few increments. Not thread-safe: one per decoder; {@link #add} merges them.
 */
public final class DecodeStats {
    private static final DecodeError[] ERRORS = DecodeError.values();
    private static final Tunnel[] TUNNELS = Tunnel.values();

    /** Link types with a row of their own; the last row is "other". */
    public static final int[] LINK_TYPES = {
        LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.NULL, LinkType.LOOP,
        LinkType.IPV4, LinkType.IPV6, LinkType.RAW_BSD_12, LinkType.RAW_BSD_14,
    };
    /** EtherTypes with a row of their own (0 = none: 802.3/LLC or unknown); the last row is "other". */
    public static final int[] ETHER_TYPES = {0x0800, 0x86dd, 0x0806, 0x8864, 0};

    private final long[] errors = new long[ERRORS.length];
    private final long[] linkTypes = new long[LINK_TYPES.length + 1];
    private final long[] etherTypes = new long[ETHER_TYPES.length + 1];
    private final long[] tunnels = new long[TUNNELS.length];
    private long packets, innerPackets, vlanTagged, qinq, mpls, fragments, reassembled;

    /** Counts one decoded packet (outer or inner). */
    public void record(Packet p) {
        errors[p.error.ordinal()]++;
        tunnels[p.tunnel.ordinal()]++;
        if (p.tunnelDepth == 0) {
            packets++;
        } else {
            innerPackets++;
        }
        linkTypes[linkIndex(p.linkType)]++;
        etherTypes[etherIndex(p.etherType)]++;
        if (p.vlan >= 0) {
            vlanTagged++;
            if (p.innerVlan >= 0) {
                qinq++;
            }
        }
        if (p.mplsDepth > 0) {
            mpls++;
        }
        if (p.fragment) {
            fragments++;
        }
        if (p.reassembled) {
            reassembled++;
        }
    }

    public void add(DecodeStats o) {
        for (int i = 0; i < errors.length; i++) {
            errors[i] += o.errors[i];
        }
        for (int i = 0; i < linkTypes.length; i++) {
            linkTypes[i] += o.linkTypes[i];
        }
        for (int i = 0; i < etherTypes.length; i++) {
            etherTypes[i] += o.etherTypes[i];
        }
        for (int i = 0; i < tunnels.length; i++) {
            tunnels[i] += o.tunnels[i];
        }
        packets += o.packets;
        innerPackets += o.innerPackets;
        vlanTagged += o.vlanTagged;
        qinq += o.qinq;
        mpls += o.mpls;
        fragments += o.fragments;
        reassembled += o.reassembled;
    }

    private static int linkIndex(int linkType) {
        for (int i = 0; i < LINK_TYPES.length; i++) {
            if (LINK_TYPES[i] == linkType) {
                return i;
            }
        }
        return LINK_TYPES.length;
    }

    private static int etherIndex(int etherType) {
        for (int i = 0; i < ETHER_TYPES.length; i++) {
            if (ETHER_TYPES[i] == etherType) {
                return i;
            }
        }
        return ETHER_TYPES.length;
    }

    /** Outermost packets recorded. */
    public long packets() {
        return packets;
    }

    /** Packets decoded from tunnels. */
    public long innerPackets() {
        return innerPackets;
    }

    public long errors(DecodeError e) {
        return errors[e.ordinal()];
    }

    /** Packets of a link type; a type without its own row counts under {@link #otherLinkTypes}. */
    public long linkType(int linkType) {
        int i = linkIndex(linkType);
        return i < LINK_TYPES.length ? linkTypes[i] : 0;
    }

    public long otherLinkTypes() {
        return linkTypes[LINK_TYPES.length];
    }

    public long etherType(int etherType) {
        int i = etherIndex(etherType);
        return i < ETHER_TYPES.length ? etherTypes[i] : 0;
    }

    public long otherEtherTypes() {
        return etherTypes[ETHER_TYPES.length];
    }

    /** Packets that carried a tunnel of this type (counted on the outer packet). */
    public long tunnels(Tunnel t) {
        return tunnels[t.ordinal()];
    }

    public long vlanTagged() {
        return vlanTagged;
    }

    public long qinq() {
        return qinq;
    }

    public long mpls() {
        return mpls;
    }

    /** Fragments not (yet) reassembled when they were decoded. */
    public long fragments() {
        return fragments;
    }

    /** Packets decoded from a reassembled datagram. */
    public long reassembled() {
        return reassembled;
    }
}
