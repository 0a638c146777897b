package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class SessionInjectionDetectorTest {

    @TempDir
    Path dir;

    private static final SessionInjectionDetector DETECTOR = new SessionInjectionDetector();
    private static final String CLIENT_MAC = "00:16:3e:00:00:05", SERVER_MAC = "00:16:3e:00:00:09",
            ATTACKER_MAC = "00:16:3e:00:00:66", ROUTER_MAC = "00:16:3e:00:00:01";
    private static final int ACK = FrameBuilder.ACK, PSH = FrameBuilder.PSH;

    /** Ethernet frames of one telnet session, written as a pcap and run through the real pipeline. */
    private final class Session {
        final List<byte[]> frames = new ArrayList<>();
        long cSeq = 1001, sSeq = 5001;

        void frame(String srcMac, String dstMac, boolean fromClient, int flags, long seq, long ack, String data) {
            var b = FrameBuilder.ethernet(srcMac, dstMac);
            b = fromClient ? b.ipv4("10.0.0.5", "10.0.0.9").tcp(40000, 23) : b.ipv4("10.0.0.9", "10.0.0.5").tcp(23, 40000);
            b = b.flags(flags).seq(seq).ack(ack);
            if (data != null) b = b.payload(data.getBytes(StandardCharsets.ISO_8859_1));
            frames.add(b.build());
        }

        Session open() {
            frame(CLIENT_MAC, SERVER_MAC, true, FrameBuilder.SYN, cSeq - 1, 0, null);
            frame(SERVER_MAC, CLIENT_MAC, false, FrameBuilder.SYN | ACK, sSeq - 1, cSeq, null);
            frame(CLIENT_MAC, SERVER_MAC, true, ACK, cSeq, sSeq, null);
            server("Debian GNU/Linux 12\r\nlogin: ");
            client(CLIENT_MAC, "alice\r\n");
            server("Password: ");
            client(CLIENT_MAC, "correct horse\r\n");
            server("alice@host:~$ ");
            return this;
        }

        void client(String mac, String data) {
            frame(mac, SERVER_MAC, true, ACK | PSH, cSeq, sSeq, data);
            cSeq += data.length();
            frame(SERVER_MAC, CLIENT_MAC, false, ACK, sSeq, cSeq, null);
        }

        void server(String data) {
            frame(SERVER_MAC, CLIENT_MAC, false, ACK | PSH, sSeq, cSeq, data);
            sSeq += data.length();
            frame(CLIENT_MAC, SERVER_MAC, true, ACK, cSeq, sSeq, null);
        }

        List<Event> events() throws Exception {
            Path pcap = dir.resolve("telnet.pcap");
            try (var w = PcapWriter.create(pcap, FrameBuilder.ethernet(CLIENT_MAC, SERVER_MAC).linkType(), 65535,
                    PcapWriter.Resolution.NANOS)) {
                long t = 1_767_225_600_000_000_000L;
                for (byte[] f : frames) w.write(t += 10_000_000, f, 0, f.length, f.length);
            }
            return CraftedCapture.eventsOf(pcap);
        }
    }

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    private static List<String> weirds(List<Event> events) {
        return events.stream().filter(Weird.class::isInstance).map(e -> ((Weird) e).name()).toList();
    }

    /** shijack's way: a command injected with the client's addresses and next sequence number. */
    @Test
    void aCommandInjectedIntoATelnetSessionIsHijacking() throws Exception {
        var s = new Session().open();
        long at = s.cSeq;
        s.client(ATTACKER_MAC, "echo owned >> .rhosts\r\n"); // the attacker, spoofing the client
        s.cSeq = at; // the client does not know: its next command reuses those sequence numbers
        s.client(CLIENT_MAC, "ls -la /home/alice\r\n");
        var events = s.events();
        assertThat(weirds(events)).containsOnlyOnce("TCP_injected_data");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("tcp.session_injection");
            assertThat(a.techniques()).containsExactly(Technique.of("T1563"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstHosts()).containsExactly("10.0.0.9");
            assertThat(a.explanation()).isEqualTo("data was injected into 10.0.0.5:40000 -> 10.0.0.9:23, a remote-service "
                    + "session: 10.0.0.5's next bytes came first from another station, and 10.0.0.5 itself then sent other "
                    + "bytes at the same sequence numbers (orig seq 23: 00:16:3e:00:00:66 sent it first, 00:16:3e:00:00:05 "
                    + "other bytes)");
        });
    }

    /** A sensor that sees the client's segments twice, before and after a router: the same bytes. */
    @Test
    void theSameSegmentsSeenFromASecondCapturePointAreNot() throws Exception {
        var s = new Session().open();
        for (String cmd : List.of("ls\r\n", "uptime\r\n")) {
            long at = s.cSeq;
            s.client(CLIENT_MAC, cmd);
            long after = s.cSeq;
            s.cSeq = at;
            s.client(ROUTER_MAC, cmd); // the copy from the router's side
            s.cSeq = after;
            s.server(cmd.strip() + " output\r\nalice@host:~$ ");
        }
        var events = s.events();
        assertThat(weirds(events)).doesNotContain("TCP_injected_data");
        assertThat(run(events)).isEmpty();
    }

    /** The same, with the router's copy arriving first: the same bytes again. */
    @Test
    void aCopyThatArrivesFirstIsNotEither() throws Exception {
        var s = new Session().open();
        long at = s.cSeq;
        s.client(ROUTER_MAC, "ls\r\n");
        s.cSeq = at;
        s.client(CLIENT_MAC, "ls\r\n");
        assertThat(weirds(s.events())).doesNotContain("TCP_injected_data");
    }

    @Test
    void otherBytesResentByTheSameStationAreNot() throws Exception {
        var s = new Session().open();
        long at = s.cSeq;
        s.client(CLIENT_MAC, "ls\r\n");
        s.cSeq = at;
        s.client(CLIENT_MAC, "ps\r\n"); // a broken stack resending other bytes
        assertThat(weirds(s.events())).doesNotContain("TCP_injected_data");
    }

    /** No corpus capture holds an injection: none has the weird, with checksums checked or not. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnTheCorpus() throws Exception {
        var events = new ArrayList<Event>();
        for (Path p : Corpus.captures("pcap-protocols", "pcap-attacks")) {
            CraftedCapture.eventsOf(p, io.sluice.flow.FlowConfig.defaults().withVerifyChecksums(false)).stream()
                    .filter(Weird.class::isInstance).forEach(events::add);
            CraftedCapture.eventsOf(p).stream().filter(Weird.class::isInstance).forEach(events::add);
        }
        assertThat(events).hasSizeGreaterThan(100);
        assertThat(weirds(events)).doesNotContain("TCP_injected_data");
        assertThat(run(events)).isEmpty();
    }
}
