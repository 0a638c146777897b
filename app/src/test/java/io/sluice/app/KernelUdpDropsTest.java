package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel drop counters read from procfs tables (copies made here, in the kernel's layout). */
class KernelUdpDropsTest {

    @TempDir
    Path tmp;

    @Test
    void sumsTheDropsColumnOfTheSocketsOnThePortAndReadsRcvbufErrors() throws Exception {
        Path udp = tmp.resolve("udp"), udp6 = tmp.resolve("udp6"), snmp = tmp.resolve("snmp");
        Files.writeString(udp, """
                   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  163: 0100007F:7181 00000000:0000 07 00000000:00000A00 00:00000000 00000000     0        0 51234 2 0000000000000000 17
                  170: 00000000:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 51235 2 0000000000000000 5
                """);
        Files.writeString(udp6, """
                   sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                   12: 00000000000000000000000000000000:7181 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 61234 2 0000000000000000 3
                """);
        Files.writeString(snmp, """
                Ip: Forwarding DefaultTTL
                Ip: 1 64
                Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
                Udp: 1000 2 30 400 29 0 0 0 0
                UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
                UdpLite: 0 0 0 0 7 0 0 0 0
                """);
        var k = new KernelUdpDrops(udp, udp6, snmp);
        assertThat(k.socketDrops(0x7181)).isEqualTo(20);
        assertThat(k.socketDrops(2055)).isEqualTo(5);
        assertThat(k.socketDrops(9999)).as("no such socket").isEqualTo(-1);
        assertThat(k.socketQueuedBytes(0x7181)).isEqualTo(0xA00);
        assertThat(k.socketQueuedBytes(2055)).isZero();
        assertThat(k.receiveBufferErrors()).isEqualTo(29);
    }

    @Test
    void unreadableProcfsIsUnknown() {
        Path none = tmp.resolve("missing");
        var k = new KernelUdpDrops(none, none, none);
        assertThat(k.socketDrops(2055)).isEqualTo(-1);
        assertThat(k.receiveBufferErrors()).isEqualTo(-1);
        assertThat(k.socketQueuedBytes(2055)).isEqualTo(-1);
    }
}
