package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.rdp.RdpSession;
import io.sluice.protocol.ssh.Ja4SshFingerprint;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.protocol.tls.X509Certificate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypted-services scenario through the real pipeline: what the TLS, X.509, SSH, QUIC and
 * RDP dissectors make of it, and the standard analytics staying quiet on it.
 */
class EncryptedServicesScenarioTest {
    /** 2026-03-02T09:00Z in nanoseconds. */
    private static final long CAPTURE = TrafficGenerator.DEFAULT_START_NANOS;

    @TempDir
    static Path dir;

    private static ScenarioRun run;

    @BeforeAll
    static void play() throws Exception {
        run = ScenarioRun.of(dir, 7, new EncryptedServices(20));
    }

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        assertThat(ScenarioRun.bytes(3, new EncryptedServices())).isEqualTo(ScenarioRun.bytes(3, new EncryptedServices())).isNotEqualTo(ScenarioRun.bytes(4, new EncryptedServices()));
    }

    @Test
    void isInTheCatalogue() {
        assertThat(TrafficGenerator.scenario("encrypted-services")).isInstanceOf(EncryptedServices.class);
        assertThat(new EncryptedServices(200).clients()).isEqualTo(200);
        assertThatThrownBy(() -> new EncryptedServices(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tlsSessionsShowVersionsCiphersNamesAndFingerprintsOfEachClient() {
        var ssl = run.of(TlsHandshake.class).stream().filter(h -> h.ja4().startsWith("t")).toList();
        assertThat(ssl).hasSizeGreaterThan(30).allSatisfy(h -> {
            assertThat(h.established()).isTrue();
            assertThat(h.serverName()).matches("[a-z0-9.-]+\\.example\\.(com|net|org)");
            assertThat(h.ja3()).hasSize(32);
            assertThat(h.ja3s()).hasSize(32);
            assertThat(h.ja4s()).matches("t1[23]0[2-5](h2|00)_[0-9a-f]{4}_[0-9a-f]{12}");
        });
        assertThat(ssl).extracting(TlsHandshake::version).contains("TLSv12", "TLSv13");
        assertThat(ssl).extracting(TlsHandshake::cipher).contains("TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(ssl).extracting(TlsHandshake::curve).contains("x25519", "X25519MLKEM768");
        // one JA4 per browser family; Chrome's extension shuffle gives it a new JA3 every connection
        var ja4 = ssl.stream().map(TlsHandshake::ja4).distinct().toList();
        assertThat(ja4).hasSizeGreaterThanOrEqualTo(4).contains("t12d1809h2_4b22cbed5bed_7af1ed941c26");
        assertThat(ssl.stream().map(TlsHandshake::ja3).distinct().count()).isGreaterThan(ja4.size());
        assertThat(ssl).filteredOn(TlsHandshake::resumed).extracting(TlsHandshake::version).contains("TLSv12", "TLSv13");
        assertThat(ssl).filteredOn(h -> h.version().equals("TLSv12") && !h.resumed()).allSatisfy(h -> {
            assertThat(h.subject()).isEqualTo("CN=" + h.serverName());
            assertThat(h.sniMatchesCert()).isTrue();
            assertThat(h.certChainFps()).hasSizeBetween(1, 3);
        });
    }

    @Test
    void certificatesAreChainsOfCurrentV3CertificatesWithTheirExtensions() {
        var certs = run.of(X509Certificate.class);
        assertThat(certs).isNotEmpty().allSatisfy(x -> {
            var c = x.certificate();
            assertThat(c.version()).isEqualTo(3);
            assertThat(c.serial()).matches("[0-9A-F]{30,32}");
            assertThat(c.notValidBeforeNanos()).isLessThan(CAPTURE);
            assertThat(c.notValidAfterNanos()).isGreaterThan(CAPTURE);
        });
        var leaves = certs.stream().filter(x -> x.certificate().basicConstraintsCa() == Boolean.FALSE).toList();
        assertThat(leaves).isNotEmpty().allSatisfy(x -> {
            var c = x.certificate();
            assertThat(c.issuer()).startsWith("CN=Example TLS Issuing CA ").endsWith(",O=Example Trust Services,C=US");
            String name = c.subject().substring(3);
            assertThat(c.sanDns()).startsWith(name).contains("*." + name.substring(name.indexOf('.') + 1));
            assertThat(x.selfSigned()).isFalse();
        });
        assertThat(leaves).extracting(x -> x.certificate().keyType() + "/" + x.certificate().keyLength())
                .contains("rsa/2048", "ecdsa/256");
        assertThat(leaves).filteredOn(x -> x.certificate().keyType().equals("ecdsa"))
                .allSatisfy(x -> assertThat(x.certificate().curve()).isEqualTo("prime256v1"));
        assertThat(certs).filteredOn(x -> Boolean.TRUE.equals(x.certificate().basicConstraintsCa()))
                .extracting(x -> x.certificate().subject())
                .contains("CN=Example TLS Issuing CA R3,O=Example Trust Services,C=US");
        // self-signed: the roots some servers send along, and the RDP listener's own certificate, as Windows makes it
        assertThat(certs).filteredOn(X509Certificate::selfSigned).extracting(x -> x.certificate().subject())
                .contains("CN=ts01.corp.example.com").isSubsetOf("CN=ts01.corp.example.com", "CN=Example Root CA R1,O=Example Trust Services,C=US",
                        "CN=Example Root CA E1,O=Example Trust Services,C=US");
    }

    @Test
    void sshSessionsShowBannersFingerprintsAndSuccessfulLogins() {
        var ssh = run.of(SshHandshake.class);
        assertThat(ssh).hasSizeGreaterThanOrEqualTo(3).allSatisfy(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.authSuccess()).isTrue();
            assertThat(s.authAttempts()).isEqualTo(1);
            assertThat(s.server()).startsWith("SSH-2.0-OpenSSH_9.");
            assertThat(s.hassh()).hasSize(32);
            assertThat(s.hasshServer()).hasSize(32);
            assertThat(s.hostKeyAlg()).isEqualTo("ssh-ed25519");
        });
        assertThat(ssh).extracting(SshHandshake::client).contains("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8");
        assertThat(ssh).extracting(SshHandshake::kexAlg).contains("sntrup761x25519-sha512@openssh.com");
        assertThat(ssh).extracting(s -> s.id().respH())
                .contains("198.51.100.77").anyMatch(h -> h.startsWith("10.10.0."));
        // ssh.log is written once authentication is decided, before a JA4SSH window completes; ja4ssh.log has them
        assertThat(run.of(Ja4SshFingerprint.class)).hasSizeGreaterThanOrEqualTo(ssh.size())
                .allSatisfy(f -> assertThat(f.ja4ssh()).matches("c\\d+s\\d+_c\\d+s\\d+_c\\d+s\\d+"));
    }

    @Test
    void quicConnectionsAreDecryptedToTheirClientHello() {
        var quic = run.of(QuicConnection.class);
        assertThat(quic).isNotEmpty().allSatisfy(q -> {
            assertThat(q.version()).isEqualTo("1");
            assertThat(q.serverName()).matches("(www|cdn|docs|api)\\.example\\.(com|net|org)");
            assertThat(q.clientProtocol()).isEqualTo("h3");
            assertThat(q.ja4()).matches("q13d03\\d\\dh3_55b375c5d22e_[0-9a-f]{12}");
            assertThat(q.ja4s()).startsWith("q130200_1301_");
            assertThat(q.history()).startsWith("I").contains("S", "s", "H", "O");
        });
    }

    @Test
    void remoteDesktopShowsTheCookieAndCredSsp() {
        var rdp = run.of(RdpSession.class);
        assertThat(rdp).isNotEmpty().allSatisfy(s -> {
            assertThat(s.cookie()).matches("[a-z]+\\d+");
            assertThat(s.securityProtocol()).isEqualTo("HYBRID");
            assertThat(s.result()).isEqualTo("encrypted");
            assertThat(s.requestedProtocols()).contains("SSL", "HYBRID");
            assertThat(s.id().respP()).isEqualTo(3389);
        });
    }

    @Test
    void connectionsAreNamedForTheirService() {
        var services = run.of(FlowRecord.class).stream().map(FlowRecord::service).filter(Objects::nonNull).distinct().toList();
        assertThat(services).contains("ssl", "dns", "ssh", "quic,ssl").anyMatch(s -> s.contains("rdp"));
    }

    @Test
    void theStandardAnalyticsRaiseNothingOnItAloneOrWithTheOffice() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            assertThat(StandardAnalytics.alerts(ScenarioRun.of(dir, seed, new EncryptedServices(40)).events)).isEmpty();
            var both = ScenarioRun.of(dir, seed, new EncryptedServices(), new OfficeTraffic());
            assertThat(StandardAnalytics.alerts(both.events)).isEmpty();
            assertThat(StandardAnalytics.alerts(CaptureEvents.of(both.capture))).isEmpty(); // with the office's networks, as the demo runs
        }
    }
}
