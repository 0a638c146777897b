package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.AddressClasses.GROUP;
import static io.sluice.detect.analytics.AddressClasses.PRIVATE;
import static io.sluice.detect.analytics.AddressClasses.SPECIAL;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AddressClassesTest {

    @Test
    void privateSpace() {
        for (String ip : new String[] {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "FD12::1"}) {
            assertThat(AddressClasses.isPrivate(ip)).as(ip).isTrue();
        }
        for (String ip : new String[] {"172.15.0.1", "172.32.0.1", "172..1", "8.8.8.8", "11.0.0.1", "fe80::1", "", "x"}) {
            assertThat(AddressClasses.isPrivate(ip)).as(ip).isFalse();
        }
        assertThat(AddressClasses.isPrivate(null)).isFalse();
    }

    @Test
    void groupAndBroadcast() {
        for (String ip : new String[] {"224.0.0.251", "239.255.255.250", "255.255.255.255", "ff02::fb", "FF05::2", ""}) {
            assertThat(AddressClasses.isGroup(ip)).as(ip).isTrue();
        }
        for (String ip : new String[] {"223.1.1.1", "240.0.0.1", "10.0.0.255", "fe80::1", "x.1"}) {
            assertThat(AddressClasses.isGroup(ip)).as(ip).isFalse();
        }
        assertThat(AddressClasses.isGroup(null)).isTrue();
    }

    @Test
    void ritaNeverInclude() {
        for (String ip : new String[] {"127.0.0.1", "169.254.1.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "::",
                "::1", "fe80::1", "FEBF::1", "ff02::1", ""}) {
            assertThat(AddressClasses.isSpecial(ip)).as(ip).isTrue();
        }
        for (String ip : new String[] {"10.0.0.1", "8.8.8.8", "169.253.1.1", "fec0::1", "2001:db8::1"}) {
            assertThat(AddressClasses.isSpecial(ip)).as(ip).isFalse();
        }
    }

    /** The remembered answer is the answer for the text, whether or not the caller holds the remembered instance. */
    @Property(tries = 500)
    void rememberedAnswerMatchesTheText(@ForAll("addresses") String ip) {
        String copy = new String(ip.toCharArray());
        int expected = AddressClasses.classify(ip);
        assertThat(AddressClasses.of(ip)).isEqualTo(expected);
        assertThat(AddressClasses.of(ip)).isEqualTo(expected);
        assertThat(AddressClasses.of(copy)).isEqualTo(expected);
        assertThat(expected & ~(PRIVATE | GROUP | SPECIAL)).isZero();
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> v4 = Arbitraries.oneOf(octet, Arbitraries.of(10, 127, 169, 172, 192, 224, 239, 255))
                .flatMap(a -> octet.list().ofSize(3).map(r -> a + "." + r.get(0) + "." + r.get(1) + "." + r.get(2)));
        Arbitrary<String> v6 = Arbitraries.of("fc", "fd", "fe8", "ff", "20", "FD", "FF").flatMap(p ->
                Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(1).ofMaxLength(4).map(s -> p + s + "::1"));
        return Arbitraries.oneOf(v4, v6, Arbitraries.strings().ofMaxLength(12));
    }
}
