package io.sluice.ingest.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestRun;
import io.sluice.packet.IpAddress;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AuditdFormatTest {

    private final AuditdFormat format = new AuditdFormat();

    /** struct sockaddr_in as audit logs it on a little-endian machine. */
    static String inet(String address, int port) {
        int v4 = IpAddress.parseV4(address);
        return String.format("0200%04X%08X0000000000000000", port, v4);
    }

    static String inet6(String address, int port) {
        byte[] a = IpAddress.parse(address);
        return String.format("0A00%04X00000000", port) + HexFormat.of().withUpperCase().formatHex(a) + "00000000";
    }

    static String syscall(String ts, String arch, int nr, String success, int exit, String extra) {
        return "type=SYSCALL msg=audit(" + ts + "): arch=" + arch + " syscall=" + nr + " success=" + success
                + " exit=" + exit + " a0=3 a1=7ffc a2=10 a3=0 items=0 ppid=1 pid=4321 auid=1000 uid=1000 gid=1000"
                + " euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm=\"curl\""
                + " exe=\"/usr/bin/curl\" key=\"net\"" + extra;
    }

    @Test
    void x86_64ConnectJoinedWithItsSockaddr() {
        String in = syscall("1700000000.123:100", "c000003e", 42, "yes", 0, "") + "\n"
                + "type=SOCKADDR msg=audit(1700000000.123:100): saddr=" + inet("93.184.216.34", 443) + "\n"
                + "type=PROCTITLE msg=audit(1700000000.123:100): proctitle=6375726C\n"
                + "type=EOE msg=audit(1700000000.123:100): \n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("0.0.0.0", 0, "93.184.216.34", 443));
        assertThat(c.tsNanos()).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(c.proto()).isEqualTo("tcp");
        assertThat(c.outcome()).isEqualTo(Outcome.ESTABLISHED);
        assertThat(c.source()).isEqualTo("auditd");
        assertThat(c.communityId()).isNull(); // the local address is unknown
        assertThat(c.process().image()).isEqualTo("/usr/bin/curl");
        assertThat(c.process().pid()).isEqualTo(4321L);
        assertThat(c.process().user()).isEqualTo("1000");
        assertThat(c.localOrig()).isTrue();
        assertThat(c.localResp()).isFalse();
    }

    @Test
    void acceptMakesThePeerTheOriginatorAcrossArchitectures() {
        String in = "node=web1 " + syscall("1700000001.000:7", "c00000b7", 242, "yes", 5, "").replace("auid=1000", "auid=4294967295")
                .replace("uid=1000 gid", "uid=33 gid") + "\n"
                + "node=web1 type=SOCKADDR msg=audit(1700000001.000:7): saddr=" + inet6("2001:db8::7", 51515) + "\n"
                + "node=web1 type=EOE msg=audit(1700000001.000:7): \n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("2001:db8::7", 51515, "::", 0));
        assertThat(c.process().user()).isEqualTo("33"); // auid unset: the uid
        assertThat(c.process().host()).isEqualTo("web1");
        assertThat(c.process().respHostName()).isEqualTo("web1");
        assertThat(c.localResp()).isTrue();
    }

    @Test
    void i386SocketcallAndEnrichedNamesAndFailedConnects() {
        String i386 = "type=SYSCALL msg=audit(1700000002.5:8): arch=40000003 syscall=102 success=no exit=-111 a0=3 a1=bf"
                + " pid=10 auid=1000 uid=0 exe=\"/bin/nc\"";
        String enriched = syscall("1700000003.000:9", "c000003e", 42, "no", -115, "")
                + "\u001dARCH=x86_64 SYSCALL=connect AUID=\"alice\" UID=\"alice\"";
        String in = i386 + "\n"
                + "type=SOCKADDR msg=audit(1700000002.5:8): saddr=" + inet("10.0.0.9", 4444) + "\n"
                + enriched + "\n"
                + "type=SOCKADDR msg=audit(1700000003.000:9): saddr=" + inet("10.0.0.53", 53) + "\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(ConnectionCreation::outcome).containsExactly(Outcome.REJECTED, Outcome.UNKNOWN);
        assertThat(run.creations().get(0).tsNanos()).isEqualTo(1_700_000_002_500_000_000L);
        assertThat(run.creations().get(1).proto()).isEqualTo("udp"); // connect to port 53: a resolver's UDP socket
        assertThat(run.creations().get(1).process().user()).isEqualTo("alice");
    }

    @Test
    void otherSyscallsAndNonIpFamiliesAreSkippedAndBadLinesReported() {
        String in = syscall("1.000:1", "c000003e", 59, "yes", 0, "") + "\n" // execve
                + syscall("1.000:2", "c000003e", 42, "yes", 0, "") + "\n"
                + "type=SOCKADDR msg=audit(1.000:2): saddr=01002F746D702F736F636B00\n" // AF_UNIX /tmp/sock
                + "type=SYSCALL msg=audit(oops): arch=c000003e\n"
                + "type=SOCKADDR msg=audit(1.000:3): saddr=ZZ\n"
                + syscall("1.000:3", "c000003e", 42, "yes", 0, "") + "\n"
                + syscall("1.000:4", "c000003e", 43, "yes", 4, "") + "\n"
                + "type=SOCKADDR msg=audit(1.000:4): saddr=" + inet("192.168.1.20", 60000) + "\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations()).singleElement().satisfies(c ->
                assertThat(c.id()).isEqualTo(new ConnId("192.168.1.20", 60000, "0.0.0.0", 0)));
        assertThat(run.problems).extracting(IngestRun.Problem::position).containsExactly("line 4", "line 5");
    }

    @Property
    void sockaddrRoundTripsIpv4(@ForAll int v4, @ForAll @IntRange(max = 65535) int port) {
        String a = IpAddress.formatV4(v4);
        SocketAddress s = SocketAddress.parse(inet(a, port));
        assertThat(s.family()).isEqualTo(SocketAddress.AF_INET);
        assertThat(s.address()).isEqualTo(a);
        assertThat(s.port()).isEqualTo(port);
    }

    @Property
    void auditLinesNeverThrow(@ForAll @StringLength(max = 200) String line) {
        IngestRun run = IngestRun.of(format, line + "\n" + line.replace(" ", "=") + "\n");
        assertThat(run.creations()).isEmpty();
    }

    @Property
    void keyValuePairsParse(@ForAll("words") String key, @ForAll("words") String value, @ForAll boolean quoted) {
        var m = AuditRecord.pairs("a=1 " + key + "=" + (quoted ? "\"" + value + " x\"" : value) + " b=2");
        assertThat(m.get(key)).isEqualTo(quoted ? value + " x" : value);
        assertThat(m.get("b")).isEqualTo("2");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> words() {
        return net.jqwik.api.Arbitraries.strings().alpha().numeric().ofMinLength(3).ofMaxLength(12)
                .filter(s -> !s.equals("b"));
    }
}
