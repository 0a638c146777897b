package io.sluice.protocol.dhcp;

import static io.sluice.protocol.dhcp.DhcpBytes.addr;
import static io.sluice.protocol.dhcp.DhcpBytes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpDissectorTest {

    static RecordingContext feed(byte[] msg, boolean fromOrig) {
        var ctx = RecordingContext.udp("0.0.0.0", 68, "255.255.255.255", 67);
        var d = DhcpProtocol.SIGNATURE.create();
        d.onData(fromOrig, ByteBuffer.wrap(msg), 0, msg.length, ctx);
        d.onEnd(ctx);
        return ctx;
    }

    /**
     * suricata-verify dhcp-eve-extended: the server pads both names with a NUL. Zeek trims trailing
     * NULs from the domain name only, so the host name keeps its NUL and the domain does not.
     */
    @Test
    void dropsTrailingNulsFromTheDomainNameButNotFromTheHostName() {
        byte[] msg = new DhcpBytes(2, 0xef645744).type(5).text(12, "nas1\0").text(15, "unx.ca\0\0").build(true);
        DhcpMessage m = feed(msg, false).eventsOf(DhcpMessage.class).get(0);
        assertThat(m.hostName()).isEqualTo("nas1\0");
        assertThat(m.domain()).isEqualTo("unx.ca");
    }

    @Test
    void readsEveryLoggedOption() {
        byte[] msg = new DhcpBytes(1, 0x1234abcd).ciaddr(ip(10, 0, 0, 9))
                .raw((byte) 0, (byte) 0) // pads
                .type(3).text(12, "host1").text(15, "example.org").option(50, addr(10, 0, 0, 9))
                .option(51, (byte) 0, (byte) 0, (byte) 0x0e, (byte) 0x10).option(54, addr(10, 0, 0, 1))
                .option(3, (byte) 10, (byte) 0, (byte) 0, (byte) 1, (byte) 10, (byte) 0, (byte) 0, (byte) 2)
                .option(6, addr(8, 8, 8, 8)).text(60, "MSFT 5.0").option(55, (byte) 1, (byte) 3, (byte) 6, (byte) 15)
                .option(61, (byte) 1, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff)
                .option(81, (byte) 0x04, (byte) 0, (byte) 0, (byte) 2, (byte) 'p', (byte) 'c', (byte) 3, (byte) 'l',
                        (byte) 'a', (byte) 'n', (byte) 0)
                .text(56, "why").build(true);
        var ctx = feed(msg, true);
        List<DhcpMessage> ms = ctx.eventsOf(DhcpMessage.class);
        assertThat(ms).hasSize(1);
        DhcpMessage m = ms.get(0);
        assertThat(m.xid()).isEqualTo(0x1234abcdL);
        assertThat(m.messageTypeName()).isEqualTo("REQUEST");
        assertThat(m.chaddr()).isEqualTo("00:11:22:33:44:55");
        assertThat(m.clientIdMac()).isEqualTo("aa:bb:cc:dd:ee:ff");
        assertThat(m.clientId()).isEqualTo("01aabbccddeeff");
        assertThat(m.ciaddr()).isEqualTo("10.0.0.9");
        assertThat(m.yiaddr()).isNull();
        assertThat(m.hostName()).isEqualTo("host1");
        assertThat(m.domain()).isEqualTo("example.org");
        assertThat(m.requestedAddr()).isEqualTo("10.0.0.9");
        assertThat(m.leaseSeconds()).isEqualTo(3600L);
        assertThat(m.serverId()).isEqualTo("10.0.0.1");
        assertThat(m.routers()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(m.dnsServers()).containsExactly("8.8.8.8");
        assertThat(m.vendorClass()).isEqualTo("MSFT 5.0");
        assertThat(m.paramList()).containsExactly(1, 3, 6, 15);
        assertThat(m.clientFqdn()).isEqualTo("pc.lan");
        assertThat(m.message()).isEqualTo("why");
        assertThat(ctx.confirmed).containsExactly("dhcp");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void truncatedOptionKeepsWhatCameBeforeAndIsWeird() {
        byte[] full = new DhcpBytes(2, 7).yiaddr(ip(10, 0, 0, 5)).type(5).text(12, "abcdef").build(false);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        var ctx = feed(cut, false);
        assertThat(ctx.eventsOf(DhcpMessage.class)).singleElement().satisfies(m -> {
            assertThat(m.messageTypeName()).isEqualTo("ACK");
            assertThat(m.yiaddr()).isEqualTo("10.0.0.5");
            assertThat(m.hostName()).isNull();
        });
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("DHCP_truncated_option");
    }

    @Test
    void everyPrefixIsSafe() {
        byte[] msg = new DhcpBytes(1, 9).type(1).text(12, "x").option(55, (byte) 1).build(true);
        for (int n = 0; n <= msg.length; n++) {
            var ctx = RecordingContext.udp("0.0.0.0", 68, "255.255.255.255", 67);
            var d = DhcpProtocol.SIGNATURE.create();
            d.onData(true, ByteBuffer.wrap(msg), 0, n, ctx);
            if (n < 241) assertThat(ctx.eventsOf(DhcpMessage.class)).isEmpty();
        }
    }

    @Test
    void bootpWithoutMessageTypeIsNotLogged() {
        var ctx = feed(new DhcpBytes(1, 9).text(12, "x").build(true), true);
        assertThat(ctx.events).isEmpty();
        assertThat(ctx.confirmed).isEmpty();
    }

    @Test
    void unknownTypeGetsZeeksDefaultName() {
        assertThat(DhcpNames.messageType(8)).isEqualTo("INFORM");
        assertThat(DhcpNames.messageType(99)).isEqualTo("unknown-message-type-99");
    }

    @Test
    void signatureNeedsTheCookieNotThePort() {
        byte[] msg = new DhcpBytes(1, 9).type(1).build(true);
        assertThat(DhcpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(msg), 0, msg.length, 4000, 5000)).isTrue();
        msg[236] = 0;
        assertThat(DhcpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(msg), 0, msg.length, 68, 67)).isFalse();
        assertThat(DhcpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(msg), 0, 100, 68, 67)).isFalse();
    }
}
