package io.sluice.protocol.rdp;

import static io.sluice.packet.craft.RdpBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RdpDissectorTest {

    private static void feed(RdpDissector d, RecordingContext ctx, boolean fromOrig, byte[] b) {
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    private static void halves(RdpDissector d, RecordingContext ctx, boolean fromOrig, byte[] b, int split) {
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, split, ctx);
        d.onData(fromOrig, ByteBuffer.wrap(b), split, b.length - split, ctx);
    }

    private static RdpSession row(RecordingContext ctx) {
        return ctx.events.stream().filter(RdpSession.class::isInstance).map(RdpSession.class::cast).findFirst().orElseThrow();
    }

    @Test
    void negotiationToCredSspHandsOverToTlsSplitAtEveryByte() {
        byte[] cr = connectionRequest("alice", 3);
        byte[] cc = connectionConfirm(2, 2);
        byte[] hello = TlsHelloBytes.clientHello("rdp.example.com");
        for (int split = 0; split <= cr.length; split++) {
            var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 3389);
            var d = new RdpDissector();
            halves(d, ctx, true, cr, split);
            halves(d, ctx, false, cc, Math.min(split, cc.length));
            halves(d, ctx, true, hello, Math.min(split, hello.length));
            d.onEnd(ctx);
            var r = row(ctx);
            assertThat(r.cookie()).as("split %d", split).isEqualTo("alice");
            assertThat(r.securityProtocol()).isEqualTo("HYBRID");
            assertThat(r.result()).isEqualTo("encrypted");
            assertThat(r.requestedProtocols()).containsExactly("SSL", "HYBRID");
            assertThat(r.certCount()).isZero();
            assertThat(ctx.events).filteredOn(TlsHandshake.class::isInstance).hasSize(1);
            assertThat(ctx.confirmed).containsExactly("rdp", "ssl");
        }
    }

    @Test
    void negotiationFailureIsTheResult() {
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 3389);
        var d = new RdpDissector();
        feed(d, ctx, true, connectionRequest("bob", 0));
        feed(d, ctx, false, connectionConfirm(3, 5));
        d.onEnd(ctx);
        var r = row(ctx);
        assertThat(r.result()).isEqualTo("HYBRID_REQUIRED_BY_SERVER");
        assertThat(r.requestedProtocols()).containsExactly("RDP");
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void standardSecurityReadsClientAndServerData() {
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 3389);
        var d = new RdpDissector();
        feed(d, ctx, true, connectionRequest("carol", 0));
        feed(d, ctx, false, connectionConfirm(2, 0));
        feed(d, ctx, true, clientData("WORKSTATION7", 1920, 1080, 0x409, 7601, "rdpdr", "cliprdr"));
        assertThat(d.wantsMore()).isTrue();
        feed(d, ctx, false, serverData(0, 2, 3, true));
        assertThat(d.wantsMore()).isFalse();
        d.onEnd(ctx);
        var r = row(ctx);
        assertThat(r.securityProtocol()).isEqualTo("RDP");
        assertThat(r.result()).isEqualTo("Success");
        assertThat(r.clientName()).isEqualTo("WORKSTATION7");
        assertThat(r.desktopWidth()).isEqualTo(1920L);
        assertThat(r.desktopHeight()).isEqualTo(1080L);
        assertThat(r.keyboardLayout()).isEqualTo("English - United States");
        assertThat(r.clientBuild()).isEqualTo("RDP 7.1");
        assertThat(r.requestedColorDepth()).isEqualTo("24bit");
        assertThat(r.clientDigProductId()).isEqualTo("PRODUCT-ID");
        assertThat(r.clientChannels()).containsExactly("rdpdr", "cliprdr");
        assertThat(r.encryptionMethod()).isEqualTo("128bit");
        assertThat(r.encryptionLevel()).isEqualTo("High");
        assertThat(r.certType()).isEqualTo("RSA");
        assertThat(r.certPermanent()).isFalse();
        assertThat(r.certCount()).isEqualTo(1);
    }

    @Test
    void keyboardLayoutsFollowZeeksBestGuessRule() {
        assertThat(RdpCodes.keyboardLayout(0x409)).isEqualTo("English - United States");
        assertThat(RdpCodes.keyboardLayout(0x10409)).isEqualTo("English - United States (Dvorak)");
        assertThat(RdpCodes.keyboardLayout(0xe0010409L)).isEqualTo("English - United States (Best Guess for 3758162953)");
        assertThat(RdpCodes.keyboardLayout(7)).isEqualTo("keyboard-7");
    }

    @Test
    void badTpktLengthIsAWeird() {
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 3389);
        var d = new RdpDissector();
        feed(d, ctx, true, new byte[] {3, 0, 0, 2, 0, 0});
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("rdp_bad_tpkt_length");
        d.onEnd(ctx);
        assertThat(ctx.events).isEmpty();
    }

    @Test
    void signatureWantsAConnectionRequest() {
        byte[] cr = connectionRequest("x", 1);
        assertThat(RdpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(cr), 0, cr.length, 5000, 3389)).isTrue();
        assertThat(RdpProtocol.SIGNATURE.matches(false, ByteBuffer.wrap(cr), 0, cr.length, 5000, 3389)).isFalse();
        byte[] cc = connectionConfirm(2, 1);
        assertThat(RdpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(cc), 0, cc.length, 5000, 3389)).isFalse();
        // an ISO-TSAP (S7comm) request: TPDU parameters after the fixed part
        byte[] s7 = tpkt(new byte[] {17, (byte) 0xe0, 0, 0, 0, 1, 0, (byte) 0xc0, 1, 10, (byte) 0xc1, 2, 1, 0, (byte) 0xc2, 2, 1, 2});
        assertThat(RdpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(s7), 0, s7.length, 5000, 102)).isFalse();
        byte[] bare = tpkt(new byte[] {6, (byte) 0xe0, 0, 0, 0, 0, 0});
        assertThat(RdpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(bare), 0, bare.length, 5000, 3389)).isTrue();
    }

    @Property(tries = 1000)
    void randomAndMutatedInputNeverThrows(@ForAll byte[] noise, @ForAll int position, @ForAll byte value) {
        byte[] client = clientData("W", 800, 600, 0x409, 2600, "a");
        byte[] server = serverData(0, 1, 2, false);
        client[Math.floorMod(position, client.length)] = value;
        server[Math.floorMod(position, server.length)] = value;
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 3389);
        var d = new RdpDissector();
        feed(d, ctx, true, connectionRequest("u", 0));
        feed(d, ctx, false, connectionConfirm(2, 0));
        feed(d, ctx, true, client);
        feed(d, ctx, false, server);
        feed(d, ctx, true, noise);
        d.onEnd(ctx);
        var fresh = new RdpDissector();
        feed(fresh, ctx, true, noise);
        feed(fresh, ctx, false, noise);
        fresh.onEnd(ctx);
    }
}
