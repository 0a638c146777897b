package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The busy-network scenario writes what it says, and the dissectors read all of it as ordinary traffic. */
class TrafficMixTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryKindOfSessionItDescribes() throws Exception {
        var run = ScenarioRun.of(dir, 5, new TrafficMix(2_000));
        Map<String, Integer> services = new TreeMap<>(), states = new TreeMap<>();
        int v6 = 0;
        for (var e : run.events) {
            if (e instanceof FlowRecord f) {
                services.merge(f.service() == null ? "-" : f.service(), 1, Integer::sum);
                states.merge(f.connState(), 1, Integer::sum);
                if (f.id().origH().indexOf(':') >= 0) v6++;
            }
        }
        assertThat(services).containsKeys("dns", "http", "ssl", "ssh", "ntp");
        assertThat(services.get("dns")).isGreaterThan(services.get("ssl"));
        assertThat(states).containsKeys("SF", "REJ", "S0");
        assertThat(states.get("SF")).isGreaterThan(states.get("REJ") + states.get("S0"));
        assertThat(v6).isPositive();

        long tls = run.events.stream().filter(TlsHandshake.class::isInstance).map(TlsHandshake.class::cast)
                .filter(s -> s.serverName() != null && s.established()).count();
        long http = run.events.stream().filter(HttpTransaction.class::isInstance).count();
        long ssh = run.events.stream().filter(SshHandshake.class::isInstance).map(SshHandshake.class::cast)
                .filter(s -> s.hassh() != null).count();
        long nx = run.events.stream().filter(DnsTransaction.class::isInstance).map(DnsTransaction.class::cast)
                .filter(d -> "NXDOMAIN".equals(d.rcodeName())).count();
        assertThat(tls).as("TLS sessions with SNI that completed their handshake").isPositive();
        assertThat(http).isPositive();
        assertThat(ssh).as("SSH sessions with a HASSH").isPositive();
        assertThat(nx).isPositive();
        assertThat(run.events).noneMatch(io.sluice.event.Weird.class::isInstance);
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        var a = dir.resolve("a.pcap");
        var b = dir.resolve("b.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 9).write(java.util.List.of(new TrafficMix(300)), a);
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 9).write(java.util.List.of(new TrafficMix(300)), b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }
}
