package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.netflow.ExporterTable;
import io.sluice.ingest.netflow.FlowExportDecoder;
import io.sluice.ingest.netflow.FlowExportEvents;
import io.sluice.ingest.sysmon.SysmonJsonFormat;
import io.sluice.ingest.zeek.ZeekLogFormat;
import io.sluice.packet.IpAddress;
import io.sluice.rules.intel.IntelFileReader;
import io.sluice.rules.intel.IntelSet;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analytics run unchanged on every source (issue 6): the standard detector list, as
 * {@code sluice analyze} builds it, fed with events read from a Zeek conn.log, from NetFlow v5
 * export datagrams and from Sysmon EID 3 events, each input written here. Each source carries the
 * fields its analytic needs and nothing packet-specific: the conn.log has conn_state, the v5 records
 * only times and sizes, the Sysmon events only who connected to whom from which process.
 */
class SourceIndependenceTest {

    private static final long T0 = 1_714_557_600L; // 2024-05-01T10:00:00Z

    private static List<Alert> detect(List<Event> events, IntelSet intel) {
        var config = DetectConfig.empty();
        var detectors = Detectors.standard(config, new HostBaselines(BaselineLearner.config(config)), intel);
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(detectors, alerts::add);
        for (Event e : events) {
            try {
                engine.accept(e);
            } catch (NullPointerException npe) {
                throw new AssertionError("on " + e, npe);
            }
        }
        engine.finish();
        return alerts;
    }

    @Test
    void aHorizontalScanInAZeekConnLogIsFound() throws Exception {
        var log = new StringBuilder("""
                #separator \\x09
                #set_separator\t,
                #empty_field\t(empty)
                #unset_field\t-
                #path\tconn
                #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents
                #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]
                """);
        for (int i = 1; i <= 40; i++) {
            log.append(String.format("%d.%06d\tC%016d\t10.1.1.5\t%d\t10.1.2.%d\t445\ttcp\t-\t-\t-\t-\tS0\tT\tT\t0\tS\t1\t44\t0\t0\t-%n",
                    T0 + i, 0, i, 40000 + i, i));
        }
        var events = read(new ZeekLogFormat(), log.toString());
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(40);

        var alerts = detect(events, IntelSet.empty());
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("scan.horizontal")).singleElement()
                .satisfies(a -> {
                    assertThat(a.explanation()).contains("10.1.1.5").contains("40");
                    assertThat(a.evidence()).isNotEmpty();
                });
    }

    @Test
    void aBeaconInNetflowV5RecordsIsFound() {
        var events = new ArrayList<Event>();
        var decoder = new FlowExportDecoder(new ExporterTable(),
                new FlowExportEvents(IngestContext.collecting("udp:2055", events::add)));
        long exporterHi = IpAddress.parseHi("192.0.2.1"), exporterLo = IpAddress.parseLo("192.0.2.1");
        var random = new java.util.Random(7);
        long t = T0;
        for (int i = 0; i < 1440; i++) { // a day, every 60 s ± 3 s, the same 310 bytes each time
            t += 57 + random.nextInt(7);
            ByteBuffer d = v5(t, "10.1.1.7", 50000 + i % 10000, "198.51.100.20", 443, 5, 310);
            assertThat(decoder.decode(d, 0, d.limit(), exporterHi, exporterLo, 2055)).isEqualTo(1);
        }
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(1440);

        var alerts = detect(events, IntelSet.empty());
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("beacon.pair")).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("10.1.1.7").contains("198.51.100.20"));
    }

    @Test
    void aSysmonConnectionToAListedAddressIsFound() throws Exception {
        String sysmon = """
                {"EventID":3,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"ws7.corp.example","UtcTime":"2024-05-01 10:00:05.123","ProcessId":"4242","Image":"C:\\\\Users\\\\bob\\\\AppData\\\\Local\\\\Temp\\\\upd.exe","User":"CORP\\\\bob","Protocol":"tcp","Initiated":"true","SourceIsIpv6":"false","SourceIp":"10.1.1.9","SourceHostname":"ws7.corp.example","SourcePort":"51000","DestinationIsIpv6":"false","DestinationIp":"203.0.113.66","DestinationPort":"443"}
                {"EventID":3,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"ws7.corp.example","UtcTime":"2024-05-01 10:00:09.000","ProcessId":"1200","Image":"C:\\\\Program Files\\\\Browser\\\\browser.exe","User":"CORP\\\\bob","Protocol":"tcp","Initiated":"true","SourceIsIpv6":"false","SourceIp":"10.1.1.9","SourceHostname":"ws7.corp.example","SourcePort":"51001","DestinationIsIpv6":"false","DestinationIp":"198.51.100.80","DestinationPort":"443"}
                """;
        var events = read(new SysmonJsonFormat(), sysmon);
        assertThat(events).filteredOn(ConnectionCreation.class::isInstance).hasSize(2);

        var intel = IntelSet.of(IntelFileReader.read("203.0.113.66\n", "test-feed", false).indicators());
        var alerts = detect(events, intel);
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("intel.match")).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("203.0.113.66"));
    }

    private static List<Event> read(io.sluice.ingest.IngestFormat format, String text) throws Exception {
        var events = new ArrayList<Event>();
        var problems = new ArrayList<String>();
        var ctx = new IngestContext("test", events::add, (s, p, r) -> problems.add(p + ": " + r),
                new io.sluice.flow.UidGenerator(1), new io.sluice.flow.CommunityId(0));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(format.recognises(bytes, bytes.length)).isTrue();
        format.read(new ByteArrayInputStream(bytes), ctx);
        assertThat(problems).isEmpty();
        return events;
    }

    /** One NetFlow v5 datagram holding one record, the flow lasting one second up to {@code unixSecs}. */
    private static ByteBuffer v5(long unixSecs, String src, int sport, String dst, int dport, int packets, int octets) {
        ByteBuffer b = ByteBuffer.allocate(24 + 48);
        int uptime = 1_000_000;
        b.putShort((short) 5).putShort((short) 1).putInt(uptime).putInt((int) unixSecs).putInt(0).putInt(0)
                .put((byte) 0).put((byte) 0).putShort((short) 0);
        b.putInt(IpAddress.parseV4(src)).putInt(IpAddress.parseV4(dst)).putInt(0).putShort((short) 1).putShort((short) 2)
                .putInt(packets).putInt(octets).putInt(uptime - 1000).putInt(uptime)
                .putShort((short) sport).putShort((short) dport).put((byte) 0).put((byte) 0x1b).put((byte) 6).put((byte) 0)
                .putShort((short) 0).putShort((short) 0).put((byte) 0).put((byte) 0).putShort((short) 0);
        b.flip();
        return b;
    }
}
