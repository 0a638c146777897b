package io.sluice.protocol.ldap;

import java.util.ArrayList;
import java.util.List;

/** The parts of one LDAPMessage (RFC 4511 4.1.1) the logs need, filled by {@link LdapMessageParser}. */
final class LdapMessage {
    static final int MAX_ATTRIBUTES = 64;

    long messageId;
    int opcode;
    /** Result code of responses, -1 when the message has none. */
    long resultCode;
    String diagnosticMessage;
    /** Zeek's "object" (DN, base object, extended request name, abandoned id) and "argument". */
    String object, argument;
    // bind request
    long version;
    int authType;
    String saslMechanism;
    // search request
    long scope, deref;
    String filter;
    final List<String> attributes = new ArrayList<>();
    // extended request / response
    String requestName;

    void clear() {
        messageId = 0;
        opcode = -1;
        resultCode = -1;
        diagnosticMessage = object = argument = saslMechanism = filter = requestName = null;
        version = -1;
        authType = -1;
        scope = deref = -1;
        attributes.clear();
    }
}
