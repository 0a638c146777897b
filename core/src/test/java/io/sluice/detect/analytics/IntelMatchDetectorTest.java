package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.dns;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.rules.intel.IntelFileReader;
import io.sluice.rules.intel.IntelSet;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class IntelMatchDetectorTest {

    private static final String LIST = """
            # first_seen_utc,ioc_id,ioc_value,ioc_type,threat_type,malware_printable
            2026-11-01,1,198.51.100.66:443,ip:port,botnet_cc,Emotet
            2026-11-01,2,evil.example,domain,botnet_cc,Emotet
            2026-11-01,3,http://dl.bad.example/stage2.bin,url,payload_delivery,Emotet
            2026-11-01,4,e7d705a3286e19ea42f587b344ee6865,ja3-fingerprint-md5,botnet_cc,TrickBot
            2026-11-01,5,203.0.113.0/24,cidr,,
            2026-11-01,6,ec7378c1a92f5a8dde7e8b7a1ddf33d1,hassh,,
            """;

    private static IntelMatchDetector detector(String list) {
        return new IntelMatchDetector(IntelMatchDetector.Config.DEFAULTS,
                IntelSet.of(IntelFileReader.read(list, "threatfox", false).indicators()));
    }

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(detector(LIST), events);
    }

    private static HttpTransaction http(String host, String uri) {
        return new HttpTransaction(t(10), "Chttp", new ConnId("10.0.0.5", 49200, "192.0.2.80", 80), 1, "GET", host,
                uri, null, "1.1", "curl/8", null, 0, 1000, 200L, "OK", null, null, null, List.of(), List.of(), List.of(),
                null);
    }

    private static TlsHandshake tls(String sni, String ja3) {
        return new TlsHandshake(t(20), "Ctls", new ConnId("10.0.0.5", 49300, "192.0.2.90", 443), "TLSv12", null, null,
                sni, false, null, null, true, null, List.of(), List.of(), null, ja3, null, null, null, null, null,
                List.of(), List.of());
    }

    private static SshHandshake ssh(String hassh) {
        return new SshHandshake(t(30), "Cssh", new ConnId("10.0.0.5", 49400, "192.0.2.22", 22), 2, null, 0, "OUTBOUND",
                "SSH-2.0-libssh", "SSH-2.0-OpenSSH_9.6", null, null, null, null, null, null, null, hassh, null, null,
                null, null);
    }

    @Test
    void addressesAndNetworksOnConnections() {
        var alerts = run(List.of(conn("10.0.0.5", "198.51.100.66", 443).at(1).creation(),
                conn("10.0.0.5", "198.51.100.66", 443).at(1).flow(),
                conn("203.0.113.45", "10.0.0.7", 22).local(false, true).at(2).creation()));
        assertThat(alerts).hasSize(2);
        Alert c2 = alerts.get(0);
        // a connection to a listed C2 server: what the host sends there leaves over the C2 channel
        assertThat(c2.techniques()).containsExactly(Technique.of("T1071"), Technique.of("T1041"));
        assertThat(c2.components()).containsExactly(io.sluice.event.Ds0029Component.NETWORK_CONNECTION_CREATION,
                io.sluice.event.Ds0029Component.NETWORK_TRAFFIC_FLOW);
        assertThat(c2.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(c2.count()).isEqualTo(2);
        assertThat(c2.explanation()).isEqualTo(
                "10.0.0.5 -> 198.51.100.66:443: destination address 198.51.100.66 is listed: 198.51.100.66 (ip on list"
                        + " threatfox: botnet_cc, Emotet)");
        assertThat(alerts.get(1).explanation()).contains("source address 203.0.113.45").contains("203.0.113.0/24");
    }

    @Test
    void aC2ServerThatConnectsInIsNotAnExfiltrationChannel() {
        var list = """
                # first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware
                2026-11-27 10:00:00,203.0.113.45,443,online,2026-11-28,QakBot botnet_cc
                """;
        var alerts = DetectorHarness.run(detector(list), List.of(
                conn("203.0.113.45", "10.0.0.7", 8443).local(false, true).at(2).creation()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1071"));
            assertThat(a.explanation()).contains("source address 203.0.113.45").contains("botnet_cc");
        });
    }

    @Test
    void aConnectionToAListedDownloadHostIsIngressToolTransfer() {
        var list = """
                # "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","malware_printable"
                "2026-11-27 10:00:00","9","198.51.100.5:80","ip:port","payload_delivery","Mirai"
                """;
        var alerts = DetectorHarness.run(detector(list), List.of(conn("10.0.0.5", "198.51.100.5", 80).at(1).creation()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"));
            assertThat(a.components()).containsExactly(io.sluice.event.Ds0029Component.NETWORK_CONNECTION_CREATION);
        });
    }

    /** Lists of mining pools and Tor relays: connections to them are resource hijacking and a multi-hop proxy. */
    @Test
    void minerPoolsAndTorRelaysOnConnections() {
        var list = """
                # first_seen_utc,dst_ip,dst_port,c2_status,last_online,threat
                2026-11-01,192.0.2.44,3333,online,2026-11-27,XMRig miner pool
                2026-11-01,192.0.2.45,9001,online,2026-11-27,Tor relay
                """;
        var alerts = DetectorHarness.run(detector(list), List.of(
                conn("10.0.0.5", "192.0.2.44", 3333).at(1).creation(), conn("10.0.0.6", "192.0.2.45", 9001).at(2).creation()));
        assertThat(alerts).extracting(Alert::techniques).containsExactly(List.of(Technique.of("T1496")),
                List.of(Technique.of("T1090"), Technique.of("T1090.003")));
        assertThat(alerts).allSatisfy(a -> assertThat(a.components())
                .containsExactly(io.sluice.event.Ds0029Component.NETWORK_CONNECTION_CREATION));
    }

    @Test
    void dnsQueriesSubdomainsAndAnswers() {
        var alerts = run(List.of(dns("10.0.0.5", "x1.cdn.evil.example").at(3).build(),
                dns("10.0.0.5", "innocent.example").answer("198.51.100.66", 60).at(4).build(),
                dns("10.0.0.5", "notevil.example").at(5).build()));
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).domain()).isEqualTo("evil.example");
        assertThat(alerts.get(0).explanation()).contains("DNS query x1.cdn.evil.example");
        assertThat(alerts.get(1).explanation()).contains("DNS answer 198.51.100.66 for innocent.example");
    }

    @Test
    void httpUrlsTlsFingerprintsAndSsh() {
        var alerts = run(List.of(http("dl.bad.example", "/stage2.bin"), http("ok.example", "/"),
                tls("www.evil.example", "E7D705A3286E19EA42F587B344EE6865"), tls("ok.example", "0000"),
                ssh("ec7378c1a92f5a8dde7e8b7a1ddf33d1"), ssh("ffff")));
        assertThat(alerts).extracting(Alert::explanation).satisfiesExactly(
                e -> assertThat(e).contains("HTTP request dl.bad.example/stage2.bin"),
                e -> assertThat(e).contains("TLS SNI www.evil.example"),
                e -> assertThat(e).contains("TLS client JA3 E7D705A3286E19EA42F587B344EE6865").contains("TrickBot"),
                e -> assertThat(e).contains("SSH client HASSH"));
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1105"));
        assertThat(alerts.get(3).techniques()).containsExactly(Technique.of("T1071"));
    }

    private static final String PDF_SHA256 = "bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c";

    private static FileInfo file(String source, boolean isOrig, String md5, String sha256) {
        return new FileInfo(t(40), "Fx1", "Cfile", new ConnId("10.0.0.5", 49500, "192.0.2.80", "SMB".equals(source) ? 445 : 80),
                source, 1, List.of("SHA256"), "application/x-dosexec", "setup.exe", 1_000_000, !isOrig, isOrig, 3000, 3000L,
                0, 0, false, md5, null, sha256);
    }

    @Test
    void listedFilesAreIngressOrLateralToolTransfer() {
        String list = PDF_SHA256 + "\n" + "6963bec0dabec7af2996fcab1cd36507\n";
        var alerts = DetectorHarness.run(detector(list), List.of(file("HTTP", false, null, PDF_SHA256),
                file("SMB", true, "6963bec0dabec7af2996fcab1cd36507", null)));
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1105"));
        assertThat(alerts.get(0).explanation()).isEqualTo("10.0.0.5 -> 192.0.2.80:80: file SHA-256 " + PDF_SHA256
                + " (setup.exe, application/x-dosexec, 3,000 bytes over HTTP from 192.0.2.80) is listed: " + PDF_SHA256
                + " (file_hash on list threatfox)");
        assertThat(alerts.get(1).techniques()).containsExactly(Technique.of("T1570"));
        assertThat(alerts.get(1).explanation()).contains("file MD5 6963bec0dabec7af2996fcab1cd36507", "over SMB from 10.0.0.5");
        assertThat(alerts).allSatisfy(a -> assertThat(a.evidence()).extracting(e -> e.uid()).containsExactly("Cfile"));
    }

    @Test
    void unlistedFilesAndFilesWithoutHashesAreQuiet() {
        var alerts = DetectorHarness.run(detector(PDF_SHA256), List.of(file("HTTP", false, null, "00".repeat(32)),
                file("HTTP", false, null, null)));
        assertThat(alerts).isEmpty();
    }

    /** The file the smb.smb2 trace writes, listed by its SHA-256: the alert leads back to the SMB connection. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void aListedFileWrittenOverSmbIsFoundInTraffic() throws Exception {
        var events = PipelineEvents.run(Corpus.file("pcap-protocols/zeek/smb.smb2/smb2.pcap"), DissectionConfig.defaults());
        var alerts = DetectorHarness.run(detector("# sha256_hash,signature\n" + PDF_SHA256 + ",test\n"), events.emitted());
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1570"));
            assertThat(a.srcHost()).isEqualTo("10.0.0.11");
            assertThat(a.explanation()).contains("WP_SMBPlugin.pdf", "application/pdf", "1,508,939 bytes over SMB from 10.0.0.11");
        });
    }

    @Test
    void quietWithoutListsOrMatches() {
        var events = List.<Event>of(conn("10.0.0.5", "192.0.2.1", 443).at(1).flow(), dns("10.0.0.5", "example.org").build());
        assertThat(run(events)).isEmpty();
        var none = new IntelMatchDetector(IntelMatchDetector.Config.DEFAULTS, IntelSet.empty());
        assertThat(none.key(events.get(0))).isNull();
    }

    @Test
    void techniquesFromListLabels() {
        assertThat(IntelMatchDetector.techniquesFor(ind("malware_download"), "T1071.001")).containsExactly("T1105");
        assertThat(IntelMatchDetector.techniquesFor(ind("Exploit kit landing page"), "T1071")).containsExactly("T1189");
        assertThat(IntelMatchDetector.techniquesFor(ind("njRAT"), "T1071")).containsExactly("T1071");
        assertThat(IntelMatchDetector.techniquesFor(ind("RAT"), "T1071")).containsExactly("T1219");
        assertThat(IntelMatchDetector.techniquesFor(ind("XMRig miner pool"), "T1071")).containsExactly("T1496");
        assertThat(IntelMatchDetector.techniquesFor(ind("drive-by download"), "T1071")).containsExactly("T1105", "T1189");
        assertThat(IntelMatchDetector.techniquesFor(ind(null), "T1071.004")).containsExactly("T1071.004");
    }

    private static io.sluice.rules.intel.Indicator ind(String label) {
        return new io.sluice.rules.intel.Indicator(io.sluice.rules.intel.IndicatorType.IP, "192.0.2.1", "l", label);
    }

    @Test
    void severityFromSettings() {
        assertThat(IntelMatchDetector.config(DetectConfig.empty().with("detectors.intel.match.severity", "high")))
                .isEqualTo(new IntelMatchDetector.Config(Severity.HIGH));
        assertThatThrownBy(() -> IntelMatchDetector.config(DetectConfig.empty()
                .with("detectors.intel.match.severity", "dire"))).hasMessageContaining("detectors.intel.match.severity");
    }

    /**
     * chrissanders-packets' CryptoWall 4 capture: the infected host posts to its C2 at
     * homealldaylong.com (184.170.149.44). A list naming that host and the C2 script, as a
     * URLhaus/ThreatFox export would, flags the connections and the HTTP requests.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void cryptowallC2OnAListIsFound() throws Exception {
        var run = PipelineEvents.run(Corpus.file("pcap-attacks/chrissanders-packets/cryptowall4_c2.pcapng"));
        var alerts = DetectorHarness.run(detector("""
                # id,dateadded,url,url_status,last_online,threat,tags
                "1","2016-01-04","http://homealldaylong.com/76N1Lm.php","offline","","botnet_cc","CryptoWall"
                """), DetectorHarness.inObservedOrder(run.emitted()));
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.srcHost()).isEqualTo("192.168.122.145");
            assertThat(a.dstHosts()).containsExactly("184.170.149.44");
            assertThat(a.techniques()).containsExactly(Technique.of("T1071"));
        });
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.count()).as("three C2 posts, one incident").isEqualTo(3);
            assertThat(a.explanation()).contains("HTTP request homealldaylong.com/76N1Lm.php?");
        });
    }
}
