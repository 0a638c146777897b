package io.sluice.packet.craft;

import io.sluice.packet.IpAddress;
import io.sluice.packet.LinkType;
import io.sluice.packet.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Crafts valid frames (correct lengths, IPv4 header checksums and TCP/UDP/ICMP/ICMPv6 checksums)
 * for tests and the traffic generator. Layers are added outermost first; each one's "next
 * protocol" field (EtherType, IP protocol, IPv6 next header, GRE protocol, PPP protocol) is
 * derived from the layer after it unless overridden with {@link #nextProtocol}. Setters such as
 * {@link #ttl} or {@link #seq} apply to the most recently added layer of their kind.
 *
 * <pre>{@code
 * byte[] f = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").vlan(10)
 *         .ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80).flags(SYN).seq(1000).payload(bytes).build();
 * }</pre>
 *
 * Tunnels are plain composition: {@code .ipv4(a, b).gre().ipv4(c, d).udp(..)}, {@code
 * .ipv4(a, b).vxlan(42).innerEthernet(m1, m2).ipv4(..)}, {@code .ipv4(a, b).teredo().ipv6(..)}.
 * An ICMP error followed by IP layers quotes them. Not thread-safe; allocation is free here.
 */
public final class FrameBuilder {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    private final int linkType;
    private final List<Layer> layers = new ArrayList<>();
    private byte[] payload = new byte[0];

    private FrameBuilder(int linkType, Layer link) {
        this.linkType = linkType;
        layers.add(link);
    }

    // ---------------------------------------------------------------- link types

    public static FrameBuilder ethernet(String srcMac, String dstMac) {
        return ethernet(MacAddress.parse(srcMac), MacAddress.parse(dstMac));
    }

    public static FrameBuilder ethernet(long srcMac, long dstMac) {
        return new FrameBuilder(LinkType.ETHERNET, new LinkLayers.Ethernet(srcMac, dstMac));
    }

    /** Linux cooked capture v1 (16-byte header); packet type 0 ("to us"). */
    public static FrameBuilder sll() {
        return new FrameBuilder(LinkType.LINUX_SLL, new LinkLayers.Sll());
    }

    /** Linux cooked capture v2 (20-byte header). */
    public static FrameBuilder sll2() {
        return new FrameBuilder(LinkType.LINUX_SLL2, new LinkLayers.Sll2());
    }

    /** BSD loopback (LINKTYPE_NULL): family in host byte order, written little-endian. */
    public static FrameBuilder bsdNull() {
        return new FrameBuilder(LinkType.NULL, new LinkLayers.NullLoop(false));
    }

    /** BSD loopback with the family written big-endian (a capture from a big-endian host). */
    public static FrameBuilder bsdNullBigEndian() {
        return new FrameBuilder(LinkType.NULL, new LinkLayers.NullLoop(true));
    }

    /** OpenBSD loopback (LINKTYPE_LOOP): family in network byte order. */
    public static FrameBuilder loop() {
        return new FrameBuilder(LinkType.LOOP, new LinkLayers.NullLoop(true));
    }

    /** Raw IP (LINKTYPE_RAW, 101). */
    public static FrameBuilder raw() {
        return raw(LinkType.RAW);
    }

    /** Raw IP under another link type number: RAW_BSD_12, RAW_BSD_14, IPV4 or IPV6. */
    public static FrameBuilder raw(int linkType) {
        return new FrameBuilder(linkType, new LinkLayers.Raw());
    }

    /** The LINKTYPE_* of the frames this builder makes. */
    public int linkType() {
        return linkType;
    }

    // ---------------------------------------------------------------- link-layer headers

    /** An 802.1Q tag (TPID 0x8100). Two calls make QinQ with 0x8100 twice. */
    public FrameBuilder vlan(int id) {
        return vlan(id, 0x8100);
    }

    /** A VLAN tag with the given TPID (0x8100, 0x88a8, 0x9100). */
    public FrameBuilder vlan(int id, int tpid) {
        return add(new LinkLayers.Vlan(tpid, id));
    }

    /** 802.1ad QinQ: an outer S-tag (0x88a8) and an inner C-tag (0x8100). */
    public FrameBuilder qinq(int outer, int inner) {
        return vlan(outer, 0x88a8).vlan(inner, 0x8100);
    }

    /** An MPLS label; consecutive labels form a stack, the last gets bottom-of-stack. */
    public FrameBuilder mpls(int label) {
        return add(new LinkLayers.Mpls(label));
    }

    /** The pseudowire control word (use between MPLS and {@link #innerEthernet}). */
    public FrameBuilder controlWord() {
        return add(new LinkLayers.ControlWord());
    }

    /** PPPoE session (EtherType 0x8864) with a PPP protocol derived from the next layer. */
    public FrameBuilder pppoe(int sessionId) {
        return add(new LinkLayers.Pppoe(sessionId));
    }

    /** An Ethernet header inside a tunnel (VXLAN, Geneve, GRE bridging, ERSPAN, MPLS pseudowire). */
    public FrameBuilder innerEthernet(String srcMac, String dstMac) {
        return add(new LinkLayers.Ethernet(MacAddress.parse(srcMac), MacAddress.parse(dstMac)));
    }

    public FrameBuilder arpRequest(String senderMac, String senderIp, String targetIp) {
        return add(new LinkLayers.Arp(1, MacAddress.parse(senderMac), IpAddress.parseV4(senderIp), 0, IpAddress.parseV4(targetIp)));
    }

    public FrameBuilder arpReply(String senderMac, String senderIp, String targetMac, String targetIp) {
        return add(new LinkLayers.Arp(2, MacAddress.parse(senderMac), IpAddress.parseV4(senderIp),
                MacAddress.parse(targetMac), IpAddress.parseV4(targetIp)));
    }

    // ---------------------------------------------------------------- network layer

    public FrameBuilder ipv4(String src, String dst) {
        return add(new IpLayers.Ipv4(IpAddress.parseV4(src), IpAddress.parseV4(dst)));
    }

    public FrameBuilder ipv6(String src, String dst) {
        return add(new IpLayers.Ipv6(IpAddress.parse(src), IpAddress.parse(dst)));
    }

    /** TTL (IPv4) or hop limit (IPv6) of the last IP header. */
    public FrameBuilder ttl(int ttl) {
        last(IpLayers.Ip.class).ttl = ttl;
        return this;
    }

    public FrameBuilder id(int id) {
        last(IpLayers.Ipv4.class).id = id;
        return this;
    }

    public FrameBuilder tos(int tos) {
        last(IpLayers.Ipv4.class).tos = tos;
        return this;
    }

    public FrameBuilder dontFragment() {
        last(IpLayers.Ipv4.class).dontFragment = true;
        return this;
    }

    /** Makes the last IPv4 header a fragment: offset in bytes (a multiple of 8) and the MF flag. */
    public FrameBuilder fragment(int offsetBytes, boolean moreFragments) {
        var ip = last(IpLayers.Ipv4.class);
        ip.fragmentOffsetBytes = offsetBytes;
        ip.moreFragments = moreFragments;
        return this;
    }

    /** IPv4 options, padded with zeros (end of options) to a multiple of 4. */
    public FrameBuilder ipOptions(byte[] options) {
        last(IpLayers.Ipv4.class).options = options.clone();
        return this;
    }

    /** Writes this value in the last IP header's length field (IPv4 total length, IPv6 payload length). */
    public FrameBuilder ipLength(int length) {
        last(IpLayers.Ip.class).lengthOverride = length;
        return this;
    }

    public FrameBuilder flowLabel(int label) {
        last(IpLayers.Ipv6.class).flowLabel = label;
        return this;
    }

    public FrameBuilder hopByHop() {
        return extension(0, new byte[0]);
    }

    public FrameBuilder routing() {
        return extension(43, new byte[] {0, 0, 0, 0, 0, 0}); // type 0, segments left 0
    }

    public FrameBuilder destinationOptions() {
        return extension(60, new byte[0]);
    }

    /** IPv6 Authentication Header (51) with a 12-byte ICV. */
    public FrameBuilder authenticationHeader() {
        return extension(51, new byte[22]);
    }

    /**
     * A generic IPv6 extension header of the given type; body is what follows next-header and
     * length, padded to a multiple of 8 (PadN for options headers).
     */
    public FrameBuilder extension(int type, byte[] body) {
        return add(new IpLayers.Ipv6Extension(type, body.clone()));
    }

    /** An IPv6 fragment header. */
    public FrameBuilder ipv6Fragment(int offsetBytes, boolean more, long id) {
        return add(new IpLayers.Ipv6Fragment(offsetBytes, more, id));
    }

    // ---------------------------------------------------------------- transport layer

    public FrameBuilder tcp(int srcPort, int dstPort) {
        return add(new TransportLayers.Tcp(srcPort, dstPort));
    }

    public FrameBuilder flags(int flags) {
        last(TransportLayers.Tcp.class).flags = flags;
        return this;
    }

    public FrameBuilder seq(long seq) {
        last(TransportLayers.Tcp.class).seq = seq;
        return this;
    }

    /** The acknowledgement number (does not set the ACK flag). */
    public FrameBuilder ack(long ack) {
        last(TransportLayers.Tcp.class).ack = ack;
        return this;
    }

    public FrameBuilder window(int window) {
        last(TransportLayers.Tcp.class).window = window;
        return this;
    }

    /** TCP options, padded with zeros (end of option list) to a multiple of 4. */
    public FrameBuilder tcpOptions(byte[] options) {
        last(TransportLayers.Tcp.class).options = options.clone();
        return this;
    }

    public FrameBuilder udp(int srcPort, int dstPort) {
        return add(new TransportLayers.Udp(srcPort, dstPort));
    }

    /** Writes this value in the last UDP length field. */
    public FrameBuilder udpLength(int length) {
        last(TransportLayers.Udp.class).lengthOverride = length;
        return this;
    }

    /** Echo request: ICMP type 8, or ICMPv6 128 inside IPv6. */
    public FrameBuilder icmpEcho(int id, int seq) {
        return add(new TransportLayers.Icmp(8, 0, ((long) id << 16) | (seq & 0xffff), true));
    }

    /** Echo reply: ICMP type 0, or ICMPv6 129 inside IPv6. */
    public FrameBuilder icmpEchoReply(int id, int seq) {
        return add(new TransportLayers.Icmp(0, 0, ((long) id << 16) | (seq & 0xffff), true));
    }

    /**
     * Any ICMP / ICMPv6 message by its numbers (no translation between versions). For errors
     * (e.g. 3/3 port unreachable, ICMPv6 1/4), add the quoted IP and transport headers after it.
     */
    public FrameBuilder icmp(int type, int code) {
        return icmp(type, code, 0);
    }

    /** Like {@link #icmp(int, int)} with the 4 bytes after the checksum (MTU, pointer, ...). */
    public FrameBuilder icmp(int type, int code, long restOfHeader) {
        return add(new TransportLayers.Icmp(type, code, restOfHeader, false));
    }

    // ---------------------------------------------------------------- tunnels

    /** GRE version 0; its protocol field comes from the next layer (IPv4, IPv6, innerEthernet, ERSPAN). */
    public FrameBuilder gre() {
        return add(new TunnelLayers.Gre(0));
    }

    public FrameBuilder greKey(long key) {
        last(TunnelLayers.Gre.class).key = key;
        return this;
    }

    public FrameBuilder greSeq(long seq) {
        last(TunnelLayers.Gre.class).sequence = seq;
        return this;
    }

    public FrameBuilder greChecksum() {
        last(TunnelLayers.Gre.class).checksum = true;
        return this;
    }

    /** ERSPAN type II (GRE protocol 0x88be); adds GRE with a sequence number when the last layer is IP. */
    public FrameBuilder erspan2(int sessionId) {
        if (layers.getLast() instanceof IpLayers.Ip) {
            gre().greSeq(1);
        }
        return add(new TunnelLayers.Erspan(2, sessionId));
    }

    /** ERSPAN type III (GRE protocol 0x22eb); {@code platformSubheader} adds the optional 8 bytes. */
    public FrameBuilder erspan3(int sessionId, boolean platformSubheader) {
        if (layers.getLast() instanceof IpLayers.Ip) {
            gre().greSeq(1);
        }
        var e = new TunnelLayers.Erspan(3, sessionId);
        e.platformSubheader = platformSubheader;
        return add(e);
    }

    /** PPTP data: enhanced GRE (version 1, protocol 0x880b) carrying PPP with address/control bytes. */
    public FrameBuilder pptp(int callId) {
        var g = new TunnelLayers.Gre(1);
        g.callId = callId;
        g.sequence = 1L;
        add(g);
        return add(new TunnelLayers.Ppp());
    }

    /** VXLAN with the given VNI; adds UDP (port 4789) when the last layer is IP. */
    public FrameBuilder vxlan(int vni) {
        if (layers.getLast() instanceof IpLayers.Ip) {
            udp(49152, 4789);
        }
        return add(new TunnelLayers.Vxlan(vni));
    }

    /** Geneve with the given VNI; adds UDP (port 6081) when the last layer is IP. */
    public FrameBuilder geneve(int vni) {
        if (layers.getLast() instanceof IpLayers.Ip) {
            udp(49152, 6081);
        }
        return add(new TunnelLayers.Geneve(vni));
    }

    /** Geneve options (raw TLVs, padded to a multiple of 4) of the last Geneve header. */
    public FrameBuilder geneveOptions(byte[] options) {
        last(TunnelLayers.Geneve.class).options = options.clone();
        return this;
    }

    /** Teredo: UDP 3544 to 3544; follow with {@link #ipv6}. */
    public FrameBuilder teredo() {
        return udp(3544, 3544);
    }

    /** Teredo authentication indicator before the IPv6 packet. */
    public FrameBuilder teredoAuth(byte[] clientId, byte[] auth) {
        return add(new TunnelLayers.TeredoAuth(clientId.clone(), auth.clone()));
    }

    /** Teredo origin indication before the IPv6 packet. */
    public FrameBuilder teredoOrigin(int port, String ipv4) {
        return add(new TunnelLayers.TeredoOrigin(port, IpAddress.parseV4(ipv4)));
    }

    // ---------------------------------------------------------------- overrides and payload

    /** Overrides the "next protocol" value of the last layer (EtherType, IP protocol, next header, ...). */
    public FrameBuilder nextProtocol(int value) {
        layers.getLast().nextOverride = value;
        return this;
    }

    /** Overrides the checksum written by the last layer (to craft bad checksums). */
    public FrameBuilder checksum(int value) {
        layers.getLast().checksumOverride = value & 0xffff;
        return this;
    }

    public FrameBuilder payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    public FrameBuilder payload(String text) {
        payload = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    // ---------------------------------------------------------------- output

    public byte[] build() {
        return serialize(payload);
    }

    /**
     * Splits the datagram of the last IP header into fragments whose data part is at most
     * {@code maxFragmentData} bytes (rounded down to a multiple of 8), in order. IPv4 uses the
     * header's id (set it with {@link #id}); IPv6 gets a fragment header right after the IPv6
     * header with identification {@code id}.
     */
    public List<byte[]> buildFragments(int maxFragmentData, long id) {
        return fragmentsOf(lastIndex(IpLayers.Ip.class), maxFragmentData, id);
    }

    /** Like {@link #buildFragments} but fragments the outermost IP header (the tunnel's, when there is one). */
    public List<byte[]> buildOuterFragments(int maxFragmentData, long id) {
        int k = -1;
        for (int i = 0; i < layers.size() && k < 0; i++) {
            if (layers.get(i) instanceof IpLayers.Ip) {
                k = i;
            }
        }
        return fragmentsOf(k, maxFragmentData, id);
    }

    private List<byte[]> fragmentsOf(int k, int maxFragmentData, long id) {
        if (k < 0) {
            throw new IllegalStateException("no IP header to fragment");
        }
        int step = maxFragmentData & ~7;
        if (step <= 0) {
            throw new IllegalArgumentException("fragment data must be at least 8 bytes");
        }
        byte[] data = serializeFrom(k + 1, payload);
        var ip = (IpLayers.Ip) layers.get(k);
        int nextProto = ip.nextOverride >= 0 ? ip.nextOverride
                : (k + 1 < layers.size() ? layers.get(k + 1).ipProtocol(this, k + 1) : 253);
        List<Layer> saved = new ArrayList<>(layers);
        var out = new ArrayList<byte[]>();
        try {
            for (int off = 0; off < data.length || off == 0; off += step) {
                int n = Math.min(step, data.length - off);
                byte[] chunk = java.util.Arrays.copyOfRange(data, off, off + n);
                boolean more = off + n < data.length;
                layers.clear();
                layers.addAll(saved.subList(0, k + 1));
                int savedOverride = ip.nextOverride;
                if (ip instanceof IpLayers.Ipv4 v4) {
                    int o = v4.fragmentOffsetBytes;
                    boolean m = v4.moreFragments;
                    v4.fragmentOffsetBytes = off;
                    v4.moreFragments = more;
                    v4.id = (int) id;
                    ip.nextOverride = nextProto;
                    out.add(serialize(chunk));
                    v4.fragmentOffsetBytes = o;
                    v4.moreFragments = m;
                } else {
                    var fh = new IpLayers.Ipv6Fragment(off, more, id);
                    fh.nextOverride = nextProto;
                    ip.nextOverride = -1;
                    layers.add(fh);
                    out.add(serialize(chunk));
                }
                ip.nextOverride = savedOverride;
                if (n <= 0) {
                    break;
                }
            }
        } finally {
            layers.clear();
            layers.addAll(saved);
        }
        return out;
    }

    private byte[] serialize(byte[] innermost) {
        return serializeFrom(0, innermost);
    }

    private byte[] serializeFrom(int from, byte[] innermost) {
        byte[] inner = innermost;
        for (int i = layers.size() - 1; i >= from; i--) {
            inner = layers.get(i).wrap(this, i, inner);
        }
        return inner;
    }

    // ---------------------------------------------------------------- for layers

    Layer layerAt(int index) {
        return index >= 0 && index < layers.size() ? layers.get(index) : null;
    }

    /** The nearest IP header before the layer at index (its pseudo-header covers that layer). */
    IpLayers.Ip enclosingIp(int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (layers.get(i) instanceof IpLayers.Ip ip) {
                return ip;
            }
        }
        return null;
    }

    private FrameBuilder add(Layer layer) {
        layers.add(layer);
        return this;
    }

    private int lastIndex(Class<? extends Layer> type) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (type.isInstance(layers.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private <T extends Layer> T last(Class<T> type) {
        int i = lastIndex(type);
        if (i < 0) {
            throw new IllegalStateException("no " + type.getSimpleName() + " layer to modify; add one first");
        }
        return type.cast(layers.get(i));
    }
}
