package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class Dhcp6Test {

    static byte[] option(int code, byte... value) {
        var b = ByteBuffer.allocate(4 + value.length).putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    static byte[] message(int type, int xid, byte[]... options) {
        var out = new java.io.ByteArrayOutputStream();
        out.write(type);
        out.write(xid >> 16);
        out.write(xid >> 8);
        out.write(xid);
        for (byte[] o : options) out.writeBytes(o);
        return out.toByteArray();
    }

    static final byte[] DUID_LL = {0, 3, 0, 1, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05};

    static byte[] iaNa(byte[] address, int valid) {
        var iaaddr = ByteBuffer.allocate(24).put(address).putInt(100).putInt(valid).array();
        var body = ByteBuffer.allocate(12 + 28).putInt(1).putInt(0).putInt(0).put(option(5, iaaddr)).array();
        return option(3, body);
    }

    static byte[] addr(String s) throws Exception {
        return java.net.InetAddress.getByName(s).getAddress();
    }

    @Test
    void replyCarriesAddressLeaseAndDnsServers() throws Exception {
        byte[] reply = message(7, 0x2ffdd1, iaNa(addr("2001:db8::5"), 7200), option(1, DUID_LL),
                option(23, addr("2001:db8::53")), option(24, (byte) 3, (byte) 'l', (byte) 'a', (byte) 'n', (byte) 0));
        var ctx = RecordingContext.udp("fe80::1", 547, "fe80::2", 546);
        DhcpProtocol.SIGNATURE_V6.create().onData(true, ByteBuffer.wrap(reply), 0, reply.length, ctx);
        assertThat(ctx.eventsOf(DhcpMessage.class)).singleElement().satisfies(m -> {
            assertThat(m.messageTypeName()).isEqualTo("REPLY");
            assertThat(m.xid()).isEqualTo(0x2ffdd1);
            assertThat(m.op()).isEqualTo(2);
            assertThat(m.yiaddr()).isEqualTo("2001:db8::5");
            assertThat(m.leaseSeconds()).isEqualTo(7200);
            assertThat(m.chaddr()).isEqualTo("00:01:02:03:04:05");
            assertThat(m.dnsServers()).containsExactly("2001:db8::53");
            assertThat(m.domain()).isEqualTo("lan");
        });
        assertThat(ctx.confirmed).containsExactly("dhcpv6");
    }

    @Test
    void relayedMessageIsUnwrapped() {
        byte[] inner = message(1, 5, option(1, DUID_LL), option(6, (byte) 0, (byte) 23, (byte) 0, (byte) 24));
        var relay = ByteBuffer.allocate(34 + 4 + inner.length).put((byte) 12).put((byte) 0).position(34)
                .put(option(9, inner)).array();
        var ctx = RecordingContext.udp("2001:db8::9", 547, "2001:db8::1", 547);
        DhcpProtocol.SIGNATURE_V6.create().onData(true, ByteBuffer.wrap(relay), 0, relay.length, ctx);
        assertThat(ctx.eventsOf(DhcpMessage.class)).singleElement().satisfies(m -> {
            assertThat(m.messageTypeName()).isEqualTo("SOLICIT");
            assertThat(m.paramList()).containsExactly(23, 24);
        });
    }

    @Test
    void needsItsPorts() {
        byte[] m = message(1, 5);
        assertThat(DhcpProtocol.SIGNATURE_V6.matches(true, ByteBuffer.wrap(m), 0, m.length, 546, 547)).isTrue();
        assertThat(DhcpProtocol.SIGNATURE_V6.matches(true, ByteBuffer.wrap(m), 0, m.length, 5000, 6000)).isFalse();
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        var ctx = RecordingContext.udp("fe80::1", 546, "ff02::1:2", 547);
        DhcpProtocol.SIGNATURE_V6.create().onData(true, ByteBuffer.wrap(bytes), 0, bytes.length, ctx);
        // at most one message, and its JA4D row with it
        assertThat(ctx.eventsOf(DhcpMessage.class).size()).isLessThanOrEqualTo(1);
        assertThat(ctx.eventsOf(Ja4dFingerprint.class)).hasSameSizeAs(ctx.eventsOf(DhcpMessage.class));
        assertThat(ctx.events).hasSize(2 * ctx.eventsOf(DhcpMessage.class).size());
    }

    /** tcpdump's dhcpv6-ia-na expectation: message types, xids and the IA address, row by row. */
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    @Test
    void matchesTcpdumpDhcpv6IaNa() throws Exception {
        List<DhcpMessage> ours = new ArrayList<>();
        for (var c : io.sluice.protocol.CaptureConversations.read(Corpus.file("pcap-protocols/tcpdump/dhcpv6-ia-na.pcap"))) {
            ours.addAll(c.replay(DhcpProtocol.SIGNATURE_V6.create()).eventsOf(DhcpMessage.class));
        }
        ours.sort(java.util.Comparator.comparingLong(DhcpMessage::tsNanos));
        var line = Pattern.compile("dhcp6 (\\S+) \\(xid=([0-9a-f]+).*?(?:IA_ADDR (\\S+) pltime:\\d+ vltime:(\\d+))?");
        List<String> want = new ArrayList<>();
        for (String l : Files.readAllLines(Corpus.file("pcap-protocols/tcpdump/dhcpv6-ia-na.out"))) {
            var m = Pattern.compile("dhcp6 (\\S+) \\(xid=([0-9a-f]+)").matcher(l);
            if (!m.find()) continue;
            var a = Pattern.compile("IA_ADDR (\\S+) pltime:\\d+ vltime:(\\d+)").matcher(l);
            want.add(m.group(1).toUpperCase() + " " + Long.parseLong(m.group(2), 16) + (a.find() ? " " + a.group(1) + " " + a.group(2) : ""));
        }
        List<String> got = new ArrayList<>();
        for (DhcpMessage m : ours) {
            String a = m.yiaddr() != null ? m.yiaddr() : m.requestedAddr();
            got.add(m.messageTypeName() + " " + m.xid() + (a != null ? " " + a + " " + m.leaseSeconds() : ""));
        }
        assertThat(line).isNotNull();
        assertThat(got).isEqualTo(want);
        var cap = ContentCapture.run(Corpus.file("pcap-protocols/tcpdump/dhcpv6-ia-na.pcap"));
        assertThat(cap.of(DhcpTransaction.class)).extracting(t -> String.join(",", t.msgTypes()))
                .containsExactlyInAnyOrder("SOLICIT,ADVERTISE", "REQUEST,REPLY");
        assertThat(cap.of(DhcpTransaction.class)).allSatisfy(t -> {
            assertThat(t.mac()).isEqualTo("00:01:02:03:04:05");
            assertThat(t.assignedAddr()).isEqualTo("2a00:1:1:200:38e6:b22e:c440:acdf");
            assertThat(t.clientAddr()).isEqualTo("fe80::201:2ff:fe03:405");
            assertThat(t.serverAddr()).isEqualTo("fe80::211:22ff:fe33:4455");
        });
    }
}
