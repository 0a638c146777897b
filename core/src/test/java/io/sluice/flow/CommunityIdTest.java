package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Test vectors from corelight/community-id-spec baseline/baseline_deflt.json (seed 0) and
 * baseline_seed1.json; ICMP ports there are already type and counterpart/code.
 */
class CommunityIdTest {

    @ParameterizedTest
    @CsvSource({
        "58, fe80::200:86ff:fe05:80da, fe80::260:97ff:fe07:69ea, 135, 136, false, 1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
        "58, fe80::260:97ff:fe07:69ea, fe80::200:86ff:fe05:80da, 136, 135, false, 1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
        "58, fe80::260:97ff:fe07:69ea, fe80::200:86ff:fe05:80da, 135, 136, false, 1:zavyT/cezQr1fmImYCwYnMXbgck=",
        "58, 3ffe:501:1800:2345::2, 3ffe:507:0:1:200:86ff:fe05:80da, 3, 0, true, 1:2ObVBgIn28oZvibYZhZMBgh7WdQ=",
        "58, 3ffe:501:410:0:2c0:dfff:fe47:33e, 3ffe:507:0:1:200:86ff:fe05:80da, 1, 4, true, 1:hLZd0XGWojozrvxqE0dWB1iM6R0=",
        "58, 3ffe:507:0:1:200:86ff:fe05:80da, 3ffe:501:0:1001::2, 128, 129, false, 1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        "58, 3ffe:501:0:1001::2, 3ffe:507:0:1:200:86ff:fe05:80da, 129, 128, false, 1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        "58, fe80::200:86ff:fe05:80da, ff02::2, 133, 134, false, 1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=",
        "58, fe80::260:97ff:fe07:69ea, ff02::1, 134, 133, false, 1:pkvHqCL88/tg1k4cPigmZXUtL00=",
        "1, 192.168.0.89, 192.168.0.1, 8, 0, false, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        "1, 192.168.0.1, 192.168.0.89, 0, 8, false, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        "1, 10.0.0.1, 10.0.0.2, 11, 0, true, 1:YHxtAirCG//0OzkcVAukqKQN9xM=",
        "6, 2001:470:e5bf:dead:4957:2174:e82c:4887, 2607:f8b0:400c:c03::1a, 63943, 25, false, 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "6, 2607:f8b0:400c:c03::1a, 2001:470:e5bf:dead:4957:2174:e82c:4887, 25, 63943, false, 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "132, 192.168.170.8, 192.168.170.56, 7, 7, false, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        "6, 128.232.110.120, 66.35.250.204, 34855, 80, false, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "6, 66.35.250.204, 128.232.110.120, 80, 34855, false, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "17, 192.168.1.52, 8.8.8.8, 54585, 53, false, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "17, 8.8.8.8, 192.168.1.52, 53, 54585, false, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "46, 10.1.12.1, 10.1.12.2, 0, 0, false, 1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
        "46, 10.1.12.2, 10.1.12.1, 0, 0, false, 1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
    })
    void matchesTheSpecBaseline(int proto, String src, String dst, int sport, int dport, boolean oneWay, String expected)
            throws Exception {
        long[] s = addr(src), d = addr(dst);
        assertThat(new CommunityId(0).compute(s[0], s[1], d[0], d[1], proto, sport, dport, oneWay)).isEqualTo(expected);
    }

    static long[] addr(String text) throws Exception {
        byte[] b = InetAddress.getByName(text).getAddress();
        if (b.length == 4) {
            long v = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
            return new long[] {0, 0xFFFF00000000L | v};
        }
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[i] & 0xFFL);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[i] & 0xFFL);
        return new long[] {hi, lo};
    }
}
