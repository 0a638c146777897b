package io.sluice.protocol.ssh;

import static io.sluice.packet.craft.SshSessionBuilder.ascii;
import static io.sluice.packet.craft.SshSessionBuilder.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.SshSessionBuilder;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SshDissectorTest {
    static final String CLIENT_KEX = "curve25519-sha256,ecdh-sha2-nistp256";
    static final String SERVER_KEX = "ecdh-sha2-nistp256,curve25519-sha256";
    static final byte[] HOST_KEY = concat(new byte[] {0, 0, 0, 11}, ascii("ssh-ed25519"), new byte[] {0, 0, 0, 32},
            new byte[32]);

    static byte[] clientClear() {
        return concat(ascii("SSH-2.0-TestClient_1.0\r\n"),
                SshSessionBuilder.kexInit(CLIENT_KEX, "ssh-ed25519,rsa-sha2-512", "aes128-ctr,aes256-gcm@openssh.com",
                        "hmac-sha2-256", "none,zlib@openssh.com"),
                SshSessionBuilder.newKeys());
    }

    static byte[] serverClear() {
        return concat(ascii("SSH-2.0-TestServer_2.0\r\n"),
                SshSessionBuilder.kexInit(SERVER_KEX, "rsa-sha2-512,ssh-ed25519", "aes256-gcm@openssh.com,aes128-ctr",
                        "hmac-sha2-512,hmac-sha2-256", "none"),
                SshSessionBuilder.kexReply(31, HOST_KEY), SshSessionBuilder.newKeys());
    }

    /** Cleartext in steps of {@code step} bytes (0: whole), then encrypted segments whole, alternating sides. */
    static RecordingContext run(int step, int... encrypted) {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("192.168.1.10", 50000, "8.8.8.8", 22);
        feed(d, ctx, true, clientClear(), step);
        feed(d, ctx, false, serverClear(), step);
        boolean fromOrig = true;
        for (int len : encrypted) {
            feed(d, ctx, fromOrig, new byte[len], 0);
            fromOrig = !fromOrig;
        }
        d.onEnd(ctx);
        return ctx;
    }

    static void feed(SshDissector d, RecordingContext ctx, boolean fromOrig, byte[] b, int step) {
        int n = step <= 0 ? b.length : step;
        for (int i = 0; i < b.length; i += n) {
            ctx.ts += 1000;
            d.onData(fromOrig, ByteBuffer.wrap(b), i, Math.min(n, b.length - i), ctx);
        }
    }

    @Test
    void logsTheNegotiationHostKeyAndHasshAtEveryByteBoundary() throws Exception {
        // service request/accept (52/52), userauth request, USERAUTH_SUCCESS 16 bytes shorter than the accept
        var ctx = run(0, 52, 52, 100, 36);
        var rows = ctx.eventsOf(SshHandshake.class);
        assertThat(rows).hasSize(1);
        var h = rows.get(0);
        assertThat(h.version()).isEqualTo(2);
        assertThat(h.authSuccess()).isTrue();
        assertThat(h.authAttempts()).isEqualTo(1);
        assertThat(h.direction()).isEqualTo("OUTBOUND");
        assertThat(h.client()).isEqualTo("SSH-2.0-TestClient_1.0");
        assertThat(h.server()).isEqualTo("SSH-2.0-TestServer_2.0");
        assertThat(h.kexAlg()).isEqualTo("curve25519-sha256");
        assertThat(h.hostKeyAlg()).isEqualTo("ssh-ed25519");
        assertThat(h.cipherAlg()).isEqualTo("aes128-ctr");
        assertThat(h.macAlg()).isEqualTo("hmac-sha2-256");
        assertThat(h.compressionAlg()).isEqualTo("none");
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(HOST_KEY);
        assertThat(h.hostKeyFingerprint()).isEqualTo("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha));
        assertThat(h.hostKey()).isEqualTo(HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(HOST_KEY)));
        String algs = CLIENT_KEX + ";aes128-ctr,aes256-gcm@openssh.com;hmac-sha2-256;none,zlib@openssh.com";
        assertThat(h.hasshAlgorithms()).isEqualTo(algs);
        assertThat(h.hassh()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(ascii(algs))));
        assertThat(h.hasshServerAlgorithms()).isEqualTo(SERVER_KEX + ";aes256-gcm@openssh.com,aes128-ctr;"
                + "hmac-sha2-512,hmac-sha2-256;none");
        assertThat(ctx.confirmed).containsExactly("ssh");
        assertThat(ctx.weirds).isEmpty();
        for (int step = 1; step <= 5; step++) {
            var split = run(step, 52, 52, 100, 36).eventsOf(SshHandshake.class);
            assertThat(split).as("step %d", step).containsExactly(h.withTs(split.get(0).tsNanos()));
        }
    }

    @Test
    void countsFailedAttemptsByRepeatedFailureSizes() {
        // accept 52; first failure size 60 only sets the size; two repeats are two failed attempts
        var h = run(0, 52, 52, 100, 60, 100, 60, 100, 60).eventsOf(SshHandshake.class).get(0);
        assertThat(h.authSuccess()).isFalse();
        assertThat(h.authAttempts()).isEqualTo(2);
    }

    @Test
    void leavesAuthenticationUnknownWithoutEncryptedTraffic() {
        var h = run(0).eventsOf(SshHandshake.class).get(0);
        assertThat(h.authSuccess()).isNull();
        assertThat(h.authAttempts()).isZero();
    }

    @Test
    void stopsAtSsh1AndReportsVersionMismatches() {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        feed(d, ctx, false, ascii("SSH-1.99-Server\n"), 0);
        feed(d, ctx, true, ascii("SSH-1.5-Client\n"), 0);
        assertThat(d.wantsMore()).isFalse();
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(SshHandshake.class).get(0).version()).isEqualTo(1);

        var mismatch = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        var d2 = new SshDissector();
        feed(d2, mismatch, true, ascii("SSH-1.5-Client\r\n"), 0);
        feed(d2, mismatch, false, ascii("SSH-2.0-Server\r\n"), 0);
        d2.onEnd(mismatch);
        assertThat(mismatch.eventsOf(SshHandshake.class).get(0).version()).isNull();
        assertThat(mismatch.weirds).extracting(RecordingContext.Weird::name).containsExactly("SSH_version_mismatch");
    }

    @Test
    void reportsBadLengthsAndLongBannersWithoutThrowing() {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        feed(d, ctx, true, concat(ascii("SSH-2.0-" + "a".repeat(3000) + "\r\n"), new byte[] {0x7f, -1, -1, -1, 4, 20}), 7);
        feed(d, ctx, false, ascii("a pre-banner line\r\nSSH-2.0-S\r\n"), 3);
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .containsExactly("SSH_banner_too_long", "SSH_invalid_packet_length");
        var h = ctx.eventsOf(SshHandshake.class).get(0);
        assertThat(h.client()).hasSize(SshDissector.MAX_BANNER);
        assertThat(h.server()).isEqualTo("SSH-2.0-S");
    }

    @Test
    void emitsJa4sshPerWindowFromPacketsTheStreamLayerPasses() {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        for (int i = 0; i < 250; i++) {
            d.onPacket(true, 36, false, ctx);
            d.onPacket(false, 0, true, ctx);
        }
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(Ja4SshFingerprint.class)).extracting(Ja4SshFingerprint::ja4ssh)
                .containsExactly("c36s0_c200s0_c0s199", "c36s0_c50s0_c0s51");
    }

    @Test
    void signatureWantsAnSshIdentification() {
        var sig = SshProtocol.SIGNATURE;
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("SSH-2.0-x")), 0, 9, 1, 2)).isTrue();
        assertThat(sig.matches(false, ByteBuffer.wrap(ascii("ssh-1.99-x")), 0, 10, 1, 2)).isTrue();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("SSH-3.0-x")), 0, 9, 1, 2)).isFalse();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("GET / HTTP/1.1")), 0, 14, 1, 2)).isFalse();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("SSH-")), 0, 4, 1, 2)).isFalse();
    }
}
