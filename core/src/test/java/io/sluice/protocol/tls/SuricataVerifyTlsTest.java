package io.sluice.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The suricata-verify TLS checks, on the fields we log. Suricata's checks are over EVE JSON
 * {@code event_type: tls} records, one per TLS session; ours is one TlsHandshake (ssl.log row) per
 * session. Field mapping EVE -> ours:
 *
 * <pre>
 * tls.sni              -> server_name
 * tls.version          -> version, with Suricata's names mapped to Zeek's ("TLS 1.3" = "TLSv13",
 *                         "TLS 1.3 draft-28" = "TLSv13-draft28", "TLSv1" = "TLSv10"); but see bug-5713-01
 * tls.ja3.hash         -> ja3
 * tls.ja3.string       -> Ja3.ja3String(first ClientHello)   (not logged; kept on the event)
 * tls.ja3s.hash        -> ja3s
 * tls.ja3s.string      -> Ja3.ja3sString(last ServerHello)   (not logged; kept on the event)
 * tls.ja4              -> ja4
 * tls.client_alpns[i]  -> ClientHello.alpn()[i]              (not logged; kept on the event)
 * src_ip/src_port/dest_ip/dest_port -> id.orig_h/id.orig_p/id.resp_h/id.resp_p
 * </pre>
 * Not applicable: alert counts (signature rules), flow events and community_id (flow layer), the
 * smtp-rset-starttls test (an SMTP check), and the QUIC tests (ja4-quic, quic-ietf-ja3,
 * quic-v2-ja3) until the QUIC dissector uses our ClientHello parser.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SuricataVerifyTlsTest {

    private static List<TlsHandshake> sessions(String capture) throws Exception {
        List<Event> events = TlsZeekBaselineTest.run(capture);
        return events.stream().filter(TlsHandshake.class::isInstance).map(TlsHandshake.class::cast).toList();
    }

    @Test
    void ja4Tls() throws Exception {
        var s = sessions("fingerprints/suricata-verify/ja4-tls/input.pcap");
        assertThat(s).filteredOn(h -> "t12i1810s1_27d4652c4487_06a4338d0495".equals(h.ja4())).hasSize(1);
    }

    @Test
    void ja3s() throws Exception {
        var s = sessions("fingerprints/suricata-verify/tls__tls-ja3s/input.pcap");
        assertThat(s).filteredOn(h -> "5d79edf64e03689ff559a54e9d9487bc".equals(h.ja3s())
                && "771,49199,65281-0-11-16-23".equals(Ja3.ja3sString(h.serverHellos().getLast()))).hasSize(1);
    }

    /**
     * Only a ClientHello was seen. Suricata then logs the client's version ("TLSv1"); Zeek's and our
     * {@code version} is the one the server chose, so it stays unset, and the ClientHello's version
     * is what we compare.
     */
    @Test
    void bug5713VersionFromClientHelloOnly() throws Exception {
        var s = sessions("fingerprints/suricata-verify/bug-5713-01/TLSv1-Extracted-MaliciousC2.pcap");
        assertThat(s).hasSize(1);
        assertThat(s.get(0).version()).isNull();
        assertThat(s.get(0).clientHellos()).hasSize(1);
        assertThat(TlsNames.version(s.get(0).clientHellos().get(0).legacyVersion())).isEqualTo("TLSv10");
    }

    @Test
    void tls13Draft28() throws Exception {
        var s = sessions("fingerprints/suricata-verify/tls__tls13-draft28/tls13_draft28.pcap");
        assertThat(s).filteredOn(h -> "localhost".equals(h.serverName()) && "TLSv13-draft28".equals(h.version())).hasSize(2);
        assertThat(s).filteredOn(h -> "d00857e0c8e7a7f35e446508c6233460".equals(h.ja3())
                && ("771,4866-4867-4865-4868-49196-52393-49325-49162-49195-49324-49161-49200-52392-49172-49199-49171-157-"
                        + "49309-53-156-49308-47-159-52394-49311-57-158-49310-51,5-10-11-13-22-23-35-51-43-65281-0-45-41,23,0")
                        .equals(Ja3.ja3String(h.clientHellos().get(0)))).hasSize(1);
        assertThat(s).filteredOn(h -> "43202faa1c8c1760d6f7f4bd9adde4ab".equals(h.ja3())
                && ("771,4866-4867-4865-4868-49196-52393-49325-49162-49195-49324-49161-49200-52392-49172-49199-49171-157-"
                        + "49309-53-156-49308-47-159-52394-49311-57-158-49310-51,5-10-11-13-22-23-35-51-43-65281-0-45,23,0")
                        .equals(Ja3.ja3String(h.clientHellos().get(0)))).hasSize(1);
    }

    @Test
    void clientAlpns() throws Exception {
        var s = sessions("pcap-protocols/suricata-verify/tls-alpn-client-log-01/input.pcap");
        assertThat(s).filteredOn(h -> !h.clientHellos().isEmpty()
                && h.clientHellos().get(0).alpn().size() >= 2
                && h.clientHellos().get(0).alpn().get(0).equals("h2")
                && h.clientHellos().get(0).alpn().get(1).equals("http/1.1")).hasSize(1);
    }

    @Test
    void communityIdIpv4() throws Exception {
        var s = sessions("pcap-protocols/suricata-verify/community-id-ipv4/input.pcap");
        assertThat(s).filteredOn(h -> same(h, "172.26.0.39", 35958, "172.217.14.206", 443)
                && "ipv4.google.com".equals(h.serverName()) && "TLSv13".equals(h.version())).hasSize(1);
    }

    @Test
    void communityIdIpv6() throws Exception {
        var s = sessions("pcap-protocols/suricata-verify/community-id-ipv6/input.pcap");
        assertThat(s).filteredOn(h -> same(h, "2600:1f13:00f8:d400:03a6:303c:e011:18eb", 60202,
                "2607:f8b0:400a:0800:0000:0000:0000:200e", 443)
                && "ipv6.google.com".equals(h.serverName()) && "TLSv13".equals(h.version())).hasSize(1);
    }

    private static boolean same(TlsHandshake h, String src, int sp, String dst, int dp) {
        try {
            return InetAddress.getByName(h.id().origH()).equals(InetAddress.getByName(src)) && h.id().origP() == sp
                    && InetAddress.getByName(h.id().respH()).equals(InetAddress.getByName(dst)) && h.id().respP() == dp;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
