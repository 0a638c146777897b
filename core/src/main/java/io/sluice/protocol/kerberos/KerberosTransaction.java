package io.sluice.protocol.kerberos;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one KDC exchange (AS or TGS request and its reply or error), as a
 * row of Zeek's {@code kerberos.log} (base/protocols/krb/main.zeek and files.zeek, in Zeek's
 * order), plus Sluice's additions: {@code error_code} (Zeek keeps it unlogged), the encryption
 * types the client offered ({@code request_etypes}, names as {@code cipher}) and the etype of the
 * reply's own enc-part ({@code reply_cipher}, the session key's type, where {@code cipher} is the
 * ticket's). The PKINIT certificate fields are declared for Zeek's layout and left unset: Sluice
 * does not extract certificates from PA-PK-AS-REQ/REP yet. {@code client}, {@code service} and
 * {@code error_msg} (the KRB-ERROR's e-text; a code's name when it has none) are wire strings (the
 * principals', realm's and e-text's bytes, one char each, see
 * {@link io.sluice.event.WireText}), written as Zeek writes them: valid UTF-8 as text, any other byte
 * as {@code \xNN}.
 *
 * @param from time or null; {@code till} likewise (epoch nanoseconds)
 */
public record KerberosTransaction(
        long tsNanos,
        String uid,
        ConnId id,
        String requestType,
        String client,
        String service,
        Boolean success,
        String errorMsg,
        Long from,
        Long till,
        String cipher,
        Boolean forwardable,
        Boolean renewable,
        Long errorCode,
        List<String> requestEtypes,
        String replyCipher)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("kerberos")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("request_type", "string")
            .field("client", "string")
            .field("service", "string")
            .field("success", "bool")
            .field("error_msg", "string")
            .field("from", "time")
            .field("till", "time")
            .field("cipher", "string")
            .field("forwardable", "bool")
            .field("renewable", "bool")
            .field("client_cert_subject", "string")
            .field("client_cert_fuid", "string")
            .field("server_cert_subject", "string")
            .field("server_cert_fuid", "string")
            .field("error_code", "count")
            .field("request_etypes", "vector[string]")
            .field("reply_cipher", "string")
            .build();

    public KerberosTransaction {
        requestEtypes = requestEtypes == null ? null : List.copyOf(requestEtypes);
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
        out.stringOrUnset(requestType);
        out.wireOrUnset(client);
        out.wireOrUnset(service);
        bool(out, success);
        out.wireOrUnset(errorMsg);
        if (from == null) out.unset(); else out.time(from);
        if (till == null) out.unset(); else out.time(till);
        out.stringOrUnset(cipher);
        bool(out, forwardable);
        bool(out, renewable);
        out.unset();
        out.unset();
        out.unset();
        out.unset();
        out.countOrUnset(errorCode);
        if (requestEtypes == null || requestEtypes.isEmpty()) out.unset(); else out.strings(requestEtypes);
        out.stringOrUnset(replyCipher);
    }

    private static void bool(FieldSink out, Boolean b) {
        if (b == null) out.unset(); else out.bool(b);
    }
}
