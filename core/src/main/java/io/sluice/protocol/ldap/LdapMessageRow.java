package io.sluice.protocol.ldap;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one LDAP operation other than search (bind, unbind, modify, add,
 * delete, compare, abandon, extended), request and response together, as a row of Zeek's
 * {@code ldap.log} (base/protocols/ldap/main.zeek, LDAP::MessageInfo). Simple-bind passwords are
 * never kept: {@code argument} is "REDACTED", as Zeek logs it by default.
 */
public record LdapMessageRow(
        long tsNanos,
        String uid,
        ConnId id,
        Long messageId,
        Long version,
        String opcode,
        String result,
        String diagnosticMessage,
        String object,
        String argument)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ldap")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("message_id", "int")
            .field("version", "int")
            .field("opcode", "string")
            .field("result", "string")
            .field("diagnostic_message", "string")
            .field("object", "string")
            .field("argument", "string")
            .build();

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
        if (version == null) out.unset(); else out.integer(version);
        out.stringOrUnset(opcode);
        out.stringOrUnset(result);
        out.stringOrUnset(diagnosticMessage);
        out.stringOrUnset(object);
        out.stringOrUnset(argument);
    }
}
