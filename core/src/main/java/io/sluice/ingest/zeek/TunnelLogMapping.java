package io.sluice.ingest.zeek;

import io.sluice.event.TunnelEvent;
import io.sluice.ingest.IngestContext;
import java.util.List;

/**
 * {@code tunnel.log} → {@link TunnelEvent}, so the {@code tunnel_parents} of conn rows resolve. The
 * uid is optional, as in Zeek: a SOCKS tunnel's row has none.
 */
final class TunnelLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "tunnel";
    }

    @Override
    public List<String> signature() {
        return List.of("tunnel_type", "action");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new TunnelEvent(r.requiredTime("ts"), r.string("uid"), r.connId(), r.required("tunnel_type"),
                r.required("action")));
    }
}
