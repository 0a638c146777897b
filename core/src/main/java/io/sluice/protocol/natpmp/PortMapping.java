package io.sluice.protocol.natpmp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * One NAT-PMP or PCP message (port_mapping.log, Sluice's own log: Zeek has no analyzer for them):
 * a host asking its gateway to forward an outside port to it, or the gateway's answer.
 *
 * @param protocol     "nat-pmp" or "pcp"
 * @param response     the gateway's answer rather than the host's request
 * @param opcode       "external_address", "map_udp", "map_tcp" (NAT-PMP), "announce", "map", "peer" (PCP)
 * @param transport    the mapped protocol: "udp", "tcp", "any" or null (not a mapping)
 * @param internalPort the host's port to forward to; null when not a mapping
 * @param externalPort the suggested (request) or assigned (response) outside port; 0 asks for any
 * @param lifetime     seconds the mapping should last; 0 deletes it
 * @param resultCode   the answer's result code (0 success); null for requests
 */
public record PortMapping(long tsNanos, String uid, ConnId id, String protocol, boolean response, String opcode,
        String transport, Integer internalPort, Integer externalPort, Long lifetime, Integer resultCode)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("port_mapping")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("protocol", "string")
            .field("response", "bool")
            .field("opcode", "string")
            .field("transport", "string")
            .field("internal_port", "count")
            .field("external_port", "count")
            .field("lifetime", "count")
            .field("result_code", "count")
            .build();

    /** A request that opens a mapping (not a deletion, not a query). */
    public boolean opensMapping() {
        return !response && internalPort != null && lifetime != null && lifetime > 0;
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
        out.string(protocol);
        out.bool(response);
        out.string(opcode);
        out.stringOrUnset(transport);
        out.countOrUnset(internalPort == null ? null : internalPort.longValue());
        out.countOrUnset(externalPort == null ? null : externalPort.longValue());
        out.countOrUnset(lifetime);
        out.countOrUnset(resultCode == null ? null : resultCode.longValue());
    }
}
