package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.protocol.files.FileInfo;
import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * files.log's HTTP files against the objects Wireshark exports from the same captures
 * ({@code tshark --export-objects http}, which de-chunks and decompresses bodies as Zeek's file
 * analysis and Sluice do): the same bodies, compared by SHA-256 as multisets (a body sent twice
 * is two files). Every corpus capture tshark finds HTTP in is here; CI installs tshark, without
 * it the test is skipped.
 *
 * <p>Known differences, each its own test: in Zeek's Teredo trace tshark exports 2 of the 4 bodies
 * (the 589-byte request and the 11,845-byte response); Zeek's baseline has a file for all four
 * (resp_fuids of the 6,640- and 25,119-byte responses too), as Sluice does. In core.vlan-mpls's HTTP/0.9
 * exchange (no status line, no headers) tshark exports each TCP segment as an object of its own,
 * where Zeek's baseline and Sluice have one 3,429-byte body. And a 206 answer with a Content-Range
 * is a piece of a larger file: tshark exports its bytes as an object, Sluice places them at the
 * range's offset and gives the piece no hash (http1.pcapng: 576 bytes of a 286,705,152-byte file;
 * http2-range: two 11-byte pieces of a 69-byte file); the comparison checks that only such pieces
 * lack a hash.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class HttpFilesMatchTsharkTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "fingerprints/ja4/http1.pcapng",
        "pcap-protocols/chrissanders-packets/tcp_ports.pcapng",
        "pcap-attacks/chrissanders-packets/arppoison.pcapng",
        "pcap-attacks/chrissanders-packets/sessionhijacking.pcapng",
        "pcap-protocols/chrissanders-packets/http_dvwa_clearlogin.pcapng",
        "pcap-attacks/chrissanders-packets/cryptowall4_c2.pcapng",
        "pcap-attacks/pcap-attack/Command_and_Control/C2_Foudre_Backdoor_DGA.pcapng",
        "pcap-attacks/chrissanders-packets/http_dvwa_sqlinjection.pcapng",
        "fingerprints/ja4/CVE-2018-6794.pcap",
        "pcap-protocols/suricata-verify/http2-range/http2-range.pcap",
        "pcap-attacks/chrissanders-packets/aurora.pcapng",
        "fingerprints/ja4/ssh2.pcapng",
        "fingerprints/ja4/single-packets.pcap",
        "pcap-protocols/zeek/policy.conn.community-id-logging/get.pcap",
        "pcap-protocols/suricata-verify/netflow-eve/testmyids.pcap",
        "fingerprints/ja4/http1-with-cookies.pcapng",
        "fingerprints/ja4/gre-erspan-vxlan.pcap",
        "pcap-protocols/suricata-verify/bug-4810/pppoe-session-http.pcap",
        "pcap-attacks/chrissanders-packets/http_dvwa_sqlinjection_passwords.pcapng",
        "pcap-attacks/chrissanders-packets/http_dvwa_directorytraversal.pcapng",
        "fingerprints/ja4/http-empty-useragent.pcap",
    })
    void theSameBodiesAsTsharkExports(String capture) throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        var files = new ArrayList<FileInfo>();
        for (var f : PipelineLogs.run(Corpus.file(capture), false).of(FileInfo.class)) {
            if (f.source().equals("HTTP")) files.add(f);
        }
        assertThat(files).as("files.log has HTTP files").isNotEmpty();
        var theirs = new ArrayList<>(tsharkHashes(capture));
        assertThat(theirs).as("one object for each of our files").hasSameSizeAs(files);
        for (var f : files) {
            if (f.sha256() != null) {
                assertThat(theirs.remove(f.sha256())).as("tshark exported %s (%d bytes)", f.fuid(), f.seenBytes()).isTrue();
            } else {
                // Known difference: a 206 answer's piece of a larger file, which tshark exports as an object
                // of its own and Sluice places at its offset with no hash (it would not be the file's)
                assertThat(f.totalBytes()).as("an unhashed file is a piece").isNotNull().isGreaterThan(f.seenBytes());
            }
        }
    }

    @Test
    void teredoTsharkExportsTwoOfOurFourBodies() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        String capture = "pcap-protocols/zeek/core.tunnels.teredo/Teredo.pcap";
        var ours = ourHashes(capture);
        var theirs = tsharkHashes(capture);
        assertThat(ours).hasSize(4).containsAll(theirs);
        assertThat(theirs).hasSize(2);
    }

    @Test
    void http09BodyIsOneFileWhereTsharkExportsItsSegments() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        String capture = "pcap-protocols/zeek/core.vlan-mpls/mixed-vlan-mpls.pcap";
        var files = PipelineLogs.run(Corpus.file(capture), false).of(FileInfo.class);
        assertThat(files).extracting(FileInfo::seenBytes).containsExactlyInAnyOrder(9_130L, 3_429L);
        var theirs = tsharkHashes(capture);
        // the HTTP/1.1 body is the same; the HTTP/0.9 one is three segment-sized objects there
        assertThat(theirs).hasSize(4).contains(files.stream().filter(f -> f.seenBytes() == 9_130L).findFirst()
                .orElseThrow().sha256());
    }

    private static List<String> ourHashes(String capture) throws Exception {
        var out = new ArrayList<String>();
        for (var f : PipelineLogs.run(Corpus.file(capture), false).of(FileInfo.class)) {
            if (f.source().equals("HTTP")) out.add(f.sha256());
        }
        return out;
    }

    private List<String> tsharkHashes(String capture) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "objects");
        var p = new ProcessBuilder("tshark", "-n", "-r", Corpus.file(capture).toString(), "-o", "tcp.check_checksum:FALSE",
                "--export-objects", "http," + dir, "-Q").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(p.exitValue()).as("tshark's exit status").isZero();
        var hashes = new ArrayList<String>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return hashes;
    }

    private static boolean tsharkAvailable() {
        try {
            var p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
