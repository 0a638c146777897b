package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.Weird;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.HeloProtocol;
import io.sluice.protocol.ProtocolRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream layer through the whole pipeline on crafted frames: a test protocol ("HELO...")
 * records exactly the bytes it is given per direction, which must be the bytes sent, in order,
 * once, with gaps where conn.log counts missed bytes.
 */
class StreamReassemblyTest {
    final List<FlowRecord> conns = new ArrayList<>();
    final List<Weird> weirds = new ArrayList<>();
    final List<ContentEvent> content = new ArrayList<>();
    final FlowListener listener = new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) {}

        @Override
        public void flowEnded(FlowRecord record) {
            conns.add(record);
        }

        @Override
        public void tunnel(TunnelEvent event) {}

        @Override
        public void content(ContentEvent event) {
            content.add(event);
            if (event instanceof Weird w) weirds.add(w);
        }
    };
    final HeloProtocol helo = new HeloProtocol();
    PacketPipeline pipeline;

    void run(Conversation conv, DissectionConfig config) {
        pipeline = new PacketPipeline(FlowConfig.defaults(), config, new ProtocolRegistry(List.of(helo)), listener);
        assertThat(pipeline.run(conv.source, null)).isNull();
        pipeline.finish();
    }

    void run(Conversation conv) {
        run(conv, DissectionConfig.defaults());
    }

    FlowRecord conn() {
        assertThat(conns).hasSize(1);
        return conns.get(0);
    }

    List<String> weirdNames() {
        return weirds.stream().map(Weird::name).toList();
    }

    @Test
    void inOrderStreamsReachTheDissectorExactlyAndTheServiceIsConfirmed() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO there, ", 1).c(13, "how are you?", 1)
                .s(1, "HELO back", 25).s(10, " and bye", 25)
                .close(25, 18);
        run(conv);
        var d = helo.only();
        assertThat(d.origText()).isEqualTo("HELO there, how are you?");
        assertThat(d.respText()).isEqualTo("HELO back and bye");
        assertThat(d.ends).isEqualTo(1);
        assertThat(d.uids).containsExactly(conn().uid());
        assertThat(conn().service()).isEqualTo("helo");
        assertThat(conn().serviceNonStandardPort()).isNull();
        assertThat(conn().missedBytes()).isZero();
        assertThat(weirds).isEmpty();
    }

    @Test
    void outOfOrderSegmentsAreHeldAndDeliveredInOrder() {
        var conv = new Conversation(7777).handshake()
                .c(11, "world", 1).c(6, "there", 1).c(1, "HELO ", 1)
                .serverAck(1, 16).close(16, 1);
        run(conv);
        assertThat(helo.only().origText()).isEqualTo("HELO therewor" + "ld");
        assertThat(conn().missedBytes()).isZero();
        assertThat(pipeline.dissection().pool().bytesInUse()).isZero();
    }

    @Test
    void retransmissionsAreDeliveredOnce() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO abc", 1).c(1, "HELO abc", 1).c(9, "def", 1).c(5, " abcdef", 1)
                .serverAck(1, 12).close(12, 1);
        run(conv);
        assertThat(helo.only().origText()).isEqualTo("HELO abcdef");
        assertThat(conn().history()).contains("T");
        assertThat(weirdNames()).doesNotContain("rexmit_inconsistency");
    }

    @Test
    void overlapWithTheSameBytesIsQuiet() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO", 1).c(9, "5678", 1).c(5, "12345678", 1)
                .serverAck(1, 13).close(13, 1);
        run(conv);
        assertThat(helo.only().origText()).isEqualTo("HELO12345678");
        assertThat(weirds).isEmpty();
    }

    @Test
    void overlapWithDifferentBytesKeepsTheFirstDataAndIsAWeird() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO", 1).c(9, "AAAA", 1).c(5, "1234BBBB", 1)
                .serverAck(1, 13).close(13, 1);
        run(conv);
        assertThat(helo.only().origText()).isEqualTo("HELO1234AAAA");
        assertThat(weirds).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("rexmit_inconsistency");
            assertThat(w.uid()).isEqualTo(conn().uid());
            assertThat(w.source()).isEqualTo("TCP");
        });
    }

    @Test
    void aHoleAckedByThePeerIsAGapOfExactlyTheMissedBytes() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO 1234", 1).c(21, "after-gap", 1)
                .serverAck(1, 30).close(30, 1);
        run(conv);
        var d = helo.only();
        assertThat(d.origText()).isEqualTo("HELO 1234[gap 11]after-gap");
        assertThat(d.origGaps).isEqualTo(11);
        assertThat(conn().missedBytes()).isEqualTo(11);
        assertThat(conn().history()).contains("G");
    }

    @Test
    void depthLimitsWhatIsInspectedButNotWhatIsMetered() {
        var conv = new Conversation(7777).handshake()
                .c(1, "HELO 0123456789", 1).c(16, "abcdefghij", 1).c(26, "klmnop", 1)
                .serverAck(1, 32).close(32, 1);
        run(conv, DissectionConfig.defaults().withStreamDepth(20));
        assertThat(helo.only().origText()).isEqualTo("HELO 0123456789abcde").hasSize(20);
        assertThat(conn().origBytes()).isEqualTo(31L);
        assertThat(conn().service()).isEqualTo("helo");
        assertThat(helo.only().ends).isEqualTo(1);
    }

    @Test
    void sequenceNumbersWrapAroundInOrderAndOutOfOrder() {
        long isn = 0xFFFF_FFF0L;
        var conv = new Conversation(7777, isn, 0xFFFF_FFFEL).handshake()
                .c(1, "HELO-0123456789", 1).c(31, "wrapped-twice", 1).c(16, "across-the-edge", 1)
                .s(1, "HELO", 44).close(44, 5);
        run(conv);
        assertThat(helo.only().origText()).isEqualTo("HELO-0123456789across-the-edgewrapped-twice");
        assertThat(helo.only().respText()).isEqualTo("HELO");
        assertThat(conn().origBytes()).isEqualTo(43L);
        assertThat(conn().missedBytes()).isZero();
    }

    @Test
    void theProtocolIsFoundByContentOnAPortThatIsNotItsOwn() {
        run(new Conversation(8080).handshake().c(1, "HELO", 1).close(5, 1));
        assertThat(conn().service()).isEqualTo("helo");
        assertThat(conn().serviceNonStandardPort()).isEqualTo("helo");
        assertThat(conn().id().respP()).isEqualTo(8080);
    }

    @Test
    void otherContentIsOnlyMeteredAndIdentificationGivesUp() {
        var conv = new Conversation(7777).handshake();
        long rel = 1;
        for (int i = 0; i < 12; i++) {
            conv.c(rel, "nothing-to-see-" + i, 1);
            rel += ("nothing-to-see-" + i).length();
        }
        conv.c(rel, "HELO too late", 1).serverAck(1, rel + 13).close(rel + 13, 1);
        run(conv);
        assertThat(helo.dissectors).isEmpty();
        assertThat(conn().service()).isNull();
    }

    @Test
    void flowsOnlyModeAttachesNoDissector() {
        run(new Conversation(7777).handshake().c(1, "HELO", 1).close(5, 1), DissectionConfig.off());
        assertThat(helo.dissectors).isEmpty();
        assertThat(pipeline.dissection()).isNull();
        FlowRecord metered = conn();
        assertThat(metered.service()).isNull();

        conns.clear();
        run(new Conversation(7777).handshake().c(1, "HELO", 1).close(5, 1));
        assertThat(helo.dissectors).hasSize(1);
        assertThat(conn()).usingRecursiveComparison().ignoringFields("service").isEqualTo(metered);
    }

    @Test
    void aDissectorThatWantsNoMoreGetsNoMore() {
        helo.stopAfter = 6;
        run(new Conversation(7777).handshake().c(1, "HELO 1", 1).c(7, "more", 1).s(1, "HELO", 11).close(11, 5));
        assertThat(helo.only().origText()).isEqualTo("HELO 1");
        assertThat(helo.only().respText()).isEmpty();
        assertThat(helo.only().ends).isEqualTo(1);
    }

    @Test
    void aThrowingDissectorIsDetachedAndReportedNotPropagated() {
        helo.throwOn = "boom";
        run(new Conversation(7777).handshake().c(1, "HELO", 1).c(5, "boom", 1).c(9, "after", 1).close(14, 1));
        assertThat(helo.only().origText()).isEqualTo("HELO");
        assertThat(helo.only().ends).isZero();
        assertThat(weirdNames()).containsExactly("dissector_exception");
        assertThat(weirds.get(0).addl()).startsWith("helo: java.lang.IllegalStateException");
    }

    @Test
    void aProtocolCutInTheMiddleOfItsFirstBytesIsStillIdentifiedAndDeliveredWhole() {
        // neither "HE" nor "LO there" looks like the protocol; the stream does
        var conv = new Conversation(7777).handshake()
                .c(1, "HE", 1).c(3, "LO there", 1).s(1, "ok", 11)
                .close(11, 3);
        run(conv);
        var d = helo.only();
        assertThat(d.origText()).isEqualTo("HELO there");
        assertThat(d.respText()).isEqualTo("ok");
        assertThat(conn().service()).isEqualTo("helo");
    }

    @Test
    void whatTheOtherSideSaidBeforeTheProtocolShowedIsReplayedInOrder() {
        // the server speaks first in words no signature knows; the client's first bytes are the protocol's
        var conv = new Conversation(7777).handshake()
                .s(1, "hi", 1).s(3, " there", 1).c(1, "HELO", 9).s(9, "!", 5)
                .close(5, 10);
        run(conv);
        var d = helo.only();
        assertThat(d.respText()).isEqualTo("hi there!");
        assertThat(d.origText()).isEqualTo("HELO");
        assertThat(d.dataCalls).isEqualTo(4); // "hi", " there", "HELO", "!": each delivery as it came
    }

    @Test
    void aProtocolThatStartsAfterAnotherExchangeIsTakenFromWhereItStarts() {
        // as TLS after a SOCKS exchange: the stream from its start is not the protocol, the delivery is
        var conv = new Conversation(7777).handshake()
                .c(1, "\u0004\u0001xyz", 1).s(1, "\u0000Z", 6).c(6, "HELO", 3)
                .close(10, 3);
        run(conv);
        var d = helo.only();
        assertThat(d.origText()).isEqualTo("HELO");
        assertThat(d.respText()).isEmpty();
    }

    @Test
    void packetsAreObservedWithSizesAndBareAcks() {
        run(new Conversation(7777).handshake().c(1, "HELO", 1).serverAck(1, 5).s(1, "ok", 5).close(5, 3));
        var d = helo.only();
        // From the identifying packet on: HELO, server ack, server data, FIN, FIN, last ack.
        assertThat(d.packets).isEqualTo(6);
        assertThat(d.bareAcks).isEqualTo(2);
    }

    @Test
    void udpDatagramsAreDeliveredOneByOne() {
        var conv = new Conversation(7777);
        conv.raw(FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 9999).payload("HELO udp").build())
                .raw(FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").udp(9999, 40000).payload("reply").build());
        run(conv);
        var d = helo.only();
        assertThat(d.origText()).isEqualTo("HELO udp");
        assertThat(d.respText()).isEqualTo("reply");
        assertThat(d.dataCalls).isEqualTo(2);
        assertThat(conn().service()).isEqualTo("helo");
        assertThat(conn().serviceNonStandardPort()).isEqualTo("helo");
    }

    @Test
    void tcpRuleViolationsAreWeirdsOncePerConnection() {
        var conv = new Conversation(7777);
        byte[] synWithData = FrameBuilder.raw().ipv4(Conversation.CLIENT, Conversation.SERVER).tcp(40000, 7777)
                .flags(FrameBuilder.SYN).seq(1000).payload("early").build();
        conv.raw(synWithData).raw(synWithData);
        run(conv);
        // The repeated SYN finds the originator in SYN_SENT: Zeek's data_before_established.
        assertThat(weirdNames()).containsExactly("SYN_with_data", "data_before_established");
        assertThat(weirds).first().satisfies(w -> {
            assertThat(w.name()).isEqualTo("SYN_with_data");
            assertThat(w.uid()).isEqualTo(conn().uid());
            assertThat(w.id().respP()).isEqualTo(7777);
            assertThat(w.source()).isEqualTo("TCP");
            assertThat(w.peer()).isEqualTo("sluice");
        });
    }

    @Test
    void damagedHeadersAreWeirdsOutsideAnyConnection() {
        byte[] badTcp = FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).flags(FrameBuilder.ACK).build();
        badTcp[20 + 12] = 0x20; // data offset 2 words: below the 20-byte minimum
        byte[] badIpSum = FrameBuilder.raw().ipv4("10.0.0.3", "10.0.0.4").udp(1, 2).payload("x").build();
        badIpSum[10] ^= 0x55;
        var conv = new Conversation(7777).raw(badTcp).raw(badTcp).raw(badIpSum);
        run(conv);
        assertThat(weirds).extracting(Weird::name).containsExactly("bad_TCP_header_len", "bad_IP_checksum");
        assertThat(weirds.get(0).uid()).isNull();
        assertThat(weirds.get(0).id().origH()).isEqualTo("10.0.0.1");
        assertThat(weirds.get(0).id().respP()).isZero();
    }

    @Test
    void dataBeforeTheHandshakeCompletesIsAWeird() {
        var conv = new Conversation(7777);
        conv.raw(FrameBuilder.raw().ipv4(Conversation.CLIENT, Conversation.SERVER).tcp(40000, 7777)
                .flags(FrameBuilder.SYN).seq(1000).build());
        conv.c(1, "HELO without an answer", 1);
        run(conv);
        assertThat(weirdNames()).contains("data_before_established");
    }
}
