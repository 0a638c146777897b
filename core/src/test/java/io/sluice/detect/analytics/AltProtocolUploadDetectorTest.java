package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.protocol.ftp.FtpCommand;
import io.sluice.protocol.smb.SmbEncryption;
import io.sluice.protocol.ssh.SshHandshake;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AltProtocolUploadDetectorTest {
    private static final AltProtocolUploadDetector DETECTOR =
            new AltProtocolUploadDetector(AltProtocolUploadDetector.Config.defaults());
    private static final String HOST = "10.0.0.77", DROP = "45.77.20.1";

    @TempDir
    Path dir;

    @Test
    void anSftpUploadThroughThePipelineIsExfiltrationOverAnAsymmetricEncryptedProtocol() {
        var events = new UploadCapture()
                .tcpUpload(HOST, 50400, DROP, 22, List.of("S:SSH-2.0-OpenSSH_9.6\r\n"),
                        "SSH-2.0-WinSCP_release_6.3\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        new byte[3_000], 6L << 20, (byte) 0x5a)
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SshHandshake.class));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.alt_protocol");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(ids(a)).containsExactly("T1048", "T1048.002");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).startsWith("10.0.0.77 uploaded 6.0 MiB to 45.77.20.1 over SSH (encrypted with a "
                    + "public-key handshake, seen in SSH client SSH-2.0-WinSCP_release_6.3)");
        });
    }

    @Test
    void anFtpsUploadThroughThePipelineIsAsymmetricEncryptedToo() {
        var events = new UploadCapture()
                .tcpUpload(HOST, 50401, DROP, 990, TlsHelloBytes.clientHello("ftp.drop.example"), new byte[2_000],
                        5L << 20, (byte) 0x17)
                .events(dir);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.002");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("over TLS", "seen in TLS to ftp.drop.example on tcp/990");
        });
    }

    /** A NetBIOS session message around {@code smb}, as ISO-8859-1 text for UploadCapture's exchange. */
    private static byte[] netbios(byte[] smb) {
        var out = new byte[4 + smb.length];
        out[1] = (byte) (smb.length >> 16);
        out[2] = (byte) (smb.length >> 8);
        out[3] = (byte) smb.length;
        System.arraycopy(smb, 0, out, 4, smb.length);
        return out;
    }

    /** An SMB2 NEGOTIATE request, or its response choosing {@code dialect} (0x0311 for 3.1.1). */
    private static byte[] negotiate(boolean response, int dialect) {
        var m = java.nio.ByteBuffer.allocate(64 + 66).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B').putShort((short) 64);
        m.putInt(12, 0).putShort(12, (short) 0).putInt(16, response ? 1 : 0).putInt(20, 0).putLong(24, 0);
        m.putShort(64, (short) (response ? 65 : 36)).putShort(66, (short) 1).putShort(68, (short) (response ? dialect : 1));
        if (!response) m.putShort(100, (short) dialect);
        return netbios(m.array());
    }

    /** An SMB 3 encrypted message: the transform header (0xFD 'SMB', signature, nonce, sizes) and ciphertext. */
    private static byte[] transform(int ciphertext, long seed) {
        var random = new java.util.SplittableRandom(seed);
        var m = java.nio.ByteBuffer.allocate(52 + ciphertext).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.put((byte) 0xFD).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        for (int i = 4; i < 36; i++) m.put(i, (byte) random.nextInt(256)); // signature and nonce
        m.putInt(36, ciphertext).putShort(42, (short) 1).putLong(44, 0x0000_4000_0000_0051L);
        for (int i = 52; i < m.capacity(); i++) m.put(i, (byte) random.nextInt(256));
        return netbios(m.array());
    }

    private static String iso(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void anEncryptedSmb3UploadThroughThePipelineIsExfiltrationOverASymmetricEncryptedProtocol() {
        var events = new UploadCapture()
                .tcpUpload(HOST, 50404, DROP, 445, List.of("C:" + iso(negotiate(false, 0x0311)),
                        "S:" + iso(negotiate(true, 0x0311))), transform(4_000, 1), transform(300, 2), 5L << 20, (byte) 0)
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SmbEncryption.class, x -> {
            assertThat(x.dialect()).isEqualTo("3.11");
            assertThat(x.firstFrom()).isEqualTo("orig");
        }));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.001");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).startsWith("10.0.0.77 uploaded 5.0 MiB to 45.77.20.1 over SMB (encrypted with keys"
                    + " derived from the authentication's shared secret, seen in SMB 3.11 encrypted messages on tcp/445)");
        });
    }

    @Test
    void anUnencryptedSmbSessionOrAnEncryptedDownloadIsNotSymmetricEncryptedExfiltration() {
        // SMB 3.1.1 negotiated but never encrypted: no protocol named, the upload is left to the flow analytics
        var clear = new UploadCapture()
                .tcpUpload(HOST, 50405, DROP, 445, List.of("C:" + iso(negotiate(false, 0x0311)),
                        "S:" + iso(negotiate(true, 0x0311))), new byte[0], new byte[0], 5L << 20, (byte) 0)
                .events(dir);
        assertThat(clear).noneMatch(e -> e instanceof SmbEncryption);
        assertThat(DetectorHarness.run(DETECTOR, clear)).isEmpty();
        // encrypted, but the client only sent its requests (a read of the share): below the volume
        var read = new UploadCapture()
                .tcpUpload(HOST, 50406, DROP, 445, List.of("C:" + iso(negotiate(false, 0x0311)),
                        "S:" + iso(negotiate(true, 0x0311))), transform(4_000, 3), transform(300, 4), 200_000, (byte) 0)
                .events(dir);
        assertThat(read).anyMatch(e -> e instanceof SmbEncryption);
        assertThat(DetectorHarness.run(DETECTOR, read)).isEmpty();
    }

    @Test
    void anFtpStorThroughThePipelineIsExfiltrationOverAnUnencryptedProtocol() {
        var events = new UploadCapture()
                .tcpUpload(HOST, 50402, DROP, 21, List.of("S:220 drop ready\r\n", "C:USER anonymous\r\n",
                        "S:331 password please\r\n", "C:PASS x@y\r\n", "S:230 logged in\r\n", "C:TYPE I\r\n",
                        "S:200 binary\r\n", "C:PASV\r\n", "S:227 Entering Passive Mode (45,77,20,1,195,80).\r\n",
                        "C:STOR hr-export.zip\r\n", "S:150 go ahead\r\n", "S:226 transfer complete\r\n",
                        "C:QUIT\r\n", "S:221 bye\r\n"), new byte[0], new byte[0], 0, (byte) 0)
                .tcpUpload(HOST, 50403, DROP, 50000, new byte[0], new byte[0], 5L << 20, (byte) 'P')
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(FtpCommand.class,
                c -> assertThat(c.command()).isEqualTo("STOR")));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.003");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("over FTP (unencrypted, seen in FTP STOR hr-export.zip)");
        });
    }

    /** An FTP session: log in, PASV, STOR {@code file}, then its data connection carrying {@code bytes}. */
    private static UploadCapture ftpStor(UploadCapture c, int port, String file, long bytes) {
        return c.tcpUpload(HOST, port, DROP, 21, List.of("S:220 drop ready\r\n", "C:USER svc\r\n",
                        "S:331 password please\r\n", "C:PASS x\r\n", "S:230 logged in\r\n",
                        "C:PASV\r\n", "S:227 Entering Passive Mode (45,77,20,1,195," + (port % 200) + ").\r\n",
                        "C:STOR " + file + "\r\n", "S:150 go ahead\r\n", "S:226 transfer complete\r\n",
                        "C:QUIT\r\n", "S:221 bye\r\n"), new byte[0], new byte[0], 0, (byte) 0)
                .tcpUpload(HOST, port + 1, DROP, 195 * 256 + port % 200, new byte[0], new byte[0], bytes, (byte) 'Q');
    }

    @Test
    void hourlyFtpUploadsThroughThePipelineAreAutomatedExfiltration() {
        var c = new UploadCapture();
        for (int h = 0; h < 4; h++) ftpStor(c, 50500 + 10 * h, "collect-" + h + ".tar", 1_500_000).after(3_600);
        var events = c.events(dir);
        assertThat(events).filteredOn(e -> e instanceof FtpCommand f && "STOR".equals(f.command())).hasSize(4);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.003", "T1020");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("uploaded 5.7 MiB to 45.77.20.1 over FTP (unencrypted, seen in FTP STOR "
                    + "collect-3.tar)", "in 4 transfers").endsWith("every 60.2 min (jitter 0%): automated");
        });
    }

    @Test
    void irregularOrTooFewTransfersAreNotAutomated() {
        var three = new ArrayList<Event>();
        for (int i = 0; i < 3; i++) three.add(conn(HOST, DROP, 22).service("ssh").at(3_600 * i).bytes(2L << 20, 0).flow());
        assertThat(DetectorHarness.run(DETECTOR, three)).singleElement()
                .satisfies(a -> assertThat(ids(a)).doesNotContain("T1020"));
        var four = new ArrayList<Event>(three);
        four.add(conn(HOST, DROP, 22).service("ssh").at(3 * 3_600).bytes(2L << 20, 0).flow());
        assertThat(DetectorHarness.run(DETECTOR, four)).singleElement()
                .satisfies(a -> assertThat(ids(a)).contains("T1020"));
        var jittery = new ArrayList<Event>(three);
        jittery.add(conn(HOST, DROP, 22).service("ssh").at(4 * 3_600).bytes(2L << 20, 0).flow()); // gaps 1, 1, 2 h
        assertThat(DetectorHarness.run(DETECTOR, jittery)).singleElement()
                .satisfies(a -> assertThat(ids(a)).doesNotContain("T1020"));
    }

    @Test
    void sshFlowRecordsAloneAreExfiltrationOverAnAsymmetricEncryptedProtocol() {
        var events = new ArrayList<Event>();
        double[] starts = {0, 200, 1_300, 1_500}; // a person's: irregular
        for (double at : starts) {
            events.add(conn(HOST, DROP, 22).service("ssh").at(at).duration(120).bytes(3L << 20, 90_000).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("uploaded 12.0 MiB to 45.77.20.1 over SSH",
                    "seen in the flow's service ssh", "in 4 transfers");
        });
    }

    @Test
    void interactiveSessionsDownloadsAndTheWebAreQuiet() {
        var events = new ArrayList<Event>();
        events.add(conn(HOST, DROP, 22).service("ssh").duration(3_600).bytes(2L << 20, 30L << 20).flow()); // a terminal
        events.add(conn(HOST, DROP, 990).service("ssl").duration(60).bytes(40_000, 50L << 20).flow()); // a download
        events.add(conn(HOST, DROP, 443).service("ssl").duration(60).bytes(50L << 20, 40_000).flow()); // the web's
        events.add(conn(HOST, "10.0.0.10", 22).service("ssh").local(true, true).bytes(900L << 20, 1_000).flow()); // inside
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void ordinarySshThroughThePipelineIsQuiet() {
        var events = new UploadCapture()
                .tcpUpload(HOST, 50404, DROP, 22, List.of("S:SSH-2.0-OpenSSH_9.6\r\n"),
                        "SSH-2.0-OpenSSH_9.6\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        new byte[400_000], 300_000, (byte) 0x5a)
                .events(dir);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void thresholdsAreFourMebibytesAndThreeToOne() {
        var below = conn(HOST, DROP, 22).service("ssh").bytes((4L << 20) - 1, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(below))).isEmpty();
        var at = conn(HOST, DROP, 22).service("ssh").bytes(4L << 20, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(at))).hasSize(1);
        var threeToOne = conn(HOST, DROP, 22).service("ssh").bytes(9L << 20, 3L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(threeToOne))).hasSize(1);
        var less = conn(HOST, DROP, 22).service("ssh").bytes(9L << 20, (3L << 20) + 1).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(less))).isEmpty();
    }
}
