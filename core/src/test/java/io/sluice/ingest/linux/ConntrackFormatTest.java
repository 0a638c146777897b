package io.sluice.ingest.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestRun;
import io.sluice.packet.IpAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ConntrackFormatTest {

    private final ConntrackFormat format = new ConntrackFormat();

    @Test
    void newThenDestroyWithAccountingIsOneConnection() {
        String in = "[1700000000.250000]\t    [NEW] tcp      6 120 SYN_SENT src=10.0.0.2 dst=93.184.216.34 sport=51234 dport=443 [UNREPLIED] src=93.184.216.34 dst=10.0.0.2 sport=443 dport=51234\n"
                + "[1700000000.300000]\t [UPDATE] tcp      6 60 SYN_RECV src=10.0.0.2 dst=93.184.216.34 sport=51234 dport=443 src=93.184.216.34 dst=10.0.0.2 sport=443 dport=51234\n"
                + "[1700000004.250000]\t[DESTROY] tcp      6 src=10.0.0.2 dst=93.184.216.34 sport=51234 dport=443 packets=10 bytes=1000 src=93.184.216.34 dst=10.0.0.2 sport=443 dport=51234 packets=8 bytes=5000 [ASSURED] mark=0 use=1\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        var c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("10.0.0.2", 51234, "93.184.216.34", 443));
        assertThat(c.tsNanos()).isEqualTo(1_700_000_000_250_000_000L);
        assertThat(c.source()).isEqualTo("conntrack");
        FlowRecord f = run.flows().get(0);
        assertThat(f.uid()).isEqualTo(c.uid());
        assertThat(f.tsNanos()).isEqualTo(c.tsNanos());
        assertThat(f.durationNanos()).isEqualTo(4_000_000_000L);
        assertThat(new long[] {f.origPkts(), f.origIpBytes(), f.respPkts(), f.respIpBytes()}).containsExactly(10, 1000, 8, 5000);
        assertThat(f.connState()).isEqualTo("OTH");
    }

    @Test
    void icmpUnrepliedExtendedAndUntimed() {
        String in = "    [NEW] ipv4     2 icmp     1 30 src=10.0.0.1 dst=10.0.0.9 type=8 code=0 id=77 [UNREPLIED] src=10.0.0.9 dst=10.0.0.1 type=0 code=0 id=77\n"
                + "[DESTROY] ipv4     2 icmp     1 src=10.0.0.1 dst=10.0.0.9 type=8 code=0 id=77 [UNREPLIED] src=10.0.0.9 dst=10.0.0.1 type=0 code=0 id=77 delta-time=30\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations().get(0).id()).isEqualTo(new ConnId("10.0.0.1", 8, "10.0.0.9", 0));
        assertThat(run.flows().get(0).connState()).isEqualTo("S0");
        assertThat(run.flows().get(0).durationNanos()).isEqualTo(30_000_000_000L);
        assertThat(run.problems).singleElement().satisfies(p -> assertThat(p.reason()).contains("no timestamps"));
    }

    @Test
    void badLinesAreReportedWithTheirNumbers() {
        String in = "[1.0] [NEW] tcp 6 120 SYN_SENT src=10.0.0.2 dst=10.0.0.3 sport=1 dport=2\n"
                + "hello\n"
                + "[1.0] [NEW] tcp 6 120 SYN_SENT src=10.0.0.x dst=10.0.0.3 sport=1 dport=2\n"
                + "[1.0] [NEW] tcp 6 120 SYN_SENT src=10.0.0.2 dst=10.0.0.3\n"
                + "[1.0] [NEW] udp 17 30 src=10.0.0.2 dst=10.0.0.3 sport=5 dport=53\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations()).hasSize(2);
        assertThat(run.problems).extracting(IngestRun.Problem::position).containsExactly("line 2", "line 3", "line 4");
    }

    @Property
    void destroyLinesRoundTrip(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sport,
            @ForAll @IntRange(max = 65535) int dport, @ForAll @LongRange(max = 1L << 40) long packets,
            @ForAll @LongRange(max = 1L << 50) long bytes, @ForAll boolean udp) throws Exception {
        String s = IpAddress.formatV4(src), d = IpAddress.formatV4(dst);
        String line = "[1700000000.000001] [DESTROY] " + (udp ? "udp      17" : "tcp      6") + " src=" + s + " dst=" + d
                + " sport=" + sport + " dport=" + dport + " packets=" + packets + " bytes=" + bytes + " src=" + d + " dst=" + s
                + " sport=" + dport + " dport=" + sport + " packets=3 bytes=4";
        ConntrackLine c = ConntrackLine.parse(line);
        assertThat(c.proto()).isEqualTo(udp ? 17 : 6);
        assertThat(c.origH()).isEqualTo(s);
        assertThat(c.respH()).isEqualTo(d);
        assertThat(c.origPort()).isEqualTo(sport);
        assertThat(c.respPort()).isEqualTo(dport);
        assertThat(c.packets()).isEqualTo(packets);
        assertThat(c.bytes()).isEqualTo(bytes);
        assertThat(c.replyPackets()).isEqualTo(3);
        assertThat(c.tsNanos()).isEqualTo(1_700_000_000_000_001_000L);
    }

    @Property
    void garbageIsMalformedNeverAnotherException(@ForAll @StringLength(max = 200) String line) {
        try {
            ConntrackLine.parse("[NEW] " + line);
        } catch (ConntrackLine.Malformed expected) {
            // the format reports it with its line number
        }
    }
}
