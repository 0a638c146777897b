package io.sluice.detect.analytics;

import static io.sluice.testing.CraftedSessions.client;
import static io.sluice.testing.CraftedSessions.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import io.sluice.testing.CraftedSessions;
import io.sluice.testing.CraftedSessions.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class PlaintextCheckInDetectorTest {

    private static final PlaintextCheckInDetector DETECTOR = new PlaintextCheckInDetector();

    @TempDir
    Path dir;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One session from an inside host to {@code server}:{@code port} through the real pipeline. */
    private List<Alert> session(String server, int port, Message... messages) {
        List<Event> events = new CraftedSessions().tcp("10.0.0.5", 50000, server, port, 0.2, List.of(messages)).events(dir);
        return DetectorHarness.run(DETECTOR, events);
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void theRatInTheCorpusChecksInWithItsVictimsInventory() throws Exception {
        var events = PipelineEvents.run(Corpus.file("pcap-attacks/chrissanders-packets/ratinfected.pcapng")).emitted();
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.techniques()).containsExactly(Technique.of("T1095"));
            assertThat(a.srcHost()).isEqualTo("172.16.0.114");
            assertThat(a.dstHosts()).containsExactly("172.16.0.111");
            assertThat(a.explanation()).contains("172.16.0.114 sent, first on a tcp connection 172.16.0.114:6641 -> 172.16.0.111:4433")
                    .contains("\"ANABILGI|192.168.126.143|US|rat1|NO|Administrator / CSANDERS-6F7F77|Windows XP Service Pack 3|");
        });
    }

    /** The corpus's Aurora capture: after the browser exploit, the victim opens a reverse shell to the attacker. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void theAuroraVictimsReverseShellIsHigh() throws Exception {
        var events = PipelineEvents.run(Corpus.file("pcap-attacks/chrissanders-packets/aurora.pcapng")).emitted();
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("192.168.100.206 sent, first on a tcp connection 192.168.100.206:1032 ->"
                    + " 192.168.100.202:4321").contains("a Windows command shell's banner").contains("\"Microsoft Windows XP [Version 5.1.2600] (C) Copyright 1985-2001 Microsoft Corp.");
        });
    }

    @Test
    void aVictimsInventorySentToItsControllerIsACheckIn() {
        var alerts = session("203.0.113.9", 5552, client(text("NEWBOT|DESKTOP-4FQ2K|CORP\\alice|Microsoft Windows 10 Pro"
                + " x64|AMD Ryzen 5 3600 6-Core|16384 MB|v2.1|" + "0".repeat(40) + "\r\n")), server(text("OK|sleep=30\r\n")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).startsWith("10.0.0.5 sent").contains("NEWBOT|DESKTOP-4FQ2K");
        });
    }

    @Test
    void aReverseShellsBannerIsHighAndNamesTheShellsSide() {
        var alerts = session("203.0.113.9", 4444, server(text("Microsoft Windows [Version 10.0.19045.3570]\r\n(c) Microsoft"
                + " Corporation. All rights reserved.\r\n\r\nC:\\Users\\alice\\Downloads>")), client(text("whoami\r\n")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("203.0.113.9 sent").contains("a Windows command shell's banner");
        });
    }

    @Test
    void ordinaryTextAndBinaryProtocolsNoDissectorKnowsAreQuiet() {
        // a chat-like line protocol, text that names an operating system alone, and random bytes
        assertThat(session("203.0.113.9", 6000, client(text("HELLO client=42 version=3.1 lang=en-GB\r\nPING 1\r\nPING 2\r\n"
                + "JOIN #general\r\n")), server(text("WELCOME 42\r\nPONG 1\r\nPONG 2\r\n" + "MOTD: welcome aboard\r\n")))).isEmpty();
        assertThat(session("203.0.113.9", 6001, client(text("REPORT build=ok target=Windows 10 tests=412 failed=0 "
                + "duration=812s branch=main\r\n")))).isEmpty();
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        assertThat(session("203.0.113.9", 6002, client(random), server(random))).isEmpty();
    }
}
