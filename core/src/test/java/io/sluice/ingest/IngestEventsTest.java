package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class IngestEventsTest {

    @Property
    void fieldsSplitLikeTheRegex(@ForAll @StringLength(max = 80) @Chars({' ', '\t'}) @CharRange(from = 'a', to = 'e')
            String line) {
        String stripped = line.strip();
        String[] expected = stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
        assertThat(IngestEvents.fields(line)).containsExactly(expected);
    }

    @Test
    void addressesAreCanonical() {
        assertThat(IngestEvents.address("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(IngestEvents.address("[2001:DB8::1]")).isEqualTo("2001:db8::1");
        assertThat(IngestEvents.address("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(IngestEvents.address(" 10.0.0.1 ")).isEqualTo("10.0.0.1");
        assertThat(IngestEvents.address("10.0.0")).isNull();
        assertThat(IngestEvents.address("-")).isNull();
    }

    @Test
    void protocolsAndIcmpPorts() {
        assertThat(IngestEvents.protocolNumber("TCP")).isEqualTo(6);
        assertThat(IngestEvents.protocolNumber("udp")).isEqualTo(17);
        assertThat(IngestEvents.protocolNumber("ipv6-icmp")).isEqualTo(58);
        assertThat(IngestEvents.protocolNumber("bogus")).isEqualTo(-1);
        assertThat(IngestEvents.responderPort(1, 8, 0)).isEqualTo(0);
        assertThat(IngestEvents.responderPort(1, 3, 1)).isEqualTo(1); // unreachable: one-way, the code
        assertThat(IngestEvents.responderPort(58, 128, 0)).isEqualTo(129);
        assertThat(IngestEvents.responderPort(6, 1234, 80)).isEqualTo(80);
    }
}
