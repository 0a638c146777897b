package io.sluice.bench;

import java.util.List;

/**
 * The name services that go through the DNS dissector on their own ports (NBNS 137, LLMNR 5355,
 * mDNS 5353), each a two-way exchange on one flow. Their usual multicast or broadcast queries are
 * answered from another address, which makes the answer a flow of its own; the unicast forms
 * below (a query to the WINS server, an LLMNR query to a known peer, an mDNS one-shot query to
 * a device's port 5353) keep question and answer together, so the dissector pairs them.
 */
final class NameServiceConversations {
    private NameServiceConversations() {}

    /**
     * Two NBNS name queries to a WINS server (RFC 1002 4.2.12, 4.2.13): FS01&lt;20&gt; (a file
     * server) with one address, CORP&lt;1C&gt; (the domain's controllers) with two.
     */
    static List<Conversations.Chunk> nbns() {
        var q1 = new WireBytes().u16(0x8a01).u16(0x0100).u16(1).u16(0).u16(0).u16(0).raw(netbiosName("FS01", 0x20)).u16(0x20).u16(1);
        var r1 = new WireBytes().u16(0x8a01).u16(0x8580).u16(0).u16(1).u16(0).u16(0).raw(netbiosName("FS01", 0x20)).u16(0x20)
                .u16(1).u32(300_000).u16(6).u16(0x0000).raw(new byte[] {10, 0, 0, 21});
        var q2 = new WireBytes().u16(0x8a02).u16(0x0100).u16(1).u16(0).u16(0).u16(0).raw(netbiosName("CORP", 0x1c)).u16(0x20).u16(1);
        var r2 = new WireBytes().u16(0x8a02).u16(0x8580).u16(0).u16(1).u16(0).u16(0).raw(netbiosName("CORP", 0x1c)).u16(0x20)
                .u16(1).u32(300_000).u16(12).u16(0x6000).raw(new byte[] {10, 0, 0, 5}).u16(0x6000).raw(new byte[] {10, 0, 0, 6});
        return List.of(new Conversations.Chunk(true, q1.bytes()), new Conversations.Chunk(false, r1.bytes()),
                new Conversations.Chunk(true, q2.bytes()), new Conversations.Chunk(false, r2.bytes()));
    }

    /** A NetBIOS name in first-level encoding (RFC 1001 14.1): 15 characters padded with spaces and the suffix, each nibble + 'A'. */
    private static byte[] netbiosName(String name, int suffix) {
        var b = new WireBytes().u8(32);
        String padded = String.format("%-15s", name);
        for (int i = 0; i < 16; i++) {
            int ch = i < 15 ? padded.charAt(i) : suffix;
            b.u8('A' + (ch >>> 4)).u8('A' + (ch & 0xf));
        }
        return b.u8(0).bytes();
    }

    /** Windows' LLMNR lookups of a peer (RFC 4795 2.1.1): A and AAAA for "fs01", each answered (the question repeated, the answer name compressed). */
    static List<Conversations.Chunk> llmnr() {
        var qa = new WireBytes().u16(0x5b1f).u16(0).u16(1).u16(0).u16(0).u16(0).name("fs01").u16(1).u16(1);
        var ra = new WireBytes().u16(0x5b1f).u16(0x8000).u16(1).u16(1).u16(0).u16(0).name("fs01").u16(1).u16(1)
                .u16(0xc00c).u16(1).u16(1).u32(30).u16(4).raw(new byte[] {10, 0, 0, 21});
        var q6 = new WireBytes().u16(0x5b20).u16(0).u16(1).u16(0).u16(0).u16(0).name("fs01").u16(28).u16(1);
        var r6 = new WireBytes().u16(0x5b20).u16(0x8000).u16(1).u16(1).u16(0).u16(0).name("fs01").u16(28).u16(1)
                .u16(0xc00c).u16(28).u16(1).u32(30).u16(16).u16(0xfe80).zeros(6).u32(0x5054_00ffL).u32(0xfe12_3456L);
        return List.of(new Conversations.Chunk(true, qa.bytes()), new Conversations.Chunk(false, ra.bytes()),
                new Conversations.Chunk(true, q6.bytes()), new Conversations.Chunk(false, r6.bytes()));
    }

    /**
     * An mDNS one-shot query (RFC 6762 5.1, 6.7) for IPP printers, answered by the printer with the
     * PTR, and SRV, TXT and A records as additional data (DNS-SD, RFC 6763).
     */
    static List<Conversations.Chunk> mdns() {
        var q = new WireBytes().u16(0x3a7e).u16(0).u16(1).u16(0).u16(0).u16(0).name("_ipp._tcp.local").u16(12).u16(1);
        byte[] instance = new WireBytes().u8(14).ascii("Office Printer").u16(0xc00c).bytes(); // at offset 45
        byte[] txt = new WireBytes().u8(9).ascii("txtvers=1").u8(12).ascii("rp=ipp/print").u8(14).ascii("ty=HP LaserJet")
                .u8(10).ascii("pdl=app/pdf").bytes();
        var r = new WireBytes().u16(0x3a7e).u16(0x8400).u16(1).u16(1).u16(0).u16(3).name("_ipp._tcp.local").u16(12).u16(1)
                .u16(0xc00c).u16(12).u16(1).u32(10).u16(instance.length).raw(instance)
                .u16(0xc000 | 45).u16(33).u16(1).u32(10).u16(6 + 15).u16(0).u16(0).u16(631).name("printer.local")
                .u16(0xc000 | 45).u16(16).u16(1).u32(10).u16(txt.length).raw(txt)
                .name("printer.local").u16(1).u16(1).u32(10).u16(4).raw(new byte[] {10, 0, 0, 7});
        return List.of(new Conversations.Chunk(true, q.bytes()), new Conversations.Chunk(false, r.bytes()));
    }
}
