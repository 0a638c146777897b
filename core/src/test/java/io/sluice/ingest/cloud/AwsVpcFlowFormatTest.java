package io.sluice.ingest.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestRun;
import io.sluice.packet.IpAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AwsVpcFlowFormatTest {

    private final AwsVpcFlowFormat format = new AwsVpcFlowFormat();

    @Test
    void defaultV2LinesWithoutHeader() {
        String in = "2 123456789010 eni-abc 10.0.1.5 172.16.0.9 49152 443 6 10 840 1700000000 1700000060 ACCEPT OK\n"
                + "2 123456789010 eni-abc 10.0.1.5 172.16.0.9 49152 443 6 4 200 1700000060 1700000120 ACCEPT OK\n"
                + "2 123456789010 eni-abc - - - - - - - 1700000000 1700000060 - NODATA\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).hasSize(2);
        FlowRecord f = run.flows().get(0);
        assertThat(f.id()).isEqualTo(new ConnId("10.0.1.5", 49152, "172.16.0.9", 443));
        assertThat(f.tsNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(f.durationNanos()).isEqualTo(60_000_000_000L);
        assertThat(f.origPkts()).isEqualTo(10);
        assertThat(f.origIpBytes()).isEqualTo(840);
        assertThat(f.origBytes()).isNull();
        assertThat(f.exporter()).isEqualTo("eni-abc");
        assertThat(f.source()).isEqualTo("aws-vpc");
        // one connection, two intervals: one creation, sharing the first flow record's uid
        assertThat(run.creations()).singleElement().satisfies(c -> {
            assertThat(c.uid()).isEqualTo(f.uid());
            assertThat(c.outcome()).isEqualTo(Outcome.UNKNOWN);
        });
    }

    @Test
    void customFormatWithHeaderInAnyOrderAndTcpFlags() {
        String in = "version interface-id srcaddr dstaddr srcport dstport protocol tcp-flags packets bytes start end action log-status flow-direction\n"
                + "5 eni-1 10.0.0.5 10.0.0.9 40000 22 6 2 3 180 1700000000 1700000010 ACCEPT OK egress\n"
                + "5 eni-1 10.0.0.9 10.0.0.5 22 40000 6 18 2 120 1700000000 1700000010 ACCEPT OK ingress\n"
                + "5 eni-1 10.0.0.7 10.0.0.9 40001 22 6 1 1 52 1700000000 1700000010 ACCEPT OK egress\n"
                + "5 eni-1 198.51.100.1 10.0.0.9 40002 3389 6 2 1 60 1700000000 1700000010 REJECT OK ingress\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).extracting(FlowRecord::id).containsExactly(
                new ConnId("10.0.0.5", 40000, "10.0.0.9", 22),
                new ConnId("10.0.0.5", 40000, "10.0.0.9", 22), // SYN-ACK: the reply direction, turned round
                new ConnId("10.0.0.7", 40001, "10.0.0.9", 22),
                new ConnId("198.51.100.1", 40002, "10.0.0.9", 3389));
        FlowRecord reply = run.flows().get(1);
        assertThat(reply.origPkts()).isZero();
        assertThat(reply.respPkts()).isEqualTo(2);
        assertThat(reply.respIpBytes()).isEqualTo(120);
        assertThat(run.creations()).extracting(ConnectionCreation::outcome)
                .containsExactly(Outcome.UNKNOWN, Outcome.MIDSTREAM, Outcome.REJECTED);
        assertThat(run.flows().get(3).connState()).isEqualTo("REJ");
    }

    @Test
    void headerWithoutVersionInTheFormatsOwnOrder() {
        String in = "start end srcaddr dstaddr srcport dstport protocol packets bytes interface-id\n"
                + "1700000000 1700000005 10.0.0.1 10.0.0.2 1234 53 17 1 70 eni-9\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(new ConnId("10.0.0.1", 1234, "10.0.0.2", 53));
            assertThat(f.durationNanos()).isEqualTo(5_000_000_000L);
            assertThat(f.connState()).isEqualTo("OTH");
            assertThat(f.exporter()).isEqualTo("eni-9");
        });
    }

    @Test
    void icmpPortsAreZeeksTypeAndCounterpart() {
        IngestRun run = IngestRun.of(format,
                "2 1 eni-1 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK\n");
        FlowRecord f = run.flows().get(0);
        assertThat(f.id()).isEqualTo(new ConnId("203.0.113.12", 0, "172.31.16.139", 8));
        assertThat(f.proto()).isEqualTo("icmp");
        assertThat(f.communityId()).isEqualTo("1:H//CCQJhRqDUJ9c23S0VrQ+drxU="); // Elastic's value for this record
    }

    @Test
    void malformedLinesAreReportedWithLineNumbersAndTheRestKept() {
        String good = "2 1 eni-1 10.0.0.1 10.0.0.2 1000 80 6 1 60 1700000000 1700000001 ACCEPT OK";
        String in = good + "\n"
                + "2 1 eni-1 10.0.0.x 10.0.0.2 1000 80 6 1 60 1700000000 1700000001 ACCEPT OK\n"
                + "2 1 eni-1 10.0.0.1 10.0.0.2 1000 99999 6 1 60 1700000000 1700000001 ACCEPT OK\n"
                + "2 1 eni-1 10.0.0.1 10.0.0.2 1000 80 6 1 60 1700000000 1700000001 MAYBE OK\n"
                + "garbage\n"
                + good.replace("1000", "1001") + "\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.flows()).extracting(f -> f.id().origP()).containsExactly(1000, 1001);
        assertThat(run.problems).extracting(IngestRun.Problem::position)
                .containsExactly("line 2", "line 3", "line 4", "line 5");
        assertThat(run.problems.get(0).reason()).contains("srcaddr");
        assertThat(run.problems.get(1).reason()).contains("dstport");
    }

    @Test
    void recognisesOnlyFlowLogs() {
        assertThat(IngestRun.recognises(format, "version srcaddr dstaddr\n")).isTrue();
        assertThat(IngestRun.recognises(format, "srcaddr dstport\n")).isFalse();
        assertThat(IngestRun.recognises(format, "{\"records\":[]}")).isFalse();
        assertThat(IngestRun.recognises(format, "2 a b c\n")).isFalse();
    }

    @Property
    void v2LinesRoundTrip(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sport,
            @ForAll @IntRange(max = 65535) int dport, @ForAll @LongRange(max = 1L << 40) long packets,
            @ForAll @LongRange(max = 1L << 50) long bytes, @ForAll @LongRange(max = 4_000_000_000L) long start,
            @ForAll @IntRange(max = 600) int length, @ForAll boolean reject) throws Exception {
        String s = IpAddress.formatV4(src), d = IpAddress.formatV4(dst);
        String line = "2 1 eni-1 " + s + " " + d + " " + sport + " " + dport + " 17 " + packets + " " + bytes + " "
                + start + " " + (start + length) + " " + (reject ? "REJECT" : "ACCEPT") + " OK";
        String[] t = line.split(" ");
        AwsFlowLogLine r = AwsFlowLogLine.parse(t, AwsFlowLogLayout.documented(t));
        assertThat(r.srcaddr()).isEqualTo(s);
        assertThat(r.dstaddr()).isEqualTo(d);
        assertThat(r.srcport()).isEqualTo(sport);
        assertThat(r.dstport()).isEqualTo(dport);
        assertThat(r.packets()).isEqualTo(packets);
        assertThat(r.bytes()).isEqualTo(bytes);
        assertThat(r.end() - r.start()).isEqualTo(length);
        assertThat(r.action()).isEqualTo(reject ? "REJECT" : "ACCEPT");
    }

    @Property
    void anyLineIsAFlowAProblemOrSkippedNeverAnException(@ForAll @StringLength(max = 200) String line) {
        assertThatCode(() -> IngestRun.of(format, "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK\n" + line + "\n"))
                .doesNotThrowAnyException();
    }

    @Property
    void damagedFieldsAreReportedNotThrown(@ForAll @IntRange(min = 3, max = 13) int field,
            @ForAll @StringLength(min = 1, max = 12) String junk) {
        String[] t = "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK".split(" ");
        t[field] = junk.replaceAll("\\s", "x");
        IngestRun run = IngestRun.of(format, String.join(" ", t) + "\n");
        assertThat(run.flows().size() + run.problems.size()).isLessThanOrEqualTo(1);
    }
}
