package io.sluice.rules.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntelSetTest {

    private static IntelSet set(String text) {
        return IntelSet.of(IntelFileReader.read(text, "test-list", false).indicators());
    }

    @Test
    void exactAddressesMatchInEitherSpelling() {
        var s = set("203.0.113.7\n2001:DB8::1\n");
        assertThat(s.matchAddress("203.0.113.7").value()).isEqualTo("203.0.113.7");
        assertThat(s.matchAddress("2001:db8:0:0::1")).isNotNull();
        assertThat(s.matchAddress("203.0.113.8")).isNull();
        assertThat(s.matchAddress("not-an-ip")).isNull();
    }

    @Test
    void longestNetworkWins() {
        var s = IntelSet.of(List.of(
                new Indicator(IndicatorType.CIDR, "10.0.0.0/8", "wide", "broad"),
                new Indicator(IndicatorType.CIDR, "10.1.2.0/24", "narrow", "specific"),
                new Indicator(IndicatorType.CIDR, "2001:db8::/32", "v6", null)));
        assertThat(s.matchAddress("10.1.2.200").source()).isEqualTo("narrow");
        assertThat(s.matchAddress("10.9.9.9").source()).isEqualTo("wide");
        assertThat(s.matchAddress("11.0.0.1")).isNull();
        assertThat(s.matchAddress("2001:db8:ffff::1").source()).isEqualTo("v6");
        assertThat(s.matchAddress("2001:db9::1")).isNull();
        // an IPv4 network never matches an IPv6 address with the same low bits
        assertThat(s.matchAddress("::a01:203")).isNull();
    }

    @Test
    void domainsMatchThemselvesAndSubdomainsOnly() {
        var s = set("evil.example\n");
        assertThat(s.matchDomain("evil.example")).isNotNull();
        assertThat(s.matchDomain("A.B.Evil.Example.")).isNotNull();
        assertThat(s.matchDomain("notevil.example")).isNull();
        assertThat(s.matchDomain("example")).isNull();
        assertThat(s.matchDomain("evil.example.com")).isNull();
    }

    @Test
    void urlsMatchOnHostPathAndQuery() {
        var s = set("hxxp://Bad.Example[.]net:80/payload.exe\nhttps://c2.example/gate.php?id=1\n");
        assertThat(s.matchUrl("bad.example.net", "/payload.exe")).isNotNull();
        assertThat(s.matchUrl("BAD.example.net:80", "/payload.exe?x=1")).isNotNull(); // query ignored as fallback
        assertThat(s.matchUrl("bad.example.net", "/other.exe")).isNull();
        assertThat(s.matchUrl("c2.example", "/gate.php?id=1")).isNotNull();
        assertThat(s.matchUrl("c2.example", "/gate.php?id=2")).isNull();
        assertThat(s.matchUrl(null, "http://bad.example.net/payload.exe")).isNotNull(); // proxy request
    }

    @Test
    void fingerprintsMatchIgnoringCase() {
        var s = set("E7D705A3286E19EA42F587B344EE6865\nt13d1516h2_8daaf6152771_b186095e22b6\n");
        assertThat(s.matchFingerprint("e7d705a3286e19ea42f587b344ee6865")).isNotNull();
        assertThat(s.matchFingerprint("t13d1516h2_8daaf6152771_b186095e22b6")).isNotNull();
        assertThat(s.matchFingerprint("t13d1516h2_8daaf6152771_000000000000")).isNull();
        assertThat(s.counts()).containsEntry(IndicatorType.FINGERPRINT, 2);
    }

    @Test
    void firstListWinsForTheSameValue() {
        var s = IntelSet.of(List.of(new Indicator(IndicatorType.IP, "198.51.100.1", "first", null),
                new Indicator(IndicatorType.IP, "198.51.100.1", "second", null)));
        assertThat(s.matchAddress("198.51.100.1").source()).isEqualTo("first");
        assertThat(s.counts()).containsEntry(IndicatorType.IP, 1);
        assertThat(s.sources()).containsExactly("first", "second");
    }

    @Test
    void emptySetMatchesNothing() {
        var s = IntelSet.empty();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.matchAddress("1.2.3.4")).isNull();
        assertThat(s.matchDomain("a.b")).isNull();
        assertThat(s.matchUrl("a.b", "/")).isNull();
        assertThat(s.matchFingerprint("x")).isNull();
    }

    @Property(tries = 300)
    void anAddressMatchesExactlyTheNetworksThatHoldIt(@ForAll int net, @ForAll int addr,
            @ForAll @IntRange(min = 0, max = 32) int bits) {
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        String cidr = v4(net & mask) + "/" + bits;
        var s = IntelSet.of(List.of(new Indicator(IndicatorType.CIDR, cidr, "p", null)));
        boolean inside = (addr & mask) == (net & mask);
        assertThat(s.matchAddress(v4(addr)) != null).as("%s in %s", v4(addr), cidr).isEqualTo(inside);
    }

    private static String v4(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
