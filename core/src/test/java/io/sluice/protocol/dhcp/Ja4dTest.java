package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ja4dTest {

    @Test
    void aDiscoverWithRequestedAddressAndParameterList() {
        assertThat(Ja4d.of(1, -1, true, false, new int[] {53, 61, 50, 55}, 4, List.of(1, 3, 6, 42)))
                .isEqualTo("disco0000in_61-55_1-3-6-42");
    }

    @Test
    void maximumSizeFqdnAndEmptyLists() {
        assertThat(Ja4d.of(3, 1500, false, true, new int[] {53, 57, 81}, 3, List.of()))
                .as("53, 57 and 81: only 57 is listed").isEqualTo("reqst1500nd_57_00");
        assertThat(Ja4d.of(5, 65535, false, false, new int[] {53}, 1, null)).isEqualTo("dpack9999nn_00_00");
    }

    @Test
    void unknownAndMissingMessageTypes() {
        assertThat(Ja4d.of(0, -1, false, false, new int[0], 0, null)).isEqualTo("000000000nn_00_00");
        assertThat(Ja4d.of(42, -1, false, false, new int[0], 0, null)).isEqualTo("000420000nn_00_00");
        assertThat(Ja4d.of(18, -1, false, false, new int[0], 0, null)).startsWith("dhtls");
    }
}
