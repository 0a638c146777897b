package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RemoteBruteForceDetectorTest {

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new RemoteBruteForceDetector(RemoteBruteForceDetector.Config.DEFAULTS), events);
    }

    private static SshHandshake ssh(double at, int port, Boolean success, long attempts) {
        return new SshHandshake(t(at), "Cssh" + port, new ConnId("203.0.113.9", port, "10.0.0.22", 22), 2, success,
                attempts, "INBOUND", "SSH-2.0-libssh_0.9", "SSH-2.0-OpenSSH_9.6", null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private static NtlmAuthentication ntlm(double at, String user, Boolean success) {
        return new NtlmAuthentication(t(at), "Cntlm" + user, new ConnId("10.0.0.66", 50000, "10.0.0.10", 445), user,
                "WS66", "CORP", null, null, null, success);
    }

    private static KerberosTransaction krb(double at, String client, Long error) {
        return new KerberosTransaction(t(at), "Ckrb" + client, new ConnId("10.0.0.66", 50001, "10.0.0.2", 88), "AS",
                client + "/CORP.EXAMPLE", "krbtgt/CORP.EXAMPLE", error == null, null, null, null, null, null, null,
                error, List.of(), null);
    }

    @Test
    void sshPasswordGuessing() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) events.add(ssh(i * 5, 40001 + i, false, 6)); // hydra: a session per few guesses
        events.add(ssh(40, 40010, true, 1));
        var alerts = run(events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("remote.bruteforce");
            assertThat(a.techniques()).containsExactly(Technique.of("T1110"), Technique.of("T1021.004"),
                    Technique.of("T1021"));
            assertThat(a.srcHost()).isEqualTo("203.0.113.9");
            assertThat(a.dstHosts()).containsExactly("10.0.0.22");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).startsWith("203.0.113.9 failed to authenticate 5 times in 20 s (5 ssh) against 1 host with accounts not visible");
            assertThat(a.count()).isEqualTo(1);
        });
    }

    @Test
    void oneSshSessionTryingManyKeysIsNotBruteForce() {
        assertThat(run(List.of(ssh(0, 40001, false, 6), ssh(1, 40002, true, 5)))).isEmpty();
    }

    @Test
    void ntlmSprayOverSmb() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 6; i++) events.add(ntlm(i, "user" + i, false));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1110.003"), Technique.of("T1021.002"));
            assertThat(a.explanation()).contains("6 ntlm/smb").contains("with 6 accounts");
            assertThat(a.count()).as("re-raised per failure past the threshold, merged").isEqualTo(2);
        });
    }

    @Test
    void kerberosUserEnumerationIsIdentityGathering() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 4; i++) events.add(krb(i, "guess" + i, 6L)); // C_PRINCIPAL_UNKNOWN
        events.add(krb(5, "alice", 24L)); // PREAUTH_FAILED
        events.add(krb(6, "bob", 25L)); // PREAUTH_REQUIRED: the normal first step, not a failure
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1110"), Technique.of("T1110.003"),
                    Technique.of("T1589"), Technique.of("T1589.002"));
            assertThat(a.explanation()).contains("5 times").contains("4 of them do not exist");
        });
    }

    @Test
    void shortRdpSessions() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) {
            events.add(conn("10.0.0.66", "10.0.0.23", 3389).origPort(50100 + i).service("rdp").duration(1.5)
                    .bytes(2000, 3000).at(i * 10).flow());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1021.001"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        });
    }

    @Test
    void quietBelowTheThresholdOutsideTheWindowAndOnSuccess() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 4; i++) events.add(ntlm(i, "alice", false)); // four mistypes
        for (int i = 0; i < 10; i++) events.add(ntlm(10 + i, "bob", true));
        for (int i = 0; i < 10; i++) {
            events.add(conn("10.0.0.67", "10.0.0.23", 3389).origPort(50200 + i).service("rdp").duration(600)
                    .bytes(90_000, 900_000).at(i * 700).flow()); // real sessions
        }
        assertThat(run(events)).isEmpty();
        var spread = new ArrayList<Event>();
        for (int i = 0; i < 8; i++) spread.add(ntlm(i * 301, "carol", false)); // 2 per 10 min window at most
        assertThat(run(spread)).isEmpty();
    }

    @Test
    void atTheThreshold() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) events.add(ntlm(i * 149, "dave", false)); // 5 within 596 s < 10 min
        assertThat(run(events)).singleElement().satisfies(a ->
                assertThat(a.techniques()).contains(Technique.of("T1110.001")));
        assertThat(run(events.subList(0, 4))).isEmpty();
    }

    /** sbousseaden/PCAP-ATTACK: kerbrute password spray with AS-REQs, several accounts that do not exist. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void kerbruteSpray() throws Exception {
        var run = PipelineEvents.run(Corpus.file(
                "pcap-attacks/pcap-attack/CredAccess/CA_kerbrute_passwordspray_kerberos_AS-REQ.pcapng"));
        var alerts = run(DetectorHarness.inObservedOrder(run.emitted()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.techniques()).contains(Technique.of("T1110"), Technique.of("T1110.003"), Technique.of("T1589"));
            assertThat(a.explanation()).contains("9 times").contains("7 of them do not exist");
        });
    }

    /** The ordinary protocol traces of the corpus (Zeek's and suricata-verify's): no brute force. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void ordinaryCapturesAreQuiet() throws Exception {
        List<java.nio.file.Path> captures;
        try (Stream<java.nio.file.Path> files = Files.walk(Corpus.file("pcap-protocols/zeek"))) {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        assertThat(captures).isNotEmpty();
        var fired = new ArrayList<String>();
        for (var pcap : captures) {
            for (Alert a : run(DetectorHarness.inObservedOrder(PipelineEvents.run(pcap).emitted()))) {
                fired.add(Corpus.root().relativize(pcap) + ": " + a.explanation());
            }
        }
        assertThat(fired).isEmpty();
    }
}
