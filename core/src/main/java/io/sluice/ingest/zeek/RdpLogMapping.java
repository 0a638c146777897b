package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.rdp.RdpSession;
import java.util.List;

/** {@code rdp.log} → {@link RdpSession}. */
final class RdpLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "rdp";
    }

    @Override
    public List<String> signature() {
        return List.of("cert_count");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new RdpSession(r.requiredTime("ts"), r.required("uid"), r.connId(), r.wire("cookie"),
                r.string("result"), r.string("security_protocol"), r.wires("client_channels"),
                r.string("keyboard_layout"), r.string("client_build"), r.text("client_name"),
                r.text("client_dig_product_id"), r.count("desktop_width"), r.count("desktop_height"),
                r.string("requested_color_depth"), r.string("cert_type"), r.count("cert_count", 0),
                r.bool("cert_permanent"), r.string("encryption_level"), r.string("encryption_method"),
                r.strings("requested_protocols")));
    }
}
