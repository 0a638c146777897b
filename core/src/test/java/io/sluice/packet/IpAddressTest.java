package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "255.255.255.255, 255.255.255.255",
        "::ffff:192.168.1.2, 192.168.1.2",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, 2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::0.0.0.1, ::1",
    })
    void formatsLikeZeek(String in, String expected) {
        byte[] b = IpAddress.parse(in);
        assertThat(IpAddress.format(IpAddress.parseHi(in), IpAddress.parseLo(in))).isEqualTo(expected);
        assertThat(b).hasSize(16);
    }

    @Test
    void v4MappedRoundTrip() {
        long lo = IpAddress.v4Lo(0x0a000102);
        assertThat(IpAddress.isV4(0, lo)).isTrue();
        assertThat(IpAddress.format(0, lo)).isEqualTo("10.0.1.2");
        assertThat(IpAddress.parseLo("10.0.1.2")).isEqualTo(lo);
        assertThat(IpAddress.isV4(1, lo)).isFalse();
    }

    @Test
    void rejectsGarbage() {
        for (String s : new String[] {"1.2.3", "1.2.3.256", "1::2::3", "12345::", "a.b.c.d", "1:2:3:4:5:6:7:8:9", ""}) {
            assertThatThrownBy(() -> IpAddress.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void macRoundTrip() {
        long m = MacAddress.parse("00:1B:21:3a:4f:02");
        assertThat(m).isEqualTo(0x001b213a4f02L);
        assertThat(MacAddress.format(m)).isEqualTo("00:1b:21:3a:4f:02");
    }
}
