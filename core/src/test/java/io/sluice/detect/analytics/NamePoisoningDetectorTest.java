package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import io.sluice.capture.PcapWriter;
import io.sluice.packet.craft.FrameBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class NamePoisoningDetectorTest {

    private static final NamePoisoningDetector DETECTOR =
            new NamePoisoningDetector(NamePoisoningDetector.Config.defaults());
    private static final String RESPONDER = "10.0.0.66";

    /** The unicast answer row of an LLMNR (5355) or NBNS (137) query: the querier is the originator. */
    private static DnsTransaction answer(double s, String service, String requester, String responder, String name,
            String address) {
        int port = service.equals("nbns") ? 137 : 5355;
        boolean nb = service.equals("nbns");
        return new DnsTransaction(t(s), "C" + Math.abs((requester + name + s).hashCode()),
                new ConnId(requester, 50000 + (int) s, responder, port), "udp", 7, 1_000_000L, name.toLowerCase(), 1,
                "C_INTERNET", nb ? 32 : 1, nb ? "NB" : "A", 0, "NOERROR", true, false, false, false, 0,
                nb ? List.of() : List.of(address), nb ? List.of() : List.of(30L), false, 0, "query", null, service,
                nb ? "<20>" : null, nb ? "file_server" : null, nb ? List.of(address) : null);
    }

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    /** Responder at work: mistyped share names and WPAD, asked by three workstations, all answered with its own address. */
    @Test
    void responderAnsweringManyNamesIsHigh() {
        var events = new ArrayList<Event>();
        events.add(answer(1, "llmnr", "10.0.0.20", RESPONDER, "fileserv", RESPONDER));
        events.add(answer(2, "nbns", "10.0.0.21", RESPONDER, "PRINTR", RESPONDER));
        events.add(answer(3, "llmnr", "10.0.0.22", RESPONDER, "sharepoint-old", RESPONDER));
        events.add(answer(4, "llmnr", "10.0.0.20", RESPONDER, "backup01", RESPONDER));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1557.001"));
            assertThat(a.srcHost()).isEqualTo(RESPONDER);
            assertThat(a.dstHosts()).containsExactlyInAnyOrder("10.0.0.20", "10.0.0.21", "10.0.0.22");
            assertThat(a.explanation()).contains("answered llmnr/nbns queries of 3 hosts for 4 names")
                    .contains("4 answers gave its own address");
        });
    }

    @Test
    void answeringWpadIsHighAtOnce() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(answer(1, "llmnr", "10.0.0.20", RESPONDER, "wpad",
                RESPONDER)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("WPAD/ISATAP");
        });
    }

    @Test
    void aHostAnsweringForItsOwnNameIsQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) {
            events.add(answer(i, "llmnr", "10.0.0." + (20 + i), "10.0.0.10", "nas01", "10.0.0.10"));
            events.add(answer(i + 0.5, "nbns", "10.0.0." + (20 + i), "10.0.0.10", "NAS01", "10.0.0.10"));
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void threeNamesForTwoHostsIsMediumFourIsHigh() {
        var events = new ArrayList<Event>();
        events.add(answer(1, "llmnr", "10.0.0.20", RESPONDER, "a1", RESPONDER));
        events.add(answer(2, "llmnr", "10.0.0.21", RESPONDER, "b2", RESPONDER));
        events.add(answer(3, "llmnr", "10.0.0.21", RESPONDER, "c3", RESPONDER));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        events.add(answer(4, "llmnr", "10.0.0.21", RESPONDER, "d4", RESPONDER));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    /** An LLMNR message: one A question, and when {@code answer} is set, the response with that address. */
    private static byte[] llmnr(int id, String name, String answer) {
        var out = new ByteArrayOutputStream();
        out.write(id >> 8);
        out.write(id);
        out.write(answer == null ? 0 : 0x80); // QR
        out.write(0);
        out.writeBytes(new byte[] {0, 1, 0, (byte) (answer == null ? 0 : 1), 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
        if (answer != null) {
            out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4});
            for (String octet : answer.split("\\.")) out.write(Integer.parseInt(octet));
        }
        return out.toByteArray();
    }

    /**
     * Responder's behaviour crafted frame by frame through the real pipeline: three workstations
     * multicast LLMNR queries for mistyped names and WPAD, and 10.0.0.66 answers each, unicast, with
     * its own address, before the real owner could.
     */
    @Test
    void craftedLlmnrPoisoningThroughThePipeline(@TempDir Path dir) throws Exception {
        var pcap = dir.resolve("llmnr-poison.pcap");
        String[][] asks = {{"10.0.0.20", "fileserv"}, {"10.0.0.21", "printr"}, {"10.0.0.22", "wpad"},
                {"10.0.0.20", "backup01"}};
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < asks.length; i++) {
                int port = 51000 + i;
                byte[] q = FrameBuilder.raw().ipv4(asks[i][0], "224.0.0.252").udp(port, 5355)
                        .payload(llmnr(100 + i, asks[i][1], null)).build();
                byte[] r = FrameBuilder.raw().ipv4(RESPONDER, asks[i][0]).udp(5355, port)
                        .payload(llmnr(100 + i, asks[i][1], RESPONDER)).build();
                w.write(t(10 * i), q, 0, q.length, q.length);
                w.write(t(10 * i + 0.002), r, 0, r.length, r.length);
            }
        }
        var events = DetectorHarness.inObservedOrder(PipelineEvents.run(pcap).emitted());
        assertThat(events).filteredOn(e -> e instanceof DnsTransaction d && "llmnr".equals(d.nameService()))
                .isNotEmpty();
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo(RESPONDER);
            assertThat(a.explanation()).contains("WPAD/ISATAP").contains("4 names");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnLlmnrAndMdnsTraces() throws Exception {
        assertThat(capture("pcap-protocols/suricata-verify/llmnr__llmnr-udp/input.pcap")).isEmpty();
        assertThat(capture("pcap-protocols/suricata-verify/llmnr__llmnr-tcp/input.pcap")).isEmpty();
        assertThat(capture("pcap-protocols/suricata-verify/mdns/frag-9.pcap")).isEmpty();
    }
}
