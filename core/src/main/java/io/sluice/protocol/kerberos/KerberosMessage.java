package io.sluice.protocol.kerberos;

/**
 * The fields of one KDC message that kerberos.log needs, filled by {@link KerberosMessageParser}.
 * Reused per direction (cleared before each message); strings are built only for the fields logged.
 */
final class KerberosMessage {
    static final int AS_REQ = 10, AS_REP = 11, TGS_REQ = 12, TGS_REP = 13, KRB_ERROR = 30;
    static final int MAX_ETYPES = 32;

    int msgType;
    /**
     * AS-REQ/TGS-REQ body: cname, realm, sname; replies: cname, crealm, ticket sname; errors: cname,
     * crealm, sname. Wire strings: the KerberosStrings' bytes, one char each.
     */
    String clientName, realm, serviceName;
    /** KerberosTime as epoch nanoseconds, 0 when absent. */
    long from, till;
    boolean hasOptions, forwardable, renewable;
    final long[] etypes = new long[MAX_ETYPES];
    int etypeCount;
    /** Replies: etype of the ticket's enc-part and of the reply's enc-part; -1 when absent. */
    long ticketEtype = -1, replyEtype = -1;
    long errorCode = -1;
    /** The error's e-text, its bytes (a wire string, see {@link io.sluice.event.WireText}). */
    String errorText;

    void clear() {
        msgType = 0;
        clientName = realm = serviceName = errorText = null;
        from = till = 0;
        hasOptions = forwardable = renewable = false;
        etypeCount = 0;
        ticketEtype = replyEtype = errorCode = -1;
    }

    boolean isRequest() {
        return msgType == AS_REQ || msgType == TGS_REQ;
    }
}
