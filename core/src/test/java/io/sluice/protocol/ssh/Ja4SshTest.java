package io.sluice.protocol.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ja4SshTest {

    @Test
    void takesTheMostFrequentLengthAndTheSmallerOnTies() {
        var j = new Ja4Ssh(10);
        for (int len : new int[] {100, 36, 100, 36}) assertThat(j.packet(true, len, false)).isNull();
        for (int len : new int[] {52, 48, 48}) assertThat(j.packet(false, len, false)).isNull();
        assertThat(j.finish()).isEqualTo("c36s48_c4s3_c0s0");
    }

    @Test
    void closesAWindowAtTheConfiguredNumberOfSshPacketsOnly() {
        var j = new Ja4Ssh(3);
        assertThat(j.packet(true, 10, false)).isNull();
        assertThat(j.packet(false, 0, true)).isNull();   // bare ACK: counted, not a window packet
        assertThat(j.packet(false, 0, false)).isNull();   // FIN+ACK: neither
        assertThat(j.packet(false, 20, false)).isNull();
        assertThat(j.packet(true, 0, true)).isNull();
        assertThat(j.packet(true, 10, false)).isEqualTo("c10s20_c2s1_c1s1");
        assertThat(j.finish()).isNull();
        assertThat(j.packet(false, 7, false)).isNull();
        assertThat(j.finish()).isEqualTo("c0s7_c0s1_c0s0");
    }
}
