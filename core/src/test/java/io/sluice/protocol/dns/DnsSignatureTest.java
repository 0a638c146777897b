package io.sluice.protocol.dns;

import static io.sluice.protocol.dns.DnsBytes.QUERY_RD;
import static io.sluice.protocol.dns.DnsBytes.RESPONSE;
import static io.sluice.protocol.dns.DnsBytes.data;
import static io.sluice.protocol.dns.DnsBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DnsSignatureTest {
    private static final ProtocolSignature SIG = DnsProtocol.SIGNATURE;

    private static boolean matches(byte[] b, int origPort, int respPort) {
        return SIG.matches(true, ByteBuffer.wrap(b), 0, b.length, origPort, respPort);
    }

    @Test
    void describesItself() {
        assertThat(SIG.name()).isEqualTo("dns");
        assertThat(SIG.onTcp()).isTrue();
        assertThat(SIG.onUdp()).isTrue();
        assertThat(SIG.standardPort(53)).isTrue();
        assertThat(SIG.standardPort(5353)).isTrue();
        assertThat(SIG.standardPort(5355)).isTrue();
        assertThat(SIG.standardPort(137)).isTrue();
        assertThat(SIG.standardPort(80)).isFalse();
        assertThat(SIG.create()).isInstanceOf(DnsDissector.class);
    }

    @Test
    void recognisesQueriesAndResponsesOnAnyPort() {
        byte[] q = header(0x1234, QUERY_RD, 1, 0, 0, 1).question("www.example.com", 1, 1)
                .name("").u16(41).u16(4096).u32(0).u16(0).build();
        byte[] r = header(0x1234, RESPONSE, 1, 1, 0, 0).question("www.example.com", 1, 1)
                .pointer(12).u16(1).u16(1).u32(60).u16(4).u32(0x01020304).build();
        byte[] mdnsAnnouncement = header(0, 0x8400, 0, 1, 0, 0)
                .record("_ipp._tcp.local", 12, 0x8001, 4500, data().name("p._ipp._tcp.local").build()).build();
        for (int port : new int[] {53, 5353, 40000, 443}) {
            assertThat(matches(q, 50000, port)).isTrue();
            assertThat(matches(r, port, 50000)).isTrue();
        }
        assertThat(matches(mdnsAnnouncement, 5353, 5353)).isTrue();
        assertThat(matches(header(1, QUERY_RD, 1, 0, 0, 0).question("", 2, 1).build(), 1, 2)).isTrue(); // root NS
    }

    @Test
    void recognisesTcpStreamsByTheirLengthPrefix() {
        byte[] q = header(7, QUERY_RD, 1, 0, 0, 0).question("example.org", 252, 1).tcp();
        assertThat(matches(q, 50000, 8053)).isTrue();
        assertThat(matches(new byte[] {q[0], q[1]}, 50000, 53)).as("length prefix alone, DNS port").isTrue();
        assertThat(matches(new byte[] {q[0], q[1]}, 50000, 8053)).as("length prefix alone, other port").isFalse();
        // A first segment that cuts the question is still judged on what is there.
        assertThat(matches(java.util.Arrays.copyOf(q, 20), 50000, 8053)).isTrue();
    }

    @Test
    void rejectsOtherProtocolsAndImplausibleHeaders() {
        byte[] http = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tls = {0x16, 0x03, 0x01, 0x00, (byte) 0xf4, 0x01, 0x00, 0x00, (byte) 0xf0, 0x03, 0x03, 0, 0, 0, 0, 0};
        byte[] ssh = "SSH-2.0-OpenSSH_8.9\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(matches(http, 50000, 53)).isFalse();
        assertThat(matches(tls, 50000, 53)).isFalse();
        assertThat(matches(ssh, 50000, 53)).isFalse();
        assertThat(matches(new byte[11], 50000, 53)).isFalse();
        assertThat(matches(new byte[12], 50000, 53)).as("no question, no record").isFalse();
        assertThat(matches(header(1, 0x1800, 1, 0, 0, 0).question("a.b", 1, 1).build(), 1, 2)).as("opcode 3").isFalse();
        assertThat(matches(header(1, 0x0003, 1, 0, 0, 0).question("a.b", 1, 1).build(), 1, 2)).as("query with rcode").isFalse();
        assertThat(matches(header(1, 0, 26, 0, 0, 0).question("a.b", 1, 1).build(), 1, 2)).as("26 questions").isFalse();
        assertThat(matches(header(1, 0, 1, 900, 0, 0).question("a.b", 1, 1).build(), 1, 2)).as("counts too big").isFalse();
        assertThat(matches(header(1, 0, 1, 0, 0, 0).pointer(12).u16(1).u16(1).build(), 1, 2)).as("pointer first").isFalse();
        assertThat(matches(header(1, 0, 1, 0, 0, 0).question("a.b", 1, 77).build(), 1, 2)).as("class 77").isFalse();
        assertThat(matches(header(1, 0, 1, 0, 0, 0).question("a.b", 0, 1).build(), 1, 2)).as("type 0").isFalse();
    }

    @Test
    void allowsNetbiosOpcodesAndLongLabelsOnPort137Only() {
        byte[] refresh = header(0x8001, 0x4010, 1, 0, 0, 1).question("FHEPFCELEHFCEPFFFACACACACACACABN", 0x20, 1)
                .pointer(12).u16(0x20).u16(1).u32(300000).u16(6).u16(0).u32(0x0a000005).build(); // opcode 8
        assertThat(matches(refresh, 137, 137)).isTrue();
        assertThat(matches(refresh, 40000, 53)).isFalse();
    }

    @Test
    void neverThrowsOnWindowsOutsideTheBuffer() {
        byte[] b = new byte[20];
        assertThat(SIG.matches(true, ByteBuffer.wrap(b), 15, 10, 1, 2)).isFalse();
        assertThat(SIG.matches(true, ByteBuffer.wrap(b), -1, 5, 1, 2)).isFalse();
        assertThat(SIG.matches(true, null, 0, 0, 1, 2)).isFalse();
    }
}
