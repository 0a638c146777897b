package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.kerberos.KerberosTransaction;
import java.util.List;

/**
 * {@code kerberos.log} → {@link KerberosTransaction}. The PKINIT certificate fields have no place
 * in the event (Sluice leaves them unset in its own log too).
 */
final class KerberosLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "kerberos";
    }

    @Override
    public List<String> signature() {
        return List.of("request_type");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new KerberosTransaction(r.requiredTime("ts"), r.required("uid"), r.connId(),
                r.string("request_type"), r.wire("client"), r.wire("service"), r.bool("success"),
                r.wire("error_msg"), r.time("from"), r.time("till"), r.string("cipher"), r.bool("forwardable"),
                r.bool("renewable"), r.count("error_code"), r.strings("request_etypes"), r.string("reply_cipher")));
    }
}
