package io.sluice.protocol.dns;

import static io.sluice.protocol.dns.DnsBytes.QUERY_RD;
import static io.sluice.protocol.dns.DnsBytes.RESPONSE;
import static io.sluice.protocol.dns.DnsBytes.data;
import static io.sluice.protocol.dns.DnsBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Ds0029Component;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsDissectorTest {
    private static final long T0 = 1_600_000_000_000_000_000L;

    private static byte[] query(int id, String name, int qtype) {
        return header(id, QUERY_RD, 1, 0, 0, 0).question(name, qtype, 1).build();
    }

    /** A response whose answers point back at the question name (offset 12), as servers write them. */
    private static byte[] compressedAResponse(int id, int flags, String name, String... addresses) {
        var b = header(id, flags, 1, addresses.length, 0, 0).question(name, 1, 1);
        for (String a : addresses) {
            b.pointer(12).u16(1).u16(1).u32(300).u16(4);
            for (String octet : a.split("\\.")) b.u8(Integer.parseInt(octet));
        }
        return b.build();
    }

    private static void udp(DnsDissector d, RecordingContext ctx, boolean fromOrig, long ts, byte[] m) {
        ctx.ts = ts;
        d.onData(fromOrig, ByteBuffer.wrap(m), 0, m.length, ctx);
    }

    private static List<DnsTransaction> rows(RecordingContext ctx) {
        return ctx.eventsOf(DnsTransaction.class);
    }

    @Test
    void pairsAQueryWithItsResponse() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(0x1234, "WWW.Example.com", 1));
        assertThat(rows(ctx)).isEmpty();
        udp(d, ctx, false, T0 + 18_166_000, compressedAResponse(0x1234, RESPONSE | 0x0400, "WWW.Example.com",
                "93.184.216.34", "93.184.216.35"));
        d.onEnd(ctx);

        assertThat(rows(ctx)).hasSize(1);
        DnsTransaction t = rows(ctx).get(0);
        assertThat(t.tsNanos()).isEqualTo(T0);
        assertThat(t.uid()).isEqualTo(ctx.uid());
        assertThat(t.id()).isEqualTo(ctx.id());
        assertThat(t.proto()).isEqualTo("udp");
        assertThat(t.transId()).isEqualTo(0x1234);
        assertThat(t.rttNanos()).isEqualTo(18_166_000L);
        assertThat(t.query()).isEqualTo("www.example.com");
        assertThat(t.originalQuery()).isEqualTo("WWW.Example.com");
        assertThat(t.qclass()).isEqualTo(1);
        assertThat(t.qclassName()).isEqualTo("C_INTERNET");
        assertThat(t.qtype()).isEqualTo(1);
        assertThat(t.qtypeName()).isEqualTo("A");
        assertThat(t.rcode()).isZero();
        assertThat(t.rcodeName()).isEqualTo("NOERROR");
        assertThat(t.aa()).isTrue();
        assertThat(t.tc()).isFalse();
        assertThat(t.rd()).isTrue();
        assertThat(t.ra()).isTrue();
        assertThat(t.z()).isZero();
        assertThat(t.answers()).containsExactly("93.184.216.34", "93.184.216.35");
        assertThat(t.ttls()).containsExactly(300L, 300L);
        assertThat(t.rejected()).isFalse();
        assertThat(t.opcode()).isZero();
        assertThat(t.opcodeName()).isEqualTo("query");
        assertThat(t.component()).isEqualTo(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        assertThat(ctx.confirmed).containsExactly("dns");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void emitsUnansweredQueriesAtTheEndInArrivalOrder() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(7, "a.example", 255));
        udp(d, ctx, true, T0 + 5, query(7, "a.example", 255));
        udp(d, ctx, true, T0 + 9, query(8, "b.example", 28));
        assertThat(rows(ctx)).isEmpty();
        d.onEnd(ctx);
        assertThat(rows(ctx)).extracting(DnsTransaction::query).containsExactly("a.example", "a.example", "b.example");
        DnsTransaction first = rows(ctx).get(0);
        assertThat(first.qtypeName()).isEqualTo("*");
        assertThat(first.rcode()).isNull();
        assertThat(first.rcodeName()).isNull();
        assertThat(first.rttNanos()).isNull();
        assertThat(first.answers()).isNull();
        assertThat(first.ttls()).isNull();
    }

    @Test
    void matchesResponsesFirstInFirstOutPerTransactionId() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(1, "one.example", 1));
        udp(d, ctx, true, T0 + 1, query(2, "two.example", 1));
        udp(d, ctx, true, T0 + 2, query(1, "three.example", 1));
        udp(d, ctx, false, T0 + 10, compressedAResponse(2, RESPONSE, "two.example", "2.2.2.2"));
        udp(d, ctx, false, T0 + 11, compressedAResponse(1, RESPONSE, "one.example", "1.1.1.1"));
        udp(d, ctx, false, T0 + 12, compressedAResponse(1, RESPONSE, "three.example", "3.3.3.3"));
        assertThat(rows(ctx)).extracting(DnsTransaction::query).containsExactly("two.example", "one.example", "three.example");
        assertThat(rows(ctx)).extracting(DnsTransaction::rttNanos).containsExactly(9L, 11L, 10L);
        d.onEnd(ctx);
        assertThat(rows(ctx)).hasSize(3);
    }

    @Test
    void aResponseWithoutQueryTakesItsNameFromTheFirstAnswerAndFlipsTheRoles() {
        // The capture starts with the response, seen from the server as originator.
        var ctx = RecordingContext.udp("10.91.1.59", 53, "10.91.0.62", 57806);
        var d = new DnsDissector();
        var m = header(64161, 0x8080, 1, 1, 0, 0).question("Mail.vladg.net", 99, 1)
                .pointer(12).u16(99).u16(1).u32(300).u16(15).u8(14).ascii("v=spf1 mx -all").build();
        udp(d, ctx, true, T0, m);
        assertThat(rows(ctx)).isEmpty();
        d.onEnd(ctx);
        DnsTransaction t = rows(ctx).get(0);
        assertThat(t.id().origH()).isEqualTo("10.91.0.62");
        assertThat(t.id().origP()).isEqualTo(57806);
        assertThat(t.id().respH()).isEqualTo("10.91.1.59");
        assertThat(t.id().respP()).isEqualTo(53);
        assertThat(t.query()).isEqualTo("mail.vladg.net");
        assertThat(t.qclass()).isNull();
        assertThat(t.qtype()).isNull();
        assertThat(t.rttNanos()).isNull();
        assertThat(t.rd()).isFalse();
        assertThat(t.ra()).isTrue();
        assertThat(t.answers()).containsExactly("SPF 14 v=spf1 mx -all");
        assertThat(t.ttls()).containsExactly(300L);
    }

    @Test
    void keepsZeeksQuirkThatAResponseWithoutAnswersSetsNeitherAaNorRaNorRtt() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(9, "nope.example", 1));
        // NXDOMAIN, AA and RA set, an SOA in the authority section only.
        var soa = data().name("ns.example").name("host.example").u32(1).u32(7200).u32(900).u32(1209600).u32(86400).build();
        udp(d, ctx, false, T0 + 100, header(9, 0x8583, 1, 0, 1, 0).question("nope.example", 1, 1)
                .record("example", 6, 1, 899, soa).build());
        DnsTransaction t = rows(ctx).get(0);
        assertThat(t.rcode()).isEqualTo(3);
        assertThat(t.rcodeName()).isEqualTo("NXDOMAIN");
        assertThat(t.aa()).isFalse();
        assertThat(t.ra()).isFalse();
        assertThat(t.rttNanos()).isNull();
        assertThat(t.answers()).isNull();
        assertThat(t.rejected()).isFalse();
    }

    @Test
    void marksAResponseWithoutAnyRecordAsRejected() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(9, "x.example", 1));
        udp(d, ctx, false, T0 + 1, header(9, 0x8185, 1, 0, 0, 0).question("x.example", 1, 1).build());
        assertThat(rows(ctx).get(0).rejected()).isTrue();
        assertThat(rows(ctx).get(0).rcodeName()).isEqualTo("REFUSED");
    }

    @Test
    void ignoresOpcodesZeekDoesNotTrack() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, header(3, 0x1000, 1, 0, 0, 0).question("x.example", 1, 1).build()); // opcode 2
        d.onEnd(ctx);
        assertThat(rows(ctx)).isEmpty();
    }

    @Test
    void logsEveryMessageToAMulticastResponderOnItsOwn() {
        var ctx = RecordingContext.udp("192.168.1.5", 5353, "224.0.0.251", 5353);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, header(0, 0, 1, 0, 0, 0).question("_ipp._tcp.local", 12, 0x8001).build());
        assertThat(rows(ctx)).hasSize(1);
        assertThat(rows(ctx).get(0).qclassName()).isEqualTo("qclass-32769");
        var ptr = data().name("printer._ipp._tcp.local").build();
        udp(d, ctx, true, T0 + 1, header(0, 0x8400, 0, 1, 0, 0).record("_ipp._tcp.local", 12, 1, 4500, ptr).build());
        assertThat(rows(ctx)).hasSize(2);
        DnsTransaction answer = rows(ctx).get(1);
        assertThat(answer.id()).isEqualTo(ctx.id()); // no role flip towards a multicast group
        assertThat(answer.query()).isEqualTo("_ipp._tcp.local");
        assertThat(answer.answers()).containsExactly("printer._ipp._tcp.local");
        d.onEnd(ctx);
        assertThat(rows(ctx)).hasSize(2);
    }

    @Test
    void decodesNetbiosQueryNamesOnPort137() {
        var ctx = RecordingContext.udp("10.0.0.5", 137, "10.0.0.255", 137);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, header(0x8001, 0x0110, 1, 0, 0, 0)
                .question("FHEPFCELEHFCEPFFFACACACACACACABN", 0x20, 1).build());
        d.onEnd(ctx);
        DnsTransaction t = rows(ctx).get(0);
        assertThat(t.query()).isEqualTo("WORKGROUP");
        assertThat(t.qtypeName()).isEqualTo("NIMLOC"); // Zeek names type 32 by its DNS meaning, even for NBNS
        assertThat(t.opcodeName()).isEqualTo("netbios-query");
    }

    @Test
    void rendersEachRecordTypeAsZeekDoes() {
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) 0xb8;
        v6[15] = 1;
        var rrsig = data().u16(48).u8(5).u8(2).u32(7200).u32(1).u32(2).u16(18463).name("UPenn.edu").ascii("sig").build();
        var rrsigRoot = data().u16(6).u8(8).u8(0).u32(7200).u32(1).u32(2).u16(1).name("").ascii("sig").build();
        var dnskey = data().u16(257).u8(3).u8(8).ascii("key").build();
        var ds = data().u16(2371).u8(13).u8(2).ascii("digest").build();
        var sshfp = data().u8(1).u8(1).bytes(new byte[] {0x19, (byte) 0x8c, 0x34}).build();
        var nsec = data().name("b.example").u8(0).u8(1).u8(0x40).build();
        var nsec3 = data().u8(1).u8(0).u16(0).u8(0).u8(1).u8(0xaa).u8(0).u8(1).u8(0x40).build();
        var loc = data().u8(0).u8(0x12).u8(0x16).u8(0x13).u32(1).u32(2).u32(3).build();
        var naptr = data().u16(100).u16(100).u8(1).ascii("s").u8(8).ascii("SIPS+D2T").u8(0).name("_sips._tcp.example").build();
        var txt = data().u8(5).ascii("hello").u8(0).u8(3).ascii("a b").build();
        var mx = data().u16(10).name("MAIL.example").build();
        var srv = data().u16(20).u16(1).u16(5060).name("sip.example").build();
        var soa = data().name("ns1.example").name("admin.example").u32(1).u32(2).u32(3).u32(4).u32(5).build();
        var https = data().u16(1).name("").u16(1).u16(3).u8(2).ascii("h2").build();
        var caa = data().u8(0).u8(5).ascii("issue").ascii("ca.example").build();
        var hinfo = data().u8(3).ascii("cpu").u8(2).ascii("os").build();
        var m = header(5, RESPONSE, 1, 21, 0, 0).question("example", 255, 1)
                .record("example", 1, 1, 1, new byte[] {10, 0, 0, 1})
                .record("example", 28, 1, 2, v6)
                .record("example", 5, 1, 3, data().name("Alias.example").build())
                .record("example", 2, 1, 4, data().name("ns.example").build())
                .record("example", 15, 1, 5, mx)
                .record("example", 6, 1, 6, soa)
                .record("example", 16, 1, 7, txt)
                .record("example", 33, 1, 8, srv)
                .record("example", 46, 1, 9, rrsig)
                .record("example", 46, 1, 10, rrsigRoot)
                .record("example", 48, 1, 11, dnskey)
                .record("example", 43, 1, 12, ds)
                .record("example", 44, 1, 13, sshfp)
                .record("a.example", 47, 1, 14, nsec)
                .record("example", 50, 1, 15, nsec3)
                .record("example", 29, 1, 16, loc)
                .record("example", 35, 1, 17, naptr)
                .record("example", 10, 1, 18, new byte[] {1, 2})
                .record("example", 65, 1, 19, https)
                .record("example", 257, 1, 20, caa)
                .record("example", 13, 1, 21, hinfo)
                .build();
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, query(5, "example", 255));
        udp(d, ctx, false, T0 + 1, m);
        DnsTransaction t = rows(ctx).get(0);
        assertThat(t.answers()).containsExactly(
                "10.0.0.1",
                "2001:db8::1",
                "alias.example",
                "ns.example",
                "mail.example",
                "ns1.example",
                "TXT 5 hello TXT 0  TXT 3 a b",
                "sip.example",
                "RRSIG 48 upenn.edu",
                "RRSIG 6 <Root>",
                "DNSKEY 8",
                "DS 13 2",
                "SSHFP: 198c34",
                "NSEC a.example b.example",
                "NSEC3",
                "LOC:  18 22 19",
                "NAPTR 100 100 s SIPS+D2T _sips._tcp.example",
                "<unknown type=10>");
        assertThat(t.ttls()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
        assertThat(ctx.weirds).containsExactly(new RecordingContext.Weird("DNS_RR_unknown_type", "10"));
    }

    /** The thread's one parser serves interleaved connections: weirds go to the connection whose message it was. */
    @Test
    void interleavedConnectionsKeepTheirOwnWeirdsAndRows() {
        var bad = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var good = RecordingContext.udp("10.0.0.2", 40001, "10.0.0.53", 53);
        var dBad = new DnsDissector();
        var dGood = new DnsDissector();
        byte[] overrun = header(1, RESPONSE, 1, 2, 0, 0).question("x.example", 1, 1)
                .record("x.example", 1, 1, 5, new byte[] {1, 2, 3, 4})
                .name("x.example").u16(1).u16(1).u32(5).u16(40).u8(1).build();
        udp(dGood, good, true, T0, query(7, "a.example", 1));
        udp(dBad, bad, false, T0, overrun);
        udp(dGood, good, false, T0 + 1000, compressedAResponse(7, RESPONSE, "a.example", "192.0.2.1"));
        dBad.onEnd(bad);
        dGood.onEnd(good);
        assertThat(bad.weirds).extracting(RecordingContext.Weird::name).containsExactly("DNS_truncated_RR_rdlength_lt_len");
        assertThat(good.weirds).isEmpty();
        assertThat(rows(good)).singleElement().satisfies(t -> {
            assertThat(t.query()).isEqualTo("a.example");
            assertThat(t.answers()).containsExactly("192.0.2.1");
        });
    }

    @Test
    void stopsAtARecordWhoseRdataOverrunsTheMessage() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        byte[] m = header(1, RESPONSE, 1, 2, 0, 0).question("x.example", 1, 1)
                .record("x.example", 1, 1, 5, new byte[] {1, 2, 3, 4})
                .name("x.example").u16(1).u16(1).u32(5).u16(40).u8(1).build();
        udp(d, ctx, false, T0, m);
        d.onEnd(ctx);
        assertThat(rows(ctx).get(0).answers()).containsExactly("1.2.3.4");
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("DNS_truncated_RR_rdlength_lt_len");
        assertThat(ctx.confirmed).isEmpty();
    }

    @Test
    void reportsZeeksWeirdsForBadHeadersAndQuestions() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        udp(d, ctx, true, T0, new byte[] {1, 2, 3});
        udp(d, ctx, true, T0, header(1, 0, 26, 0, 0, 0).build());
        udp(d, ctx, true, T0, header(2, 0, 1, 0, 0, 0).name("x.example").u8(0).build());
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly(
                "DNS_truncated_len_lt_hdr_len", "DNS_Conn_count_too_large", "DNS_truncated_quest_too_short");
    }

    @Test
    void survivesCompressionLoopsAndForwardPointers() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        // The question name points at itself: Zeek's forward-pointer rule stops it.
        udp(d, ctx, true, T0, header(1, 0, 1, 0, 0, 0).pointer(12).u16(1).u16(1).build());
        // An answer name jumps back and forth between two pointers: each jump must go backwards.
        var loop = header(2, RESPONSE, 0, 1, 0, 0).u8(1).ascii("a").pointer(17).pointer(12).u16(1).u16(1).u32(1).u16(4)
                .u32(0x01020304).build();
        udp(d, ctx, false, T0 + 1, loop);
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .contains("DNS_label_forward_compress_offset");
        assertThat(rows(ctx)).hasSize(2);
    }

    @Test
    void capsNamesAt255BytesAndPointerChainsAtTheirLimit() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        var b = header(1, 0, 1, 0, 0, 0);
        for (int i = 0; i < 5; i++) b.u8(63).ascii("x".repeat(63));
        b.u8(0).u16(1).u16(1);
        udp(d, ctx, true, T0, b.build());
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).contains("DNS_NAME_too_long");
        assertThat(rows(ctx).get(0).query().length()).isLessThanOrEqualTo(DnsNameReader.MAX_NAME);

        // A chain of backward pointers longer than any legal name: the reader gives up.
        var chain = header(1, 0, 1, 0, 0, 0).u8(1).ascii("a").u8(0);
        int previous = 12;
        for (int i = 0; i < 200; i++) {
            int here = chain.size();
            chain.pointer(previous);
            previous = here;
        }
        var names = new DnsNameReader();
        byte[] m = chain.build();
        var weirds = new java.util.ArrayList<String>();
        names.read(ByteBuffer.wrap(m), 0, m.length, previous, false, (n, a) -> weirds.add(n));
        assertThat(weirds).containsExactly("DNS_name_too_many_pointers");
    }

    @Test
    void splitsTcpMessagesAtEveryByteBoundary() {
        byte[] q1 = header(1, QUERY_RD, 1, 0, 0, 0).question("one.example", 1, 1).tcp();
        byte[] q2 = header(2, QUERY_RD, 1, 0, 0, 0).question("two.example", 16, 1).tcp();
        byte[] r1 = DnsBytes.concat(new byte[] {0, 0}, compressedAResponse(1, RESPONSE, "one.example", "1.1.1.1"));
        r1[0] = (byte) ((r1.length - 2) >> 8);
        r1[1] = (byte) (r1.length - 2);
        byte[] orig = DnsBytes.concat(q1, q2);
        for (int cut = 0; cut <= orig.length; cut++) {
            var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
            var d = new DnsDissector();
            ctx.ts = T0;
            d.onData(true, ByteBuffer.wrap(orig, 0, cut), 0, cut, ctx);
            d.onData(true, ByteBuffer.wrap(orig), cut, orig.length - cut, ctx);
            for (int i = 0; i < r1.length; i++) d.onData(false, ByteBuffer.wrap(r1), i, 1, ctx);
            d.onEnd(ctx);
            assertThat(rows(ctx)).as("cut at %d", cut).extracting(DnsTransaction::query)
                    .containsExactly("one.example", "two.example");
            assertThat(rows(ctx).get(0).answers()).containsExactly("1.1.1.1");
            assertThat(rows(ctx).get(0).proto()).isEqualTo("tcp");
            assertThat(ctx.weirds).isEmpty();
        }
    }

    @Test
    void handsAPartialTcpMessageOverAtTheEndLikeZeek() {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        byte[] q = header(1, QUERY_RD, 1, 0, 0, 0).question("one.example", 1, 1).tcp();
        ctx.ts = T0;
        d.onData(true, ByteBuffer.wrap(q), 0, q.length - 3, ctx);
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("DNS_truncated_quest_too_short");
        assertThat(rows(ctx)).extracting(DnsTransaction::query).containsExactly((String) null);
    }

    @Test
    void skipsTheRestOfAMessageHitByAGapAndResynchronises() {
        byte[] q1 = header(1, QUERY_RD, 1, 0, 0, 0).question("one.example", 1, 1).tcp();
        byte[] q2 = header(2, QUERY_RD, 1, 0, 0, 0).question("two.example", 1, 1).tcp();
        byte[] q3 = header(3, QUERY_RD, 1, 0, 0, 0).question("three.example", 1, 1).tcp();

        // Gap inside q1 (its first 10 bytes arrived): the framer knows where q2 starts.
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        d.onData(true, ByteBuffer.wrap(q1), 0, 10, ctx);
        d.onGap(true, 5, ctx);
        d.onData(true, ByteBuffer.wrap(q1), 15, q1.length - 15, ctx);
        d.onData(true, ByteBuffer.wrap(q2), 0, q2.length, ctx);
        d.onEnd(ctx);
        assertThat(rows(ctx)).extracting(DnsTransaction::query).containsExactly("two.example");

        // A gap that swallows a boundary: garbage is dropped until a chunk starts a message.
        ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
        d = new DnsDissector();
        d.onData(true, ByteBuffer.wrap(q1), 0, 10, ctx);
        d.onGap(true, q1.length - 10 + 7, ctx);
        d.onData(true, ByteBuffer.wrap(q2), 7, q2.length - 7, ctx);
        d.onData(true, ByteBuffer.wrap(q3), 0, q3.length, ctx);
        d.onEnd(ctx);
        assertThat(rows(ctx)).extracting(DnsTransaction::query).containsExactly("three.example");
        assertThat(d.wantsMore()).isTrue();
    }

    @Test
    void givesUpADirectionThatNeverResynchronises() {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        byte[] junk = "GET / HTTP/1.1\r\n".getBytes();
        d.onGap(true, 10, ctx);
        d.onGap(false, 10, ctx);
        for (int i = 0; i < DnsTcpFramer.MAX_RESYNC_CHUNKS; i++) {
            d.onData(true, ByteBuffer.wrap(junk), 0, junk.length, ctx);
            d.onData(false, ByteBuffer.wrap(junk), 0, junk.length, ctx);
        }
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void boundsRowsWaitingForAnAnswer() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        for (int i = 0; i < 5_000; i++) udp(d, ctx, true, T0 + i, query(i, "q.example", 1));
        // Zeek flushes the table of waiting ids once more than 50 are waiting.
        assertThat(rows(ctx).size()).isGreaterThan(4_800);
        d.onEnd(ctx);
        assertThat(rows(ctx)).hasSize(5_000);
        var same = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d2 = new DnsDissector();
        for (int i = 0; i < 5_000; i++) udp(d2, same, true, T0 + i, query(42, "q.example", 1));
        assertThat(rows(same).size()).isGreaterThan(4_800);
    }

    @Test
    void writesTheRowInZeeksFieldOrder() {
        assertThat(DnsTransaction.SCHEMA.path()).isEqualTo("dns");
        assertThat(DnsTransaction.SCHEMA.fields()).extracting(f -> f.name()).containsExactly(
                "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "trans_id", "rtt", "query",
                "qclass", "qclass_name", "qtype", "qtype_name", "rcode", "rcode_name", "AA", "TC", "RD", "RA", "Z",
                "answers", "TTLs", "rejected", "opcode", "opcode_name", "original_query",
                "name_service", "netbios_suffix", "netbios_name_type", "netbios_answers");
    }

    /** Labels are bytes: a UTF-8 label is logged as text, a byte that is not UTF-8 as \\xNN (as Zeek's JSON writer). */
    @Test
    void namesAreWrittenAsWireBytes() throws Exception {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        String name = "caf\u00c3\u00a9.\u00ff1.example"; // "café" in UTF-8, then a label with the byte 0xff
        udp(d, ctx, true, T0, query(7, name, 1));
        d.onEnd(ctx);
        DnsTransaction t = rows(ctx).get(0);
        var out = new java.io.ByteArrayOutputStream();
        try (var w = io.sluice.event.LogWriter.create(io.sluice.event.LogFormat.JSON, t.schema(), out, 0)) {
            w.write(t);
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"query\":\"café.\\\\xff1.example\"");
    }
}
