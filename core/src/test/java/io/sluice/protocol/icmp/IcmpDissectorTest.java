package io.sluice.protocol.icmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.event.ConnId;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IcmpDissectorTest {

    private static RecordingContext ctx() {
        return new RecordingContext("CIcmp000000000001", new ConnId("10.0.0.1", 8, "10.0.0.2", 0), "icmp");
    }

    private static IcmpMessage one(boolean v6, byte[] msg) {
        var c = ctx();
        new IcmpDissector().onMessage(v6, ByteBuffer.wrap(msg), 0, msg.length, c);
        assertThat(c.events).hasSize(1);
        return (IcmpMessage) c.events.get(0);
    }

    private static byte[] echo(int type, int id, int seq, byte[] payload) {
        var b = ByteBuffer.allocate(8 + payload.length);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(payload);
        return b.array();
    }

    @Test
    void echoRequestCarriesIdSequenceAndPayloadSize() {
        var m = one(false, echo(8, 0x1234, 7, new byte[56]));
        assertThat(m.type()).isEqualTo(8);
        assertThat(m.code()).isZero();
        assertThat(m.typeName()).isEqualTo("echo_request");
        assertThat(m.echoId()).isEqualTo(0x1234);
        assertThat(m.echoSeq()).isEqualTo(7);
        assertThat(m.payloadLen()).isEqualTo(56);
        assertThat(m.payloadEntropy()).isEqualTo(0.0);
        assertThat(m.innerProto()).isNull();
        assertThat(m.uid()).isEqualTo("CIcmp000000000001");
    }

    @Test
    void entropyIsBitsPerByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        assertThat(one(false, echo(0, 1, 1, all)).payloadEntropy()).isCloseTo(8.0, within(1e-9));
        byte[] two = new byte[64];
        for (int i = 0; i < 64; i += 2) two[i] = 'a';
        assertThat(one(false, echo(0, 1, 1, two)).payloadEntropy()).isCloseTo(1.0, within(1e-9));
        byte[] four = "abcdabcdabcdabcd".getBytes();
        assertThat(one(false, echo(0, 1, 1, four)).payloadEntropy()).isCloseTo(2.0, within(1e-9));
        // a fresh histogram per message: a second message does not inherit the first one's counts
        var d = new IcmpDissector();
        var c = ctx();
        d.onMessage(false, ByteBuffer.wrap(echo(8, 1, 1, all)), 0, 264, c);
        d.onMessage(false, ByteBuffer.wrap(echo(8, 1, 2, new byte[10])), 0, 18, c);
        assertThat(((IcmpMessage) c.events.get(1)).payloadEntropy()).isEqualTo(0.0);
    }

    @Test
    void v6EchoReplyIsNamed() {
        var m = one(true, echo(129, 9, 3, "hello".getBytes()));
        assertThat(m.typeName()).isEqualTo("echo_reply");
        assertThat(m.v6()).isTrue();
        assertThat(m.echoSeq()).isEqualTo(3);
    }

    @Test
    void portUnreachableQuotesTheUdpHeader() {
        var b = ByteBuffer.allocate(8 + 28);
        b.put((byte) 3).put((byte) 3).putShort((short) 0).putInt(0);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 60).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
        b.put(new byte[] {(byte) 192, (byte) 168, 1, 5}).put(new byte[] {8, 8, 4, 4});
        b.putShort((short) 53124).putShort((short) 53).putShort((short) 40).putShort((short) 0);
        var m = one(false, b.array());
        assertThat(m.typeName()).isEqualTo("dest_unreachable");
        assertThat(m.code()).isEqualTo(3);
        assertThat(m.echoId()).isEqualTo(IcmpMessage.NONE);
        assertThat(m.innerProto()).isEqualTo("udp");
        assertThat(m.innerOrigH()).isEqualTo("192.168.1.5");
        assertThat(m.innerRespH()).isEqualTo("8.8.4.4");
        assertThat(m.innerOrigP()).isEqualTo(53124);
        assertThat(m.innerRespP()).isEqualTo(53);
    }

    @Test
    void timeExceededWithAShortQuoteKeepsAddressesWithoutPorts() {
        var b = ByteBuffer.allocate(8 + 22);
        b.put((byte) 11).put((byte) 0).putShort((short) 0).putInt(0);
        b.put((byte) 0x45).put(new byte[8]).put((byte) 6).putShort((short) 0);
        b.put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 9}).putShort((short) 443);
        var m = one(false, b.array());
        assertThat(m.innerProto()).isEqualTo("tcp");
        assertThat(m.innerRespH()).isEqualTo("10.0.0.9");
        assertThat(m.innerOrigP()).isEqualTo(IcmpMessage.NONE);
        assertThat(m.innerRespP()).isEqualTo(IcmpMessage.NONE);
    }

    @Test
    void v6PacketTooBigQuotesTheTcpHeader() {
        var b = ByteBuffer.allocate(8 + 40 + 20);
        b.put((byte) 2).put((byte) 0).putShort((short) 0).putInt(1280);
        b.putInt(0x60000000).putShort((short) 20).put((byte) 6).put((byte) 64);
        b.putLong(0x20010db800000000L).putLong(1).putLong(0x20010db800000000L).putLong(2);
        b.putShort((short) 40000).putShort((short) 443).put(new byte[16]);
        var m = one(true, b.array());
        assertThat(m.typeName()).isEqualTo("packet_too_big");
        assertThat(m.innerProto()).isEqualTo("tcp");
        assertThat(m.innerOrigH()).isEqualTo("2001:db8::1");
        assertThat(m.innerRespH()).isEqualTo("2001:db8::2");
        assertThat(m.innerOrigP()).isEqualTo(40000);
        assertThat(m.innerRespP()).isEqualTo(443);
    }

    @Test
    void echoIsNotReadAsAQuotedHeader() {
        byte[] looksLikeIp = new byte[28];
        looksLikeIp[0] = 0x45;
        looksLikeIp[9] = 17;
        assertThat(one(false, echo(8, 1, 1, looksLikeIp)).innerProto()).isNull();
    }

    @Test
    void truncatedHeaderIsAWeirdNotAnEvent() {
        var c = ctx();
        new IcmpDissector().onMessage(false, ByteBuffer.wrap(new byte[] {8, 0, 0, 0, 0}), 0, 5, c);
        assertThat(c.events).isEmpty();
        assertThat(c.weirds).extracting(RecordingContext.Weird::name).containsExactly("truncated_ICMP");
    }

    @Test
    void readsAtAnOffsetWhateverTheBufferOrder() {
        byte[] msg = echo(8, 0xBEEF, 0x0102, new byte[] {1, 2, 3});
        byte[] framed = new byte[msg.length + 20];
        System.arraycopy(msg, 0, framed, 14, msg.length);
        var c = ctx();
        new IcmpDissector().onMessage(false, ByteBuffer.wrap(framed).order(ByteOrder.LITTLE_ENDIAN), 14, msg.length, c);
        var m = (IcmpMessage) c.events.get(0);
        assertThat(m.echoId()).isEqualTo(0xBEEF);
        assertThat(m.echoSeq()).isEqualTo(0x0102);
        assertThat(m.payloadLen()).isEqualTo(3);
    }

    @Property(tries = 500)
    void randomMessagesNeverThrow(@ForAll @Size(max = 120) byte[] bytes, @ForAll boolean v6) {
        var c = ctx();
        var d = new IcmpDissector();
        d.onMessage(v6, ByteBuffer.wrap(bytes), 0, bytes.length, c);
        // an error type byte forces the quoted-header path on the same random rest
        byte[] err = Arrays.copyOf(bytes, Math.max(bytes.length, 1));
        err[0] = (byte) (v6 ? 1 : 3);
        d.onMessage(v6, ByteBuffer.wrap(err), 0, err.length, c);
        for (var e : c.events) {
            double h = ((IcmpMessage) e).payloadEntropy();
            assertThat(h).isBetween(0.0, 8.0 + 1e-9);
        }
    }
}
