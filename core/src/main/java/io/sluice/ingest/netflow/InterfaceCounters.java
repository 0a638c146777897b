package io.sluice.ingest.netflow;

import io.sluice.event.FieldSink;
import io.sluice.event.LogEntry;
import io.sluice.event.LogSchema;

/**
 * A row of {@code sflow_counters.log}: one sFlow generic interface counter record (RFC 2863 ifTable
 * values as the agent exported them, cumulative since the agent started).
 *
 * <p>A log entry, not an {@code io.sluice.event.Event}: events are sealed over the DS0029 data
 * components and every exhaustive switch over them would have to learn a new type, while no
 * analytic reads device counters yet. The collector writes these rows beside conn.log.
 */
public record InterfaceCounters(long tsNanos, String exporter, String agent, long sourceIndex, long ifIndex,
        long ifType, long ifSpeed, long ifDirection, long ifStatus, long inOctets, long inUcastPkts,
        long inMulticastPkts, long inBroadcastPkts, long inDiscards, long inErrors, long inUnknownProtos,
        long outOctets, long outUcastPkts, long outMulticastPkts, long outBroadcastPkts, long outDiscards,
        long outErrors, long promiscuousMode) implements LogEntry {

    public static final LogSchema SCHEMA = LogSchema.named("sflow_counters")
            .field("ts", "time")
            .field("exporter", "string")
            .field("agent", "string")
            .field("source_index", "count")
            .field("if_index", "count")
            .field("if_type", "count")
            .field("if_speed", "count")
            .field("if_direction", "count")
            .field("if_status", "count")
            .field("in_octets", "count")
            .field("in_ucast_pkts", "count")
            .field("in_multicast_pkts", "count")
            .field("in_broadcast_pkts", "count")
            .field("in_discards", "count")
            .field("in_errors", "count")
            .field("in_unknown_protos", "count")
            .field("out_octets", "count")
            .field("out_ucast_pkts", "count")
            .field("out_multicast_pkts", "count")
            .field("out_broadcast_pkts", "count")
            .field("out_discards", "count")
            .field("out_errors", "count")
            .field("promiscuous_mode", "count")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(exporter);
        out.string(agent);
        out.count(sourceIndex);
        out.count(ifIndex);
        out.count(ifType);
        out.count(ifSpeed);
        out.count(ifDirection);
        out.count(ifStatus);
        out.count(inOctets);
        out.count(inUcastPkts);
        out.count(inMulticastPkts);
        out.count(inBroadcastPkts);
        out.count(inDiscards);
        out.count(inErrors);
        out.count(inUnknownProtos);
        out.count(outOctets);
        out.count(outUcastPkts);
        out.count(outMulticastPkts);
        out.count(outBroadcastPkts);
        out.count(outDiscards);
        out.count(outErrors);
        out.count(promiscuousMode);
    }
}
