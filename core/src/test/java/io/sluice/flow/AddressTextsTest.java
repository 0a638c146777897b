package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.IpAddress;
import io.sluice.packet.MacAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AddressTextsTest {

    /** Many more addresses than slots, revisited in random order: every answer is the address's own text. */
    @Property(tries = 50)
    void alwaysTheTextOfTheAddressAsked(@ForAll @Size(min = 1, max = 2000) List<@IntRange(min = 0, max = 40_000) Integer> picks) {
        var texts = new AddressTexts();
        for (int k : picks) {
            long lo = IpAddress.v4Lo(0x0A000000 + k * 7919);
            long hi = (k & 1) == 0 ? 0 : 0x20010db800000000L + k; // IPv6 for odd picks
            long l = hi == 0 ? lo : k;
            assertThat(texts.ip(hi, l)).isEqualTo(IpAddress.format(hi, l));
            long mac = 0x001b213a0000L + k * 131L;
            assertThat(texts.mac(mac)).isEqualTo(MacAddress.format(mac));
        }
        assertThat(texts.mac(-1)).isNull();
    }
}
