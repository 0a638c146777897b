package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flow.UidGenerator;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The hand-written formatters of per-connection text (dotted quads, MACs, uids) against the
 * straightforward library formatting they replace for speed.
 */
class TextFormatPropertyTest {

    @Property
    void dottedQuadMatchesConcatenation(@ForAll int v4) {
        String expected = ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
        assertThat(IpAddress.formatV4(v4)).isEqualTo(expected);
        assertThat(IpAddress.format(0, IpAddress.v4Lo(v4))).isEqualTo(expected);
    }

    @Property
    void macMatchesFormatter(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) long mac) {
        String hex = String.format("%012x", mac);
        String expected = String.join(":", hex.substring(0, 2), hex.substring(2, 4), hex.substring(4, 6),
                hex.substring(6, 8), hex.substring(8, 10), hex.substring(10, 12));
        assertThat(MacAddress.format(mac)).isEqualTo(expected);
    }

    @Property
    void uidIsBase62LeastSignificantDigitFirst(@ForAll long high, @ForAll int low) {
        String expected = "C" + base62Reversed(new BigInteger(Long.toUnsignedString(high)))
                + base62Reversed(BigInteger.valueOf(low & 0xFFFFFFFFL));
        assertThat(UidGenerator.format(high, low)).isEqualTo(expected);
    }

    private static String base62Reversed(BigInteger v) {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        BigInteger base = BigInteger.valueOf(62);
        var sb = new StringBuilder();
        do {
            BigInteger[] qr = v.divideAndRemainder(base);
            sb.append(digits.charAt(qr[1].intValue()));
            v = qr[0];
        } while (v.signum() != 0);
        return sb.toString();
    }
}
