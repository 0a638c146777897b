package io.sluice.protocol.ldap;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one LDAP search (request, entries counted, done), as a row of
 * Zeek's {@code ldap_search.log} (LDAP::SearchInfo). {@code attributes} holds the attributes the
 * client asked for, which Zeek logs only with {@code LDAP::default_log_search_attributes = T};
 * Sluice always logs them because reconnaissance shows in them (servicePrincipalName,
 * ms-Mcs-AdmPwd, adminCount).
 */
public record LdapSearchRow(
        long tsNanos,
        String uid,
        ConnId id,
        Long messageId,
        String scope,
        String derefAliases,
        String baseObject,
        long resultCount,
        String result,
        String diagnosticMessage,
        String filter,
        List<String> attributes)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ldap_search")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("message_id", "int")
            .field("scope", "string")
            .field("deref_aliases", "string")
            .field("base_object", "string")
            .field("result_count", "count")
            .field("result", "string")
            .field("diagnostic_message", "string")
            .field("filter", "string")
            .field("attributes", "vector[string]")
            .build();

    public LdapSearchRow {
        attributes = attributes == null ? null : List.copyOf(attributes);
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        if (messageId == null) out.unset(); else out.integer(messageId);
        out.stringOrUnset(scope);
        out.stringOrUnset(derefAliases);
        out.stringOrUnset(baseObject);
        out.count(resultCount);
        out.stringOrUnset(result);
        out.stringOrUnset(diagnosticMessage);
        out.stringOrUnset(filter);
        if (attributes == null) out.unset(); else out.strings(attributes);
    }
}
