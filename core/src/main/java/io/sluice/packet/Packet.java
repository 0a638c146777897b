package io.sluice.packet;

import java.nio.ByteBuffer;

/**
 * One decoded packet as a flyweight: the offsets and header values of each layer over the bytes
 * of the capture, without copying them. One instance is reused for every packet (per tunnel
 * depth), so nothing is allocated on the hot path; {@link #reset} clears it.
 *
 * <p>Fields are public and mutable on purpose: the decoder fills them and the flow meter reads
 * them in the same thread, like a C struct; accessor methods would add nothing but noise. Values
 * are valid until the next packet. Addresses are kept as two longs each (IPv6 high and low 64
 * bits); IPv4 addresses are stored IPv4-mapped ({@code ::ffff:a.b.c.d}) so that every address
 * compares and hashes the same way.
 */
public final class Packet {

    // ---- capture ----
    public long tsNanos;
    /** The buffer that holds the layers from {@link #l3Offset} on (the reassembly buffer after IP reassembly). */
    public ByteBuffer buf;
    public int linkType;
    /** First byte of the frame in {@link #buf}. */
    public int frameOffset;
    /** Bytes captured (snap length applied) from {@link #frameOffset}. */
    public int capLen;
    /** Bytes on the wire. */
    public int wireLen;

    // ---- link layer ----
    public long srcMac = -1;
    public long dstMac = -1;
    /** EtherType of the network layer, or 0. */
    public int etherType;
    /** 802.1Q VLAN id of the outer tag, -1 when untagged. */
    public int vlan = -1;
    /** VLAN id of the inner tag (QinQ), -1 when absent. */
    public int innerVlan = -1;
    /** Number of MPLS labels popped. */
    public int mplsDepth;

    // ---- network layer ----
    /** 4 or 6 when an IP header was decoded, 0 otherwise (ARP, unknown EtherType). */
    public int ipVersion;
    public int l3Offset = -1;
    public long srcHi, srcLo, dstHi, dstLo;
    /**
     * IP bytes of this packet as the IP header states them (IPv4 total length; IPv6 40 + payload
     * length), not as captured: Zeek's {@code orig_ip_bytes} counts these.
     */
    public int ipLength;
    public int ttl;
    /** Transport protocol number after IPv6 extension headers (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...). */
    public int ipProto = -1;
    /** True when this packet is a fragment that is not (yet) reassembled; no transport layer then. */
    public boolean fragment;
    /** True when {@link #buf} is the reassembler's buffer holding a reassembled datagram. */
    public boolean reassembled;

    // ---- transport layer ----
    public int l4Offset = -1;
    public int srcPort, dstPort;
    /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags;
    /** TCP sequence and acknowledgement numbers as unsigned 32-bit values. */
    public long seq, ack;
    public int window;
    public int icmpType = -1, icmpCode = -1;
    /** Start of the transport payload in {@link #buf}. */
    public int payloadOffset = -1;
    /** Payload length as the headers state it (IP length minus headers), which may exceed what was captured. */
    public int payloadLength;
    /** Payload bytes actually present in the capture (at most {@link #payloadLength}). */
    public int payloadCaptured;

    // ---- encapsulation: set when this packet carries a tunnelled inner packet ----
    public Tunnel tunnel = Tunnel.NONE;
    /** Offset of the inner frame in {@link #buf}, valid when {@link #tunnel} is not NONE. */
    public int innerOffset = -1;
    /** Captured bytes of the inner frame. */
    public int innerCapLen;
    /** Link type of the inner frame: ETHERNET (VXLAN, GRE transparent bridging) or RAW (IP). */
    public int innerLinkType;

    /** VXLAN / Geneve network identifier of the tunnel this packet carries, -1 otherwise. */
    public int vni = -1;
    /** 0 for the outermost packet, 1 for a packet decoded from a tunnel, and so on. */
    public int tunnelDepth;

    // ---- ARP (ipVersion == 0, etherType == 0x0806) ----
    public int arpOperation;
    public long arpSenderMac, arpTargetMac;
    /** IPv4 addresses of an Ethernet/IPv4 ARP packet as big-endian ints. */
    public int arpSenderIp, arpTargetIp;

    /** Why decoding stopped early, or NONE. A packet with an error is counted, never thrown. */
    public DecodeError error = DecodeError.NONE;

    // ---- checksums verified ahead, on the decoding thread (0: not yet, else VALID or BAD) ----
    public static final byte VALID = 1, BAD = 2;
    /** The IPv4 header checksum's verdict, when it was worked out before metering. */
    public byte ipChecksum;
    /** The transport checksum's verdict (Zeek's rule, {@code TransportChecksums}), when worked out before metering. */
    public byte transportChecksum;

    public void reset() {
        tsNanos = 0; buf = null; linkType = 0; frameOffset = 0; capLen = 0; wireLen = 0;
        srcMac = -1; dstMac = -1; etherType = 0; vlan = -1; innerVlan = -1; mplsDepth = 0;
        ipVersion = 0; l3Offset = -1; srcHi = srcLo = dstHi = dstLo = 0; ipLength = 0; ttl = 0;
        ipProto = -1; fragment = false; reassembled = false;
        l4Offset = -1; srcPort = dstPort = 0; tcpFlags = 0; seq = ack = 0; window = 0;
        icmpType = -1; icmpCode = -1; payloadOffset = -1; payloadLength = 0; payloadCaptured = 0;
        tunnel = Tunnel.NONE; innerOffset = -1; innerCapLen = 0; innerLinkType = 0; vni = -1; tunnelDepth = 0;
        arpOperation = 0; arpSenderMac = arpTargetMac = 0; arpSenderIp = arpTargetIp = 0; error = DecodeError.NONE;
        ipChecksum = 0; transportChecksum = 0;
    }

    /**
     * The end of the captured bytes of this packet's layers in {@link #buf}: the reassembled
     * datagram's end after IP reassembly, else the frame's.
     */
    public int captureEnd() {
        long end = reassembled ? (long) l3Offset + ipLength : (long) frameOffset + capLen;
        return (int) Math.min(end, buf.limit());
    }

    /**
     * Clears the packet and points it at one captured frame (a {@code PacketSource}'s current
     * packet), ready for {@code PacketDecoder.decode}.
     */
    public void frame(long tsNanos, ByteBuffer buf, int linkType, int frameOffset, int capLen, int wireLen) {
        reset();
        this.tsNanos = tsNanos;
        this.buf = buf;
        this.linkType = linkType;
        this.frameOffset = frameOffset;
        this.capLen = capLen;
        this.wireLen = wireLen;
    }

    public boolean isTcp() {
        return ipProto == 6 && l4Offset >= 0;
    }

    public boolean isUdp() {
        return ipProto == 17 && l4Offset >= 0;
    }

    public boolean isIcmp() {
        return (ipProto == 1 || ipProto == 58) && l4Offset >= 0;
    }

    public boolean hasFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }

    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;
}
