package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.dcerpc.DceRpcCall;
import java.util.List;

/** {@code dce_rpc.log} → {@link DceRpcCall}. */
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
                r.wire("named_pipe"), r.string("endpoint"), r.string("operation")));
    }
}
