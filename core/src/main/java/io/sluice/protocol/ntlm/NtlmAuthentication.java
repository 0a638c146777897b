package io.sluice.protocol.ntlm;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one NTLM authentication, a row of Zeek's {@code ntlm.log} (Zeek 8
 * field names and order). Client names come from the AUTHENTICATE message, server names from the
 * CHALLENGE's target info; {@code success} from the carrier's result (SPNEGO negState or the SMB
 * status), unset when no result was seen.
 */
public record NtlmAuthentication(
        long tsNanos,
        String uid,
        ConnId id,
        String username,
        String hostname,
        String domainname,
        String serverNbComputerName,
        String serverDnsComputerName,
        String serverTreeName,
        Boolean success)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ntlm")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("username", "string")
            .field("hostname", "string")
            .field("domainname", "string")
            .field("server_nb_computer_name", "string")
            .field("server_dns_computer_name", "string")
            .field("server_tree_name", "string")
            .field("success", "bool")
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
        out.stringOrUnset(username);
        out.stringOrUnset(hostname);
        out.stringOrUnset(domainname);
        out.stringOrUnset(serverNbComputerName);
        out.stringOrUnset(serverDnsComputerName);
        out.stringOrUnset(serverTreeName);
        if (success == null) out.unset(); else out.bool(success);
    }
}
