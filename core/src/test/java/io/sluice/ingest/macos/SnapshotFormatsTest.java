package io.sluice.ingest.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestRun;
import java.util.ArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SnapshotFormatsTest {

    private static final String LSOF = "# 2026-11-28T10:00:00Z\n"
            + "COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n"
            + "launchd       1   root   10u  IPv4 0x1a2b3c4d5e6f7081      0t0  TCP *:22 (LISTEN)\n"
            + "sshd        901   root    4u  IPv4 0x1a2b3c4d5e6f7082      0t0  TCP 192.168.1.5:22->192.168.1.77:50522 (ESTABLISHED)\n"
            + "Google\\x20C 1234  alice   23u  IPv4 0x1a2b3c4d5e6f7083      0t0  TCP 192.168.1.5:52345->142.250.1.1:443 (ESTABLISHED)\n"
            + "Google\\x20C 1234  alice   25u  IPv6 0x1a2b3c4d5e6f7084      0t0  TCP [2001:db8::5]:52346->[2001:db8::2]:443 (SYN_SENT)\n"
            + "mDNSRespo   300 _mdnsresponder 8u IPv4 0x1a2b3c4d5e6f7085  0t0  UDP *:5353\n"
            + "Spotify     555  alice   50u  IPv4 0x1a2b3c4d5e6f7086      0t0  UDP 192.168.1.5:55555->1.2.3.4:4070\n"
            + "curl        777  alice    5u  IPv4 0x1a2b3c4d5e6f7087      0t0  TCP 192.168.1.5:60000->example.com:https (ESTABLISHED)\n";

    @Test
    void lsofSnapshot() {
        var format = new LsofFormat();
        assertThat(IngestRun.recognises(format, LSOF)).isTrue();
        IngestRun run = IngestRun.of(format, LSOF);
        assertThat(run.creations()).extracting(ConnectionCreation::id).containsExactly(
                new ConnId("192.168.1.77", 50522, "192.168.1.5", 22), // local port 22 listens: inbound
                new ConnId("192.168.1.5", 52345, "142.250.1.1", 443),
                new ConnId("2001:db8::5", 52346, "2001:db8::2", 443),
                new ConnId("192.168.1.5", 55555, "1.2.3.4", 4070));
        assertThat(run.creations()).extracting(ConnectionCreation::outcome).containsExactly(
                Outcome.ESTABLISHED, Outcome.ESTABLISHED, Outcome.UNKNOWN, Outcome.UNKNOWN);
        ConnectionCreation chrome = run.creations().get(1);
        assertThat(chrome.process().image()).isEqualTo("Google C");
        assertThat(chrome.process().pid()).isEqualTo(1234L);
        assertThat(chrome.process().user()).isEqualTo("alice");
        assertThat(chrome.tsNanos()).isEqualTo(1_795_860_000L * 1_000_000_000L);
        assertThat(chrome.source()).isEqualTo("lsof");
        assertThat(run.problems).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo("line 9");
            assertThat(p.reason()).contains("-n");
        });
    }

    @Test
    void lsofWithoutTimeSaysSo() {
        IngestRun run = IngestRun.of(new LsofFormat(), LSOF.substring(LSOF.indexOf('\n') + 1));
        assertThat(run.creations()).hasSize(4).allSatisfy(c -> assertThat(c.tsNanos()).isZero());
        assertThat(run.problems).anySatisfy(p -> assertThat(p.reason()).contains("no snapshot time"));
    }

    private static final String NETTOP = "# 2026-11-28\n"
            + "time,,interface,state,bytes_in,bytes_out,rx_dupe,rx_ooo,re-tx,rtt_avg,rcvsize,tx_win,tc_class,tc_mgt,cc_algo,P,C,R,W,arch,\n"
            + "12:55:02.016553,apsd.321,,,61442,38213,0,0,0,,,,,,,,,,,,\n"
            + "12:55:02.016011,tcp4 192.168.1.10:49200<->17.57.144.84:5223,en0,Established,61442,38213,0,0,0,38.06 ms,131072,131072,BE,-,cubic,-,-,-,-,so,\n"
            + "12:55:02.016600,sshd.88,,,0,0,0,0,0,,,,,,,,,,,,\n"
            + "12:55:02.016601,tcp4 *:22<->*:*,lo0,Listen,0,0,0,0,0,,,,,,,,,,,,\n"
            + "12:55:02.016602,tcp6 2001:db8::10.22<->2001:db8::99.61000,en0,Established,10,20,0,0,0,1 ms,1,1,BE,-,cubic,-,-,-,-,so,\n"
            + "12:55:02.016603,udp4 192.168.1.10:5353<->224.0.0.251:5353,en0,,0,0,0,0,0,,,,,,,,,,,,\n"
            + "12:55:02.016604,tcp4 192.168.1.10:1<-17.57.144.84:5223,en0,Established,0,0,0,0,0,,,,,,,,,,,,\n";

    @Test
    void nettopSnapshot() {
        var format = new NettopFormat();
        assertThat(IngestRun.recognises(format, NETTOP)).isTrue();
        IngestRun run = IngestRun.of(format, NETTOP);
        assertThat(run.creations()).extracting(ConnectionCreation::id).containsExactly(
                new ConnId("192.168.1.10", 49200, "17.57.144.84", 5223),
                new ConnId("2001:db8::99", 61000, "2001:db8::10", 22),
                new ConnId("192.168.1.10", 5353, "224.0.0.251", 5353));
        ConnectionCreation apsd = run.creations().get(0);
        assertThat(apsd.process().image()).isEqualTo("apsd");
        assertThat(apsd.process().pid()).isEqualTo(321L);
        assertThat(apsd.outcome()).isEqualTo(Outcome.ESTABLISHED);
        assertThat(apsd.source()).isEqualTo("nettop");
        long day = 20_785L * 86_400L * 1_000_000_000L; // 2026-11-28
        assertThat(apsd.tsNanos()).isEqualTo(day + (12 * 3600 + 55 * 60 + 2) * 1_000_000_000L + 16_011_000L);
        assertThat(run.problems).singleElement().satisfies(p -> assertThat(p.position()).isEqualTo("line 9"));
    }

    @Property
    void lsofRowsRoundTrip(@ForAll @IntRange(min = 1, max = 65535) int lport, @ForAll @IntRange(max = 65535) int rport,
            @ForAll int local, @ForAll int remote, @ForAll @IntRange(max = 99999) int pid) {
        var sockets = new ArrayList<SnapshotSocket>();
        String l = io.sluice.packet.IpAddress.formatV4(local), r = io.sluice.packet.IpAddress.formatV4(remote);
        String problem = LsofFormat.row("proc " + pid + " u 3u IPv4 0x1 0t0 TCP " + l + ":" + lport + "->" + r + ":" + rport
                + " (ESTABLISHED)", sockets);
        assertThat(problem).isNull();
        assertThat(sockets).singleElement().satisfies(s -> {
            assertThat(s.local()).isEqualTo(l);
            assertThat(s.localPort()).isEqualTo(lport);
            assertThat(s.remote()).isEqualTo(r);
            assertThat(s.remotePort()).isEqualTo(rport);
            assertThat(s.process().pid()).isEqualTo((long) pid);
        });
    }

    @Property
    void snapshotLinesNeverThrow(@ForAll @StringLength(max = 160) String line) {
        IngestRun.of(new LsofFormat(), "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n" + line + "\n");
        IngestRun.of(new NettopFormat(), "time,,interface,state,bytes_in,bytes_out\n" + line + "\n");
    }
}
