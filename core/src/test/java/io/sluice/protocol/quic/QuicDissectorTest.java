package io.sluice.protocol.quic;

import static io.sluice.packet.craft.QuicPackets.clientHello;
import static io.sluice.packet.craft.QuicPackets.concat;
import static io.sluice.packet.craft.QuicPackets.cryptoFrame;
import static io.sluice.packet.craft.QuicPackets.hex;
import static io.sluice.packet.craft.QuicPackets.initial;
import static io.sluice.packet.craft.QuicPackets.longPacket;
import static io.sluice.packet.craft.QuicPackets.padding;
import static io.sluice.packet.craft.QuicPackets.serverHello;
import static io.sluice.packet.craft.QuicPackets.shortPacket;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.QuicPackets;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.tls.ClientHello;
import io.sluice.protocol.tls.Ja4;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The QUIC dissector on handshakes built in the test, datagram by datagram. */
class QuicDissectorTest {
    static final byte[] DCID = hex("0011223344556677");
    static final byte[] CLIENT_CID = hex("c1c2c3c4");
    static final byte[] SERVER_CID = hex("5a5b5c5d5e5f");
    static final byte[] CH = clientHello("example.com", "h3");
    static final byte[] SH = serverHello();

    final QuicDissector d = new QuicDissector();
    final RecordingContext ctx = RecordingContext.udp("10.0.0.1", 50000, "192.0.2.1", 443);

    void send(boolean fromOrig, byte[]... packets) {
        byte[] datagram = concat(packets);
        ctx.ts += 1_000_000;
        // the datagram sits inside a bigger buffer, as in a captured frame
        byte[] frame = concat(new byte[7], datagram, new byte[5]);
        d.onData(fromOrig, ByteBuffer.wrap(frame), 7, datagram.length, ctx);
    }

    byte[] clientInitial(int version, long pn, byte[] frames) throws Exception {
        return initial(version, true, DCID, DCID, CLIENT_CID, pn, 2, frames);
    }

    byte[] serverInitial(int version, long pn, byte[] frames) throws Exception {
        return initial(version, false, DCID, CLIENT_CID, SERVER_CID, pn, 1, frames);
    }

    /** A whole handshake of the given version, as Chrome and most servers send it. */
    void handshake(int version) throws Exception {
        // CRYPTO frames out of order with PADDING and PING between them, as Chrome sends them
        int half = CH.length / 2;
        send(true, clientInitial(version, 0, concat(cryptoFrame(half, CH, half, CH.length - half), padding(3),
                new byte[] {1}, cryptoFrame(0, CH, 0, half), padding(900))));
        // server: Initial (ACK + ServerHello), Handshake, short packet coalesced
        send(false, serverInitial(version, 0, concat(hex("0200000000"), cryptoFrame(0, SH, 0, SH.length))),
                longPacket(version, QuicVersion.HANDSHAKE, CLIENT_CID, SERVER_CID, 300), shortPacket(CLIENT_CID, 40));
        send(true, longPacket(version, QuicVersion.HANDSHAKE, SERVER_CID, CLIENT_CID, 60), shortPacket(SERVER_CID, 30));
        for (int i = 0; i < 6; i++) {
            send(true, shortPacket(SERVER_CID, 30));
            send(false, shortPacket(CLIENT_CID, 500));
        }
    }

    @Test
    void aVersion1HandshakeGivesZeeksQuicAndSslRows() throws Exception {
        handshake(QuicVersion.V1);
        d.onEnd(ctx);

        assertThat(ctx.confirmed).containsExactly("quic", "ssl");
        var quic = ctx.eventsOf(QuicConnection.class);
        assertThat(quic).hasSize(1);
        QuicConnection q = quic.get(0);
        assertThat(q.version()).isEqualTo("1");
        assertThat(q.clientInitialDcid()).isEqualTo("0011223344556677");
        assertThat(q.clientScid()).isEqualTo("c1c2c3c4");
        assertThat(q.serverScid()).isEqualTo("5a5b5c5d5e5f");
        assertThat(q.serverName()).isEqualTo("example.com");
        assertThat(q.clientProtocol()).isEqualTo("h3");
        // client shorts: 1st, 2nd, 4th (and 7 in all); server shorts: 1st, 2nd, 4th (7 in all)
        assertThat(q.history()).isEqualTo("ISishoHOOoOo");
        assertThat(q.tsNanos()).isEqualTo(1_000_000);
        ClientHello ch = ClientHello.parseMessage(CH, 0, CH.length);
        assertThat(q.ja4()).isEqualTo(Ja4.ja4(ch, Ja4.QUIC)).startsWith("q13d0307h3_");
        assertThat(q.ja4s()).startsWith("q130200_1301_");
        assertThat(ctx.weirds).isEmpty();

        var ssl = ctx.eventsOf(TlsHandshake.class);
        assertThat(ssl).hasSize(1);
        TlsHandshake h = ssl.get(0);
        assertThat(h.version()).isEqualTo("TLSv13");
        assertThat(h.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(h.curve()).isEqualTo("x25519");
        assertThat(h.serverName()).isEqualTo("example.com");
        assertThat(h.established()).isFalse();
        assertThat(h.sslHistory()).isEqualTo("Cs");
        assertThat(h.ja4()).isEqualTo(q.ja4());
        assertThat(h.ja4s()).isEqualTo(q.ja4s());
    }

    @Test
    void version2AndDraft29DecryptWithTheirOwnSaltsAndLabels() throws Exception {
        handshake(QuicVersion.V2);
        d.onEnd(ctx);
        QuicConnection q = ctx.eventsOf(QuicConnection.class).get(0);
        assertThat(q.version()).isEqualTo("quicv2");
        assertThat(q.history()).startsWith("ISishoHOO");
        assertThat(q.ja4s()).isNotNull();

        var other = new QuicDissectorTest();
        other.handshake(0xff00001d);
        other.d.onEnd(other.ctx);
        QuicConnection draft = other.ctx.eventsOf(QuicConnection.class).get(0);
        assertThat(draft.version()).isEqualTo("draft-29");
        assertThat(draft.ja4()).isEqualTo(q.ja4());
    }

    /** The ClientHello split at every byte boundary over two Initial packets, in both orders. */
    @ParameterizedTest(name = "reversed={0}")
    @ValueSource(booleans = {false, true})
    void aClientHelloSplitAnywhereAcrossDatagramsIsReassembled(boolean reversed) throws Exception {
        String expected = Ja4.ja4(ClientHello.parseMessage(CH, 0, CH.length), Ja4.QUIC);
        for (int cut = 1; cut < CH.length; cut++) {
            var t = new QuicDissectorTest();
            byte[] first = t.clientInitial(1, 0, cryptoFrame(0, CH, 0, cut));
            byte[] second = t.clientInitial(1, 1, cryptoFrame(cut, CH, cut, CH.length - cut));
            t.send(true, reversed ? second : first);
            t.send(true, reversed ? first : second);
            t.d.onEnd(t.ctx);
            QuicConnection q = t.ctx.eventsOf(QuicConnection.class).get(0);
            assertThat(q.history()).as("cut %d", cut).isEqualTo("IIS");
            assertThat(q.ja4()).as("cut %d", cut).isEqualTo(expected);
            assertThat(t.ctx.weirds).as("cut %d", cut).isEmpty();
        }
    }

    @Test
    void severalAlpnValuesAreAWeirdAndTheFirstIsLogged() throws Exception {
        byte[] ch = clientHello("example.com", "h3", "h3-29");
        send(true, clientInitial(1, 0, cryptoFrame(0, ch, 0, ch.length)));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(QuicConnection.class).get(0).clientProtocol()).isEqualTo("h3");
        assertThat(ctx.weirds).containsExactly(new RecordingContext.Weird("QUIC_many_protocols", "h3,h3-29"));
    }

    @Test
    void repeatedAndOverlappingCryptoDataKeepsTheFirstCopy() throws Exception {
        byte[] garbage = CH.clone();
        java.util.Arrays.fill(garbage, 10, 30, (byte) 0x77);
        send(true, clientInitial(1, 0, concat(cryptoFrame(0, CH, 0, 40), cryptoFrame(0, garbage, 0, 40),
                cryptoFrame(20, garbage, 20, CH.length - 20))));
        d.onEnd(ctx);
        QuicConnection q = ctx.eventsOf(QuicConnection.class).get(0);
        assertThat(q.serverName()).isEqualTo("example.com");
        assertThat(q.history()).isEqualTo("IS");
    }

    @Test
    void aRetryLogsTheRecordAndDecryptionRestartsWithTheNewDcid() throws Exception {
        send(true, clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length)));
        byte[] retryCid = hex("99887766");
        send(false, QuicPackets.retry(1, CLIENT_CID, retryCid, hex("746f6b656e")));
        // the client retries towards the server's new id; keys now come from it
        send(true, initial(1, true, retryCid, retryCid, CLIENT_CID, 1, 2, cryptoFrame(0, CH, 0, CH.length)));
        send(false, initial(1, false, retryCid, CLIENT_CID, SERVER_CID, 0, 2, cryptoFrame(0, SH, 0, SH.length)));
        d.onEnd(ctx);
        var rows = ctx.eventsOf(QuicConnection.class);
        assertThat(rows).extracting(QuicConnection::history).containsExactly("ISr", "ISis");
        assertThat(rows.get(1).clientInitialDcid()).isEqualTo("99887766");
        assertThat(rows.get(1).ja4s()).isNotNull();
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void versionNegotiationAndUnknownVersionsLogARecord() throws Exception {
        send(true, clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length)));
        // servers SHOULD set 0x40 so that Version Negotiation looks like it has the fixed bit (RFC 9000 17.2.1)
        send(false, concat(hex("c0"), QuicPackets.u32(0), new byte[] {4}, CLIENT_CID, new byte[] {8}, DCID,
                QuicPackets.u32(0x6b3343cf), QuicPackets.u32(1)));
        var other = new QuicDissectorTest();
        other.send(true, longPacket(0x1a2a3a4a, 0, DCID, CLIENT_CID, 1200));
        d.onEnd(ctx);
        other.d.onEnd(other.ctx);
        assertThat(ctx.eventsOf(QuicConnection.class)).extracting(QuicConnection::history).containsExactly("ISu");
        QuicConnection unknown = other.ctx.eventsOf(QuicConnection.class).get(0);
        assertThat(unknown.version()).isEqualTo("unknown-1a2a3a4a");
        assertThat(unknown.history()).isEqualTo("U");
        assertThat(other.ctx.confirmed).isEmpty();
    }

    @Test
    void aPacketThatDoesNotDecryptIsAWeirdAndEndsTheInspectionBeforeConfirmation() throws Exception {
        byte[] p = clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length));
        p[p.length - 3] ^= 0x40;
        send(true, p);
        assertThat(d.wantsMore()).isFalse();
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("QUIC_initial_decryption_failed");
        assertThat(ctx.confirmed).isEmpty();
        assertThat(ctx.eventsOf(QuicConnection.class)).extracting(QuicConnection::history).containsExactly("I");
        assertThat(ctx.eventsOf(TlsHandshake.class)).isEmpty();
    }

    @Test
    void connectionCloseLogsTheRecordAndLaterPacketsStartANewOne() throws Exception {
        send(true, clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length)));
        // CONNECTION_CLOSE: error 0x0a, frame type 6, reason "no"
        send(false, serverInitial(1, 0, concat(hex("1c0a0602"), "no".getBytes())));
        send(false, shortPacket(CLIENT_CID, 20));
        send(true, longPacket(1, QuicVersion.HANDSHAKE, SERVER_CID, CLIENT_CID, 40));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(QuicConnection.class)).extracting(QuicConnection::history).containsExactly("ISic", "H");
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .containsExactly("QUIC_spurious_short_packet_threshold_crossed");
    }

    @Test
    void bytesAfterTheLastPacketAreADiscardedPacketOnceSomethingWasDecrypted() throws Exception {
        send(true, padding(50)); // nothing decrypted yet: no letter
        send(true, clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length)), padding(30));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(QuicConnection.class).get(0).history()).isEqualTo("ISX");
    }

    @Test
    void badLengthsAreWeirdsAndTheRestOfTheDatagramIsDropped() throws Exception {
        byte[] good = clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length));
        for (int cut = 1; cut < 60; cut++) {
            var t = new QuicDissectorTest();
            t.send(true, java.util.Arrays.copyOf(good, cut));
            t.d.onEnd(t.ctx);
            assertThat(t.ctx.weirds).as("cut %d", cut).extracting(RecordingContext.Weird::name)
                    .containsAnyOf("QUIC_truncated_packet");
        }
        // an Initial whose length leaves no room for the header protection sample
        send(true, concat(hex("c0"), QuicPackets.u32(1), new byte[] {8}, DCID, new byte[] {0}, hex("00"), hex("05"),
                new byte[5]));
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("QUIC_initial_packet_too_short");
    }

    @Test
    void cryptoDataIsBoundedAndOversizedHellosAreRefused() throws Exception {
        send(true, clientInitial(1, 0, cryptoFrame(70_000, CH, 0, 100)));
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("QUIC_crypto_data_out_of_bounds");
        // a handshake header announcing more than 2^14 + 256 bytes
        send(true, clientInitial(1, 1, cryptoFrame(0, hex("01ffffff"), 0, 4)));
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).contains("QUIC_crypto_message_too_large");
        // many frames at scattered offsets: the buffer never exceeds the limit
        var t = new QuicDissectorTest();
        for (int i = 0; i < 40; i++) {
            t.send(true, t.clientInitial(1, i, cryptoFrame(i * 1600L + 4, new byte[1000], 0, 1000)));
        }
        assertThat(t.d.bufferedBytes()).isLessThanOrEqualTo(CryptoStream.LIMIT + 2 * 65536);
        assertThat(t.d.bufferedBytes()).isLessThanOrEqualTo(CryptoStream.LIMIT + 2 * 1500 + 16);
    }

    @Test
    void theHistoryStopsAtOneHundredLetters() throws Exception {
        send(true, clientInitial(1, 0, cryptoFrame(0, CH, 0, CH.length)));
        for (int i = 0; i < 150; i++) send(false, longPacket(1, QuicVersion.HANDSHAKE, CLIENT_CID, SERVER_CID, 30));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(QuicConnection.class).get(0).history()).hasSize(100);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("QUIC_max_history_length_reached");
    }

    @Test
    void framesAnInitialMayNotCarryStopTheParse() throws Exception {
        send(true, clientInitial(1, 0, concat(hex("08"), cryptoFrame(0, CH, 0, CH.length))));
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("QUIC_unhandled_frame_type");
        assertThat(ctx.eventsOf(QuicConnection.class).get(0).history()).isEqualTo("I");
    }
}
