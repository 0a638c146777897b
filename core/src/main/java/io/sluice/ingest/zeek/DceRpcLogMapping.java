package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.dcerpc.DceRpcCall;
import java.util.List;

/**
 * {@code dce_rpc.log} → {@link DceRpcCall}. Sluice's own fields ({@code endpoint_inferred},
 * {@code activated_clsid}, {@code activated_class}, {@code request_from_resp}) are read when the log
 * has them, so a log Sluice wrote reads back whole; Zeek's logs do not, and a call read from one is
 * then a bound call made by the originator that activates nothing, as before.
 */
final class DceRpcLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "dce_rpc";
    }

    @Override
    public List<String> signature() {
        return List.of("endpoint", "operation");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new DceRpcCall(r.requiredTime("ts"), r.required("uid"), r.connId(), r.interval("rtt"),
                r.wire("named_pipe"), r.string("endpoint"), r.string("operation"), r.bool("endpoint_inferred", false),
                r.string("activated_clsid"), r.string("activated_class"), r.bool("request_from_resp", false)));
    }
}
