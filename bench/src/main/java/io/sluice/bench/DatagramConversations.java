package io.sluice.bench;

import static io.sluice.packet.craft.BerBytes.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The UDP services without a crafting helper in core, written from their RFCs: TFTP, SNMP, NTP and DHCP. */
final class DatagramConversations {
    /** Seconds from 1900 (NTP's era 0) to 1970. */
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;
    private static final long NOW_UNIX = 1_772_442_000L;

    private DatagramConversations() {}

    /**
     * A TFTP read (RFC 1350) of a 7,700-byte file: RRQ in octet mode, 16 DATA blocks of 512 bytes
     * (the last one short) each answered by its ACK. A server answers from a fresh port, which makes
     * a second flow; here the transfer stays on the request's flow (as some embedded servers and
     * NATs deliver it), so one dissector sees the request and the blocks and writes one row.
     */
    static List<Conversations.Chunk> tftp() {
        var c = new ArrayList<Conversations.Chunk>();
        c.add(new Conversations.Chunk(true, new WireBytes().u16(1).ascii("pxelinux.cfg/01-52-54-00-12-34-56").u8(0)
                .ascii("octet").u8(0).bytes()));
        int size = 7_700;
        for (int block = 1, off = 0; off <= size; block++, off += 512) {
            int n = Math.min(512, size - off);
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) data[i] = (byte) ('a' + (off + i) % 26);
            c.add(new Conversations.Chunk(false, new WireBytes().u16(3).u16(block).raw(data).bytes()));
            c.add(new Conversations.Chunk(true, new WireBytes().u16(4).u16(block).bytes()));
            if (n < 512) break;
        }
        return c;
    }

    /**
     * An SNMPv2c poll (RFC 3416): a GetRequest for the system group (sysDescr, sysObjectID,
     * sysUpTime, sysContact, sysName, sysLocation) and its Response, then a GetBulkRequest over
     * ifDescr answered with four interfaces.
     */
    static List<Conversations.Chunk> snmp() {
        int[][] system = {{1, 3, 6, 1, 2, 1, 1, 1, 0}, {1, 3, 6, 1, 2, 1, 1, 2, 0}, {1, 3, 6, 1, 2, 1, 1, 3, 0},
            {1, 3, 6, 1, 2, 1, 1, 4, 0}, {1, 3, 6, 1, 2, 1, 1, 5, 0}, {1, 3, 6, 1, 2, 1, 1, 6, 0}};
        byte[] nul = {0x05, 0x00};
        var ask = new ArrayList<byte[]>();
        for (int[] o : system) ask.add(seq(oid(o), nul));
        byte[][] values = {
            octets("Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11"),
            oid(new int[] {1, 3, 6, 1, 4, 1, 9, 1, 1208}),
            tlv(0x43, unsigned(123_456_789L)), // TimeTicks: 14 days
            octets("netops@corp.example"), octets("sw-floor2"), octets("Building A, floor 2, rack 3")};
        var got = new ArrayList<byte[]>();
        for (int i = 0; i < system.length; i++) got.add(seq(oid(system[i]), values[i]));
        var c = new ArrayList<Conversations.Chunk>();
        c.add(new Conversations.Chunk(true, message(0xa0, 0x1b2c, 0, 0, ask)));
        c.add(new Conversations.Chunk(false, message(0xa2, 0x1b2c, 0, 0, got)));
        c.add(new Conversations.Chunk(true, message(0xa5, 0x1b2d, 0, 4, List.of(seq(oid(new int[] {1, 3, 6, 1, 2, 1, 2, 2, 1, 2}), nul)))));
        var ifs = new ArrayList<byte[]>();
        for (int i = 1; i <= 4; i++) ifs.add(seq(oid(new int[] {1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 10100 + i}), octets("GigabitEthernet0/" + i)));
        c.add(new Conversations.Chunk(false, message(0xa2, 0x1b2d, 0, 0, ifs)));
        return c;
    }

    /** A v2c message: version 1, community "public", the PDU (for GetBulk the two error fields are non-repeaters, max-repetitions). */
    private static byte[] message(int pdu, int requestId, int errorStatus, int errorIndex, List<byte[]> varbinds) {
        return seq(integer(1), octets("public"), tlv(pdu, integer(requestId), integer(errorStatus), integer(errorIndex),
                seq(varbinds.toArray(byte[][]::new))));
    }

    /** An OBJECT IDENTIFIER (X.690 8.19): the first two arcs in one octet, the rest base 128. */
    private static byte[] oid(int[] arcs) {
        var out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) shift -= 7;
            for (; shift > 0; shift -= 7) out.write(0x80 | (v >>> shift) & 0x7f);
            out.write(v & 0x7f);
        }
        return tlv(0x06, out.toByteArray());
    }

    /** The content octets of a non-negative INTEGER-like value (a leading zero when the top bit is set). */
    private static byte[] unsigned(long v) {
        byte[] full = integer(v);
        return java.util.Arrays.copyOfRange(full, 2, full.length);
    }

    /**
     * An NTPv4 client poll (RFC 5905): the client's mode 3 packet with its transmit time, the
     * stratum 2 server's mode 4 answer with reference id, reference, origin, receive and transmit
     * times; twice, as ntpd's first exchanges are.
     */
    static List<Conversations.Chunk> ntp() {
        var c = new ArrayList<Conversations.Chunk>();
        for (int i = 0; i < 2; i++) {
            long t = ntpTime(NOW_UNIX + 64L * i, 0x1234_5678L);
            c.add(new Conversations.Chunk(true, new WireBytes().u8(0x23).u8(0).u8(6).u8(0xe9).u32(0).u32(0).u32(0)
                    .u64(0).u64(0).u64(0).u64(t).bytes()));
            long rec = t + 0x0040_0000L, xmt = rec + 0x0000_8000L;
            c.add(new Conversations.Chunk(false, new WireBytes().u8(0x24).u8(2).u8(6).u8(0xe7).u32(0x0000_0a3d).u32(0x0000_0d1f)
                    .raw(new byte[] {(byte) 192, 0, 2, 123}).u64(ntpTime(NOW_UNIX - 900, 0)).u64(t).u64(rec).u64(xmt).bytes()));
        }
        return c;
    }

    private static long ntpTime(long unixSeconds, long fraction) {
        return (unixSeconds + NTP_UNIX_OFFSET) << 32 | fraction;
    }

    /**
     * A lease through a relay (RFC 2131, RFC 3046): the relay agent (giaddr) forwards the client's
     * DISCOVER and REQUEST to the server's port 67 and gets the OFFER and ACK back on the same
     * flow, which is how the four messages of one exchange share a connection. Options as a
     * Windows client sends them: client id, host name, vendor class, parameter list, FQDN.
     */
    static List<Conversations.Chunk> dhcp() {
        byte[] mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        byte[] offered = {10, 0, 20, 57}, server = {10, 0, 0, 5}, relay = {10, 0, 20, 1};
        byte[] params = {1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, (byte) 249, (byte) 252};
        byte[] clientId = new byte[7];
        clientId[0] = 1;
        System.arraycopy(mac, 0, clientId, 1, 6);
        var c = new ArrayList<Conversations.Chunk>();
        var discover = new WireBytes().raw(bootp(1, mac, new byte[4], new byte[4], relay))
                .u8(53).u8(1).u8(1).u8(61).u8(7).raw(clientId).u8(12).u8(5).ascii("WS042").u8(60).u8(8).ascii("MSFT 5.0")
                .u8(55).u8(params.length).raw(params).u8(255);
        c.add(new Conversations.Chunk(true, discover.bytes()));
        c.add(new Conversations.Chunk(false, serverReply(2, mac, offered, server, relay)));
        var request = new WireBytes().raw(bootp(1, mac, new byte[4], new byte[4], relay))
                .u8(53).u8(1).u8(3).u8(61).u8(7).raw(clientId).u8(50).u8(4).raw(offered).u8(54).u8(4).raw(server)
                .u8(12).u8(5).ascii("WS042").u8(81).u8(21).u8(0).u8(0).u8(0).ascii("WS042.corp.example")
                .u8(60).u8(8).ascii("MSFT 5.0").u8(55).u8(params.length).raw(params).u8(255);
        c.add(new Conversations.Chunk(true, request.bytes()));
        c.add(new Conversations.Chunk(false, serverReply(5, mac, offered, server, relay)));
        return c;
    }

    /** OFFER (2) or ACK (5): lease, server id, mask, router, DNS servers, domain. */
    private static byte[] serverReply(int type, byte[] mac, byte[] yiaddr, byte[] server, byte[] relay) {
        return new WireBytes().raw(bootp(2, mac, new byte[4], yiaddr, relay))
                .u8(53).u8(1).u8(type).u8(54).u8(4).raw(server).u8(51).u8(4).u32(691_200).u8(58).u8(4).u32(345_600)
                .u8(59).u8(4).u32(604_800).u8(1).u8(4).raw(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0})
                .u8(3).u8(4).raw(relay).u8(6).u8(8).raw(server).raw(new byte[] {10, 0, 0, 6})
                .u8(15).u8(12).ascii("corp.example").u8(255).bytes();
    }

    /** The fixed BOOTP part (RFC 2131 2), one relay hop, and the magic cookie. */
    private static byte[] bootp(int op, byte[] mac, byte[] ciaddr, byte[] yiaddr, byte[] giaddr) {
        return new WireBytes().u8(op).u8(1).u8(6).u8(1).u32(0x5c3a_91e7L).u16(0).u16(0)
                .raw(ciaddr).raw(yiaddr).zeros(4).raw(giaddr).raw(mac).zeros(10).zeros(64).zeros(128)
                .u32(0x6382_5363L).bytes();
    }
}
