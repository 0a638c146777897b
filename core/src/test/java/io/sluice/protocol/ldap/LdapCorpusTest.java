package io.sluice.protocol.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ldap.log and ldap_search.log from the suricata-verify ldap-bind and ldap-search captures through
 * the real pipeline.
 *
 * <p>EVE to our fields: {@code ldap.request.message_id} = message_id; {@code operation
 * search_request} = an ldap_search row; {@code search_request.base_object} = base_object;
 * {@code scope 2} = scope "tree"; {@code deref_alias 0} = deref_aliases "never";
 * {@code attributes[i]} = attributes[i]; {@code responses[..] search_result_entry} = result_count;
 * {@code search_result_done.result_code success} = result "success"; {@code message ""} =
 * diagnostic_message unset (Zeek leaves empty messages unset). Not logged by us (nor by Zeek):
 * size_limit, time_limit, types_only, the entries' attributes and values, matched_dn.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class LdapCorpusTest {

    @Test
    void ldapBind() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/ldap-bind/ldap.pcap"), false);
        // suricata: one ldap event with request.message_id 1 (a SASL CRAM-MD5 bind, answered "in progress")
        assertThat(run.of(LdapMessageRow.class)).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(1L);
            assertThat(r.opcode()).isEqualTo("bind SASL");
            assertThat(r.version()).isEqualTo(3L);
            assertThat(r.argument()).isEqualTo("CRAM-MD5");
            assertThat(r.result()).isEqualTo("SASL bind in progress");
        });
        assertThat(run.of(LdapSearchRow.class)).isEmpty();
        assertThat(run.conns()).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("ldap_tcp"));
    }

    @Test
    void ldapSearch() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/ldap-search/ldap.pcap"), false);
        assertThat(run.of(LdapMessageRow.class)).isEmpty();
        assertThat(run.of(LdapSearchRow.class)).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(2L);
            assertThat(r.baseObject()).isEqualTo("dc=example,dc=com");
            assertThat(r.scope()).isEqualTo("tree");
            assertThat(r.derefAliases()).isEqualTo("never");
            assertThat(r.attributes()).containsExactly("*", "+");
            assertThat(r.resultCount()).isEqualTo(1);
            assertThat(r.result()).isEqualTo("success");
            assertThat(r.diagnosticMessage()).isNull();
            assertThat(r.filter()).isEqualTo("(&(objectClass=person)(uid=jdoe))");
        });
    }
}
