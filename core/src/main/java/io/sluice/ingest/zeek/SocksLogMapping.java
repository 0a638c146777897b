package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.socks.SocksRequest;
import java.util.List;

/** {@code socks.log} → {@link SocksRequest}. */
final class SocksLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "socks";
    }

    @Override
    public List<String> signature() {
        return List.of("version", "request_p");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new SocksRequest(r.requiredTime("ts"), r.required("uid"), r.connId(), (int) r.count("version", 0),
                r.wire("user"), r.wire("password"), r.string("status"), r.string("request.host"),
                r.wire("request.name"), optionalPort(r, "request_p"), r.string("bound.host"), r.wire("bound.name"),
                optionalPort(r, "bound_p")));
    }

    private static Integer optionalPort(ZeekRow r, String name) {
        return r.string(name) == null ? null : r.port(name);
    }
}
