package io.sluice.protocol.asn1;

import static io.sluice.packet.craft.BerBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BerReaderTest {

    @Test
    void walksNestedElementsAndReturnsAfterExit() {
        byte[] b = seq(ctx(0, integer(5)), ctx(1, octets("abc")), integer(-2));
        var r = new BerReader().reset(b, 0, b.length);
        assertThat(r.expect(BerReader.SEQUENCE)).isTrue();
        assertThat(r.enter()).isTrue();
        assertThat(r.next()).isTrue();
        assertThat(r.tag()).isEqualTo(0xa0);
        assertThat(r.enter() && r.expect(BerReader.INTEGER)).isTrue();
        assertThat(r.intValue()).isEqualTo(5);
        r.exit();
        assertThat(r.seek(0xa1)).isTrue();
        assertThat(r.enter() && r.next()).isTrue();
        assertThat(r.text()).isEqualTo("abc");
        r.exit();
        assertThat(r.next()).isTrue();
        assertThat(r.intValue()).isEqualTo(-2);
        assertThat(r.next()).isFalse();
        assertThat(r.malformed()).isFalse();
    }

    @Test
    void acceptsNonMinimalLongLengths() {
        byte[] b = {0x04, (byte) 0x82, 0x00, 0x02, 'h', 'i'};
        var r = new BerReader().reset(b, 0, b.length);
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("hi");
    }

    @Test
    void lengthBeyondItsContainerIsMalformed() {
        byte[] b = seq(octets("abcd"));
        b[3] = 0x7f; // inner length far beyond the outer element
        var r = new BerReader().reset(b, 0, b.length);
        assertThat(r.next() && r.enter()).isTrue();
        assertThat(r.next()).isFalse();
        assertThat(r.malformed()).isTrue();
    }

    @Test
    void indefiniteLengthAndHighTagsAreMalformed() {
        byte[] indefinite = {0x30, (byte) 0x80, 0x00, 0x00};
        assertThat(new BerReader().reset(indefinite, 0, 4).next()).isFalse();
        byte[] highTag = {0x1f, 0x22, 0x00};
        var r = new BerReader().reset(highTag, 0, 3);
        assertThat(r.next()).isFalse();
        assertThat(r.malformed()).isTrue();
    }

    @Test
    void enteringAPrimitiveIsMalformed() {
        byte[] b = integer(3);
        var r = new BerReader().reset(b, 0, b.length);
        assertThat(r.next()).isTrue();
        assertThat(r.enter()).isFalse();
        assertThat(r.malformed()).isTrue();
    }

    @Test
    void bitStringBitsCountFromTheMostSignificantBit() {
        byte[] b = tlv(0x03, new byte[] {0, 0x40, (byte) 0x80});
        var r = new BerReader().reset(b, 0, b.length);
        r.next();
        assertThat(r.bit(1)).isTrue();
        assertThat(r.bit(0)).isFalse();
        assertThat(r.bit(8)).isTrue();
        assertThat(r.bit(30)).isFalse();
    }

    @Property(tries = 2000)
    void randomBytesNeverThrowAndStayInRange(@ForAll byte[] bytes) {
        var r = new BerReader().reset(bytes, 0, bytes.length);
        int steps = 0;
        while (steps++ < 10_000) {
            if (r.next()) {
                assertThat(r.valueEnd()).isLessThanOrEqualTo(bytes.length);
                if ((r.tag() & 0x20) != 0) r.enter();
            } else if (r.depth() > 0 && !r.malformed()) {
                r.exit();
            } else {
                break;
            }
        }
        assertThat(steps).isLessThan(10_000);
    }
}
