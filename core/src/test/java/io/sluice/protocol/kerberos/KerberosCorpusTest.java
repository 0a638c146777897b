package io.sluice.protocol.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * kerberos.log from corpus captures through the real pipeline, against the suricata-verify
 * expectations (krb5-probing, krb5-kerberoasting) and what the PCAP-ATTACK captures' names say.
 *
 * <p>EVE to kerberos.log mapping: {@code krb5.msg_type KRB_TGS_REP} = a row with request_type TGS
 * and success T; {@code KRB_ERROR} with {@code failed_request KRB_AS_REQ} = request_type AS and
 * success F; {@code ticket_encryption} = cipher (same names: both use the IANA etype names);
 * {@code ticket_weak_encryption} = cipher is a DES or RC4 type. {@code event_type: anomaly count 0}
 * = no krb weirds. Alerts (sid 1..3, rules on krb5 keywords) are not ours to check.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class KerberosCorpusTest {

    static List<KerberosTransaction> rows(String rel) throws Exception {
        var run = PipelineLogs.run(Corpus.file(rel), false); // -k none: servers with checksum offload
        var rows = run.of(KerberosTransaction.class);
        assertThat(run.events()).as("no krb weirds").noneMatch(e -> e instanceof io.sluice.event.Weird w && w.name().startsWith("krb"));
        return rows;
    }

    @Test
    void krb5Probing() throws Exception {
        var rows = rows("pcap-protocols/suricata-verify/krb5-probing/krb.pcap");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.requestType()).isEqualTo("AS");
            assertThat(r.success()).isFalse();
            assertThat(r.client()).isEqualTo("aiello/AD.NWRA.COM");
            assertThat(r.errorMsg()).isEqualTo("KDC_ERR_PREAUTH_REQUIRED");
        });
    }

    @Test
    void kerberoasting() throws Exception {
        var rows = rows("pcap-attacks/suricata-verify/krb5-kerberoasting/kerberoast.pcap");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.requestType()).isEqualTo("TGS");
            assertThat(r.success()).isTrue();
            assertThat(r.cipher()).isEqualTo("rc4-hmac"); // ticket_weak_encryption: RC4
            assertThat(r.service()).isEqualTo("HTTP/dc-mantvydas.offense.local");
            assertThat(r.client()).isEqualTo("spotless/OFFENSE.LOCAL");
        });
    }

    /**
     * kerbrute password spraying: a burst of AS requests from one host, most of them failing. The
     * capture (checked with tshark) holds 13 AS-REQs over UDP within 25 ms for 10 user names, answered
     * with C_PRINCIPAL_UNKNOWN (7), PREAUTH_REQUIRED (3, the names that exist), PREAUTH_FAILED (2,
     * wrong password) and RESPONSE_TOO_BIG (1, the right password: the client retries over TCP and
     * gets its ticket).
     */
    @Test
    void kerbrutePasswordSprayIsABurstOfFailingAsRequests() throws Exception {
        var rows = rows("pcap-attacks/pcap-attack/CredAccess/CA_kerbrute_passwordspray_kerberos_AS-REQ.pcapng");
        assertThat(rows).hasSize(14).allMatch(r -> "AS".equals(r.requestType()))
                .allMatch(r -> r.id().origH().equals("172.16.66.1") && r.id().respH().equals("172.16.66.36"));
        long first = rows.stream().mapToLong(KerberosTransaction::tsNanos).min().orElseThrow();
        long last = rows.stream().mapToLong(KerberosTransaction::tsNanos).max().orElseThrow();
        assertThat(last - first).as("burst").isLessThan(1_000_000_000L);
        assertThat(rows.stream().map(KerberosTransaction::client).distinct().count()).isEqualTo(10);
        var failures = rows.stream().filter(r -> Boolean.FALSE.equals(r.success())).toList();
        assertThat(failures).hasSize(13);
        assertThat(failures.stream().filter(r -> r.errorMsg().equals("KDC_ERR_C_PRINCIPAL_UNKNOWN"))).hasSize(7);
        assertThat(failures.stream().filter(r -> r.errorMsg().equals("KDC_ERR_PREAUTH_REQUIRED"))).hasSize(3);
        assertThat(failures.stream().filter(r -> r.errorMsg().equals("KDC_ERR_PREAUTH_FAILED")))
                .extracting(KerberosTransaction::client)
                .containsExactlyInAnyOrder("administrator/THREEBEESCO.COM", "backdoor/THREEBEESCO.COM");
        assertThat(rows).filteredOn(r -> Boolean.TRUE.equals(r.success()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.client()).isEqualTo("normal/THREEBEESCO.COM");
                    assertThat(r.id().respP()).isEqualTo(88);
                    assertThat(r.cipher()).isEqualTo("aes256-cts-hmac-sha1-96");
                });
    }

    /** Mimikatz skeleton key forces RC4: the service ticket for cifs is issued with rc4-hmac. */
    @Test
    void skeletonKeyShowsAnRc4ServiceTicket() throws Exception {
        var rows = rows("pcap-attacks/pcap-attack/Lateral_Movement/lm_mimikazt_skeleton_kerberos_rc4_etype.pcapng");
        assertThat(rows).filteredOn(r -> "TGS".equals(r.requestType()) && r.service().startsWith("cifs/"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.cipher()).isEqualTo("rc4-hmac");
                    assertThat(r.success()).isTrue();
                    assertThat(r.client()).isEqualTo("backdoor/THREEBEESCO.COM");
                });
        assertThat(rows).filteredOn(r -> "AS".equals(r.requestType())).allMatch(r -> r.client().equals("backdoor/3b"));
    }
}
