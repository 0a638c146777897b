package io.sluice.protocol.rdp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one RDP connection's setup, as a row of Zeek's {@code rdp.log}
 * (base/protocols/rdp/main.zeek, in Zeek's order), plus Sluice's {@code requested_protocols}: the
 * security protocols the client offered in its RDP_NEG_REQ (Zeek logs only the one chosen).
 */
public record RdpSession(
        long tsNanos,
        String uid,
        ConnId id,
        String cookie,
        String result,
        String securityProtocol,
        List<String> clientChannels,
        String keyboardLayout,
        String clientBuild,
        String clientName,
        String clientDigProductId,
        Long desktopWidth,
        Long desktopHeight,
        String requestedColorDepth,
        String certType,
        long certCount,
        Boolean certPermanent,
        String encryptionLevel,
        String encryptionMethod,
        List<String> requestedProtocols)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("rdp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("cookie", "string")
            .field("result", "string")
            .field("security_protocol", "string")
            .field("client_channels", "vector[string]")
            .field("keyboard_layout", "string")
            .field("client_build", "string")
            .field("client_name", "string")
            .field("client_dig_product_id", "string")
            .field("desktop_width", "count")
            .field("desktop_height", "count")
            .field("requested_color_depth", "string")
            .field("cert_type", "string")
            .field("cert_count", "count")
            .field("cert_permanent", "bool")
            .field("encryption_level", "string")
            .field("encryption_method", "string")
            .field("requested_protocols", "vector[string]")
            .build();

    public RdpSession {
        clientChannels = clientChannels == null ? null : List.copyOf(clientChannels);
        requestedProtocols = requestedProtocols == null ? null : List.copyOf(requestedProtocols);
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
        out.wireOrUnset(cookie);
        out.stringOrUnset(result);
        out.stringOrUnset(securityProtocol);
        if (clientChannels == null) out.unset(); else out.wires(clientChannels);
        out.stringOrUnset(keyboardLayout);
        out.stringOrUnset(clientBuild);
        out.stringOrUnset(clientName);
        out.stringOrUnset(clientDigProductId);
        out.countOrUnset(desktopWidth);
        out.countOrUnset(desktopHeight);
        out.stringOrUnset(requestedColorDepth);
        out.stringOrUnset(certType);
        out.count(certCount);
        if (certPermanent == null) out.unset(); else out.bool(certPermanent);
        out.stringOrUnset(encryptionLevel);
        out.stringOrUnset(encryptionMethod);
        if (requestedProtocols == null) out.unset(); else out.strings(requestedProtocols);
    }
}
