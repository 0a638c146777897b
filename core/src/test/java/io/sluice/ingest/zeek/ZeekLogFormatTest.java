package io.sluice.ingest.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.DeferredText;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.smb.SmbMapping;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Zeek TSV and JSON logs, built in the test by Sluice's own writers or by hand, read back into events. */
class ZeekLogFormatTest {

    private final ZeekLogFormat format = new ZeekLogFormat();

    /** What one read produced. */
    record Read(List<Event> events, List<String> problems, List<String> notices) {
        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private Read read(String name, String text) throws IOException {
        var events = new ArrayList<Event>();
        var problems = new ArrayList<String>();
        var notices = new ArrayList<String>();
        var sink = new IngestContext.ProblemSink() {
            @Override
            public void problem(String source, String position, String reason) {
                problems.add(source + " " + position + ": " + reason);
            }

            @Override
            public void notice(String source, String message) {
                notices.add(source + ": " + message);
            }
        };
        var context = new IngestContext(name, events::add, sink, new UidGenerator(7), new CommunityId(0));
        format.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), context);
        assertThat(context.problems()).isEqualTo(problems.size());
        return new Read(events, problems, notices);
    }

    private static String write(LogFormat f, List<? extends LogEntry> entries) throws IOException {
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(f, entries.get(0).schema(), out, 0)) {
            for (LogEntry e : entries) w.write(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static FlowRecord flow(String uid, String proto, String state, String history, long respPkts) {
        var id = new ConnId("10.0.0.5", 49152, "192.0.2.7", proto.equals("tcp") ? 443 : 53);
        return new FlowRecord(1_700_000_000_123_456_000L, uid, id, proto, proto.equals("tcp") ? "ssl" : null,
                2_500_000_000L, 517L, 4096L, state, true, false, 0, history, 12, 1200, respPkts, 5000,
                List.of("CparentTunnel1"), proto.equals("tcp") ? 6 : 17, 42, -1, "1:abc=", null, null, "pcap",
                null, null, null);
    }

    @Test
    void connRowsWrittenBySluiceReadBackAsTheSameFlows() throws IOException {
        var flows = List.of(flow("C1", "tcp", "SF", "ShADadFf", 10), flow("C2", "tcp", "REJ", "Sr", 1),
                flow("C3", "udp", "S0", "D", 0), flow("C4", "tcp", "S0", "S", 0), flow("C5", "tcp", "OTH", "DdA", 3));
        for (LogFormat f : LogFormat.values()) {
            Read r = read("/var/log/zeek/conn.log", write(f, flows));
            assertThat(r.problems()).as(f.name()).isEmpty();
            List<FlowRecord> back = r.of(FlowRecord.class);
            assertThat(back).hasSize(flows.size());
            for (int i = 0; i < flows.size(); i++) {
                FlowRecord want = flows.get(i);
                // a Community ID is compared by its text, however (and whether yet) it was made
                assertThat(back.get(i)).as(f + " row " + i).usingRecursiveComparison()
                        .withEqualsForType(DeferredText::equals, DeferredText.class)
                        .ignoringFields("source", "exporter").isEqualTo(want);
                assertThat(back.get(i).source()).isEqualTo("zeek");
                assertThat(back.get(i).exporter()).isEqualTo("conn.log");
            }
            assertThat(r.of(ConnectionCreation.class)).extracting(ConnectionCreation::outcome).containsExactly(
                    Outcome.ESTABLISHED, Outcome.REJECTED, Outcome.NOT_ANSWERED, Outcome.UNANSWERED, Outcome.MIDSTREAM);
            assertThat(r.of(ConnectionCreation.class).get(0)).satisfies(c -> {
                assertThat(c.uid()).isEqualTo("C1");
                assertThat(c.localOrig()).isTrue();
                assertThat(c.vlan()).isEqualTo(42);
                assertThat(c.source()).isEqualTo("zeek");
            });
        }
    }

    /** One row of every content log Sluice reads, with every field set, so each mapping is exercised. */
    private static List<Event> contentRows() {
        var id = new ConnId("10.1.1.5", 50123, "10.1.1.10", 88);
        long t = 1_600_000_000_250_000_000L;
        var cert = new io.sluice.protocol.tls.x509.ParsedCertificate(3, "0A1B", "CN=dc01.corp.example,O=Corp\\, Inc",
                "CN=Corp CA", t - 86_400_000_000_000L, t + 86_400_000_000_000L, "rsaEncryption",
                "sha256WithRSAEncryption", "rsa", 2048, "65537", null, List.of("dc01.corp.example", "dc01"), null,
                null, List.of("10.1.1.10"), false, null, List.of("dc01.corp.example"), List.of(), List.of(), List.of(),
                false);
        return List.of(
                new io.sluice.protocol.kerberos.KerberosTransaction(t, "Ck", id, "TGS", "alice/CORP.EXAMPLE",
                        "MSSQLSvc/db01.corp.example:1433", false, "KDC_ERR_S_PRINCIPAL_UNKNOWN", null,
                        t + 36_000_000_000_000L, "rc4-hmac", true, false, 7L, List.of("aes256-cts-hmac-sha1-96", "rc4-hmac"),
                        "aes256-cts-hmac-sha1-96"),
                new io.sluice.protocol.dcerpc.DceRpcCall(t, "Cd", id, 1_234_000L, "\\PIPE\\svcctl", "svcctl",
                        "CreateServiceW"),
                // Sluice's own fields, each set: an inferred endpoint, a DCOM activation, requests from the responder
                new io.sluice.protocol.dcerpc.DceRpcCall(t, "Cd2", id, 2_345_000L, "135", "IRemoteSCMActivator",
                        "RemoteCreateInstance", true, "49b2791a-b1ae-4c90-9b8e-e860ba07f889", "MMC20.Application", true),
                new io.sluice.protocol.rdp.RdpSession(t, "Cr", id, "AWAKECODI", "Success", "HYBRID",
                        List.of("rdpdr", "cliprdr"), "English - United States", "RDP 8.1", "WS01", "00000-000", 1920L,
                        1080L, "32bit", "X.509", 2, false, "High", "128bit", List.of("SSL", "HYBRID")),
                new io.sluice.protocol.ssh.SshHandshake(t, "Cs", id, 2, true, 3, "OUTBOUND", "SSH-2.0-OpenSSH_9.6",
                        "SSH-2.0-OpenSSH_8.9", "aes128-ctr", "hmac-sha2-256", "none", "curve25519-sha256",
                        "ssh-ed25519", "SHA256:abc", "aa:bb", "ec7378c1a92f5a8dde7e8b7a1ddf33d1", "curve25519-sha256;aes",
                        "b12d2871a1189eff20364cf5333619ee", "curve25519-sha256;aes128", "c76s70_c71s59_c0s70"),
                new io.sluice.protocol.dhcp.DhcpTransaction(t, List.of("Ca", "Cb"), "10.1.1.50", "10.1.1.1",
                        "90:b1:1c:99:49:29", "ws01", "ws01.corp.example", "corp.example", "10.1.1.50", "10.1.1.50",
                        86_400L, null, "requested address not available", List.of("DISCOVER", "OFFER", "REQUEST", "ACK"),
                        3_058_797_000L, "MSFT 5.0", null, List.of("0.0.0.0", "10.1.1.1"), List.of("10.1.1.1"),
                        List.of("10.1.1.1"), List.of("10.1.1.2", "10.1.1.3"), List.of(1, 3, 6, 15)),
                new io.sluice.protocol.smb.SmbFileAction(t, "Cf", id, "FB7E9n1ZwSgkhBhU27", "SMB::FILE_OPEN",
                        "\\\\10.1.1.10\\C$", "Windows\\Temp\\a.exe", 8192, null, t - 5_000_000_000L, t, t - 9_000_000L,
                        t),
                new io.sluice.protocol.files.FileInfo(t, "FB7E9n1ZwSgkhBhU27", "Cf", id, "SMB", 0,
                        List.of("MD5", "SHA256"), "application/pdf", "a,b.pdf", 73_970_000L, true, true, 1_508_939L,
                        2_000_000L, 491_061L, 0, true, "0123456789abcdef0123456789abcdef", null,
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                new io.sluice.protocol.tls.TlsHandshake(t, "Ct", id, "TLSv13", "TLS_AES_128_GCM_SHA256", "x25519",
                        "dc01.corp.example", false, null, "h2", true, "CsiI", List.of("95cb44", "7363593d"), List.of(),
                        true, "ja3x", "ja3sx", "t13d1516h2_8daaf6152771_02713d6af862", "t130200_1301_234ea6891581",
                        "CN=dc01", "CN=Corp CA", List.of(), List.of()),
                new io.sluice.protocol.tls.X509Certificate(t, null, "95cb443934beda97", cert, true, false,
                        "a373a9f83c6b_2bab15409345_7bf9a7bf7029", false));
    }

    @Test
    void everyContentLogWrittenBySluiceReadsBackToTheSameRows() throws IOException {
        for (Event e : contentRows()) {
            for (LogFormat f : LogFormat.values()) {
                String written = write(f, List.of((LogEntry) e));
                Read r = read(e.schema().path() + ".log", written);
                assertThat(r.problems()).as(f + " " + e.schema().path()).isEmpty();
                assertThat(r.events()).as(f + " " + e.schema().path()).hasSize(1);
                Event back = r.events().get(0);
                // the #close trailer carries the time of writing: two writes a second apart differ there only
                assertThat(withoutClose(write(f, List.of((LogEntry) back)))).as(f + " " + e.schema().path())
                        .isEqualTo(withoutClose(written));
                if (!(e instanceof io.sluice.protocol.tls.X509Certificate)) {
                    assertThat(back).as(f + " " + e.schema().path()).isEqualTo(e);
                }
            }
        }
    }

    @Test
    void tunnelRowsReadBackWithTheirUidOrWithoutOneAsSocksTunnelsHaveNone() throws IOException {
        long t = 1_600_000_000_250_000_000L;
        var socks = new io.sluice.event.TunnelEvent(t, null, new ConnId("10.1.1.5", 0, "10.1.1.9", 1080), "Tunnel::SOCKS",
                "Tunnel::DISCOVER");
        var gre = new io.sluice.event.TunnelEvent(t, "CgreTunnel1", new ConnId("10.1.1.5", 0, "10.1.1.9", 0), "Tunnel::GRE",
                "Tunnel::DISCOVER");
        for (LogFormat f : LogFormat.values()) {
            String written = write(f, List.of(socks, gre));
            Read r = read("tunnel.log", written);
            assertThat(r.problems()).as(f.toString()).isEmpty();
            assertThat(r.events()).as(f.toString()).containsExactly(socks, gre);
        }
        assertThat(write(LogFormat.ZEEK, List.of(socks)))
                .contains("1600000000.250000\t-\t10.1.1.5\t0\t10.1.1.9\t1080\tTunnel::SOCKS\tTunnel::DISCOVER\n");
    }

    private static String withoutClose(String log) {
        return log.replaceAll("(?m)^#close\t.*\n", "");
    }

    @Test
    void aConnLogWithoutCommunityIdGetsOneComputed() throws IOException {
        String tsv = """
                #separator \\x09
                #set_separator\t,
                #empty_field\t(empty)
                #unset_field\t-
                #path\tconn
                #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\torig_pkts\tresp_pkts
                #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tcount\tcount
                1.5\tCa\t128.232.110.120\t34855\t66.35.250.204\t80\ttcp\tSF\t3\t3
                """;
        FlowRecord f = read("c.log", tsv).of(FlowRecord.class).get(0);
        // Community ID spec's own example of this tuple (community-id-spec baseline, tcp).
        assertThat(f.communityId()).isEqualTo("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        assertThat(f.tsNanos()).isEqualTo(1_500_000_000L);
        assertThat(f.ipProto()).isEqualTo(6);
        assertThat(f.vlan()).isEqualTo(-1);
    }

    @Test
    void escapesEmptyAndUnsetValuesAndSetsReadBack() throws IOException {
        var id = new ConnId("10.0.0.1", 1, "10.0.0.2", 445);
        var rows = List.of(
                new SmbMapping(1_000_000L, "C1", id, "\\\\host\\C$", "", null, "DISK", "3.11"),
                new SmbMapping(2_000_000L, "C2", id, "tab\there,comma -", "-", "NTFS", "PIPE", "ünï\u0001"));
        for (LogFormat f : LogFormat.values()) {
            Read r = read("smb_mapping.log", write(f, rows));
            assertThat(r.problems()).isEmpty();
            assertThat(r.of(SmbMapping.class)).as(f.name()).containsExactlyElementsOf(rows);
        }
        var http = new HttpTransaction(5_000_000_000L, "Ch", id, 1, "GET", "example.com", "/a,b", null, "1.1", "ua",
                null, 0, 10, 200L, "OK", null, null, null, List.of("a,b", "c"), List.of(), List.of("text/html"), null);
        for (LogFormat f : LogFormat.values()) {
            assertThat(read("http.log", write(f, List.of(http))).of(HttpTransaction.class)).containsExactly(http);
        }
    }

    /** A text field (rdp.log's client name) and a wire field (smb_mapping.log's path) holding the same text. */
    @Property(tries = 200)
    void anyStringSurvivesTheTsvWriterAndReader(@ForAll String text) throws IOException {
        var rdp = new io.sluice.protocol.rdp.RdpSession(1_000L, "C1", new ConnId("10.0.0.1", 1, "10.0.0.2", 3389), null,
                null, null, null, null, null, text, null, null, null, null, null, 0, null, null, null, null);
        String expected = text.chars().anyMatch(c -> Character.isSurrogate((char) c)) ? null : text; // lone surrogates are not UTF-8
        Read r = read("x.log", write(LogFormat.ZEEK, List.of(rdp)));
        assertThat(r.problems()).isEmpty();
        if (expected != null) {
            assertThat(r.of(io.sluice.protocol.rdp.RdpSession.class).get(0).clientName()).isEqualTo(expected);
        }
        // as a wire string: the text's UTF-8 bytes, one char each
        String wire = io.sluice.event.WireText.ofText(text);
        var row = new SmbMapping(1_000L, "C1", new ConnId("10.0.0.1", 1, "10.0.0.2", 445), wire, null, null, "DISK",
                null);
        Read w = read("x.log", write(LogFormat.ZEEK, List.of(row)));
        assertThat(w.problems()).isEmpty();
        assertThat(w.of(SmbMapping.class).get(0).path()).isEqualTo(wire);
    }

    @Test
    void concatenatedLogsAndSeveralBlocksAreReadEachWithItsHeader() throws IOException {
        var flows = List.of(flow("C1", "tcp", "SF", "ShADadFf", 10));
        var dns = new DnsTransaction(3_000_000_000L, "C9", new ConnId("10.0.0.5", 5353, "224.0.0.251", 5353), "udp",
                0, null, "printer.local", 1, "C_INTERNET", 12, "PTR", null, null, false, false, false, false, 0,
                null, null, false, 0, "query", null, "mdns", null, null, null);
        String text = write(LogFormat.ZEEK, flows) + write(LogFormat.ZEEK, List.of(dns)) + write(LogFormat.ZEEK, flows);
        Read r = read("all.log", text);
        assertThat(r.problems()).isEmpty();
        assertThat(r.of(FlowRecord.class)).hasSize(2);
        assertThat(r.of(DnsTransaction.class)).containsExactly(dns);
    }

    @Test
    void aMalformedLineIsReportedWithItsNumberAndTheRestIsKept() throws IOException {
        String tsv = write(LogFormat.ZEEK, List.of(flow("C1", "tcp", "SF", "S", 1), flow("C2", "tcp", "SF", "S", 1),
                flow("C3", "tcp", "SF", "S", 1)));
        List<String> lines = new ArrayList<>(tsv.lines().toList());
        int c2 = lines.indexOf(lines.stream().filter(l -> l.contains("\tC2\t")).findFirst().orElseThrow());
        lines.set(c2, lines.get(c2).replace("\t49152\t", "\tport-x\t"));
        lines.add(c2 + 1, "1.0\tshort\tline");
        Read r = read("conn.log", String.join("\n", lines) + "\n");
        assertThat(r.of(FlowRecord.class)).extracting(FlowRecord::uid).containsExactly("C1", "C3");
        assertThat(r.problems()).containsExactly(
                "conn.log line " + (c2 + 1) + ": conn row: field id.orig_p: not a port: \"port-x\"",
                "conn.log line " + (c2 + 2) + ": conn row has 3 values, the #fields header names "
                        + FlowRecord.SCHEMA.fields().size());

        Read json = read("conn.json", write(LogFormat.JSON, List.of(flow("C1", "tcp", "SF", "S", 1)))
                + "{\"ts\":1.0,\"uid\":\n" + write(LogFormat.JSON, List.of(flow("C3", "tcp", "SF", "S", 1))));
        assertThat(json.of(FlowRecord.class)).extracting(FlowRecord::uid).containsExactly("C1", "C3");
        assertThat(json.problems()).singleElement().asString().startsWith("conn.json line 2: JSON:");
    }

    @Test
    void jsonRowsWithoutPathAreRecognisedByTheirFieldsAndIsoTimesRead() throws IOException {
        String json = """
                {"ts":"2018-01-30T18:14:02.279652Z","uid":"CVvre","id.orig_h":"192.168.88.2","id.orig_p":55638,"id.resp_h":"165.227.88.15","id.resp_p":53,"proto":"udp","trans_id":42937,"rtt":0.069982,"query":"a.example","qclass":1,"qtype":16,"qtype_name":"TXT","rcode":0,"AA":false,"TC":false,"RD":true,"RA":true,"Z":0,"answers":["TXT 18 x"],"TTLs":[60.0],"rejected":false}
                {"ts":1517336042.5,"uid":"CVvre","id":{"orig_h":"192.168.88.2","orig_p":55638,"resp_h":"165.227.88.15","resp_p":53},"proto":"udp","query":"b.example","AA":false,"RD":true,"rejected":false}
                """;
        Read r = read("dns.log", json);
        assertThat(r.problems()).isEmpty();
        List<DnsTransaction> dns = r.of(DnsTransaction.class);
        assertThat(dns).hasSize(2);
        assertThat(dns.get(0).tsNanos()).isEqualTo(1_517_336_042_279_652_000L);
        assertThat(dns.get(0).ttls()).containsExactly(60L);
        assertThat(dns.get(0).rttNanos()).isEqualTo(69_982_000L);
        assertThat(dns.get(0).nameService()).isEqualTo("dns");
        assertThat(dns.get(1).id().respP()).isEqualTo(53);
        assertThat(dns.get(1).tsNanos()).isEqualTo(1_517_336_042_500_000_000L);
    }

    @Test
    void anUnknownLogIsNoticedOnceAndSkippedWithoutAProblem() throws IOException {
        String tsv = """
                #separator \\x09
                #path\tpe
                #fields\tts\tid
                #types\ttime\tstring
                1.0\tF1
                2.0\tF2
                """;
        Read r = read("pe.log", tsv + "{\"ts\":1.0,\"_path\":\"weird\",\"name\":\"x\"}\n{\"ts\":2.0,\"_path\":\"weird\"}\n"
                + "{\"ts\":3.0,\"fuid\":\"F1\",\"mime_type\":\"text/plain\"}\n{\"ts\":4.0,\"fuid\":\"F2\"}\n");
        assertThat(r.events()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.notices()).hasSize(3).anySatisfy(n -> assertThat(n).contains("line 5: log pe", "conn, dns"))
                .anySatisfy(n -> assertThat(n).contains("line 7: log weird"))
                .anySatisfy(n -> assertThat(n).contains("line 9: rows of a log with fields [ts, fuid, mime_type]"));
    }

    @Test
    void recognisesZeekTsvAndZeekJsonButNotOtherText() {
        assertThat(recognises("#separator \\x09\n#set_separator\t,\n")).isTrue();
        assertThat(recognises("### BTest baseline data\n#separator \\x09\n")).isTrue();
        assertThat(recognises("# a comment\nts\tuid\n#separator \\x09\n")).isFalse();
        assertThat(recognises("\n{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n")).isTrue();
        assertThat(recognises("{\"ts\":1.5,\"uids\":[\"C1\"],\"msg_types\":[\"DISCOVER\"]}\n")).isTrue();
        assertThat(recognises("{\"EventID\":3,\"Image\":\"C:\\\\x.exe\"}\n")).isFalse();
        assertThat(recognises("{\"ts\":1.5,\"name\":\"not zeek\"}\n")).isFalse();
        assertThat(recognises("2 123456789010 eni-1235b8ca 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n")).isFalse();
        assertThat(recognises("")).isFalse();
        byte[] pcap = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0};
        assertThat(format.recognises(pcap, pcap.length)).isFalse();
    }

    private boolean recognises(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return format.recognises(b, b.length);
    }
}
