package io.sluice.protocol.netflow;

import io.sluice.event.ConnId;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.netflow.ExportRecognizer;
import io.sluice.ingest.netflow.ExporterStats;
import io.sluice.ingest.netflow.ExporterTable;
import io.sluice.ingest.netflow.FlowExportDecoder;
import io.sluice.ingest.netflow.FlowExportEvents;
import io.sluice.ingest.netflow.SflowDecoder;
import io.sluice.ingest.netflow.SflowEvents;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * One exporter-to-collector UDP connection of a capture: every datagram the exporter sent goes
 * through the export decoders, whose templates therefore live exactly as long as the transport
 * session. The exported flows are emitted as events (interface counters of sFlow are not: they
 * have no log in the packet path). A datagram that does not decode is counted and, at the end,
 * reported once as a weird with the drop reasons.
 */
final class FlowExportDissector implements Dissector {
    private DissectorContext current;
    private FlowExportDecoder netflow;
    private SflowDecoder sflow;
    private ExporterTable table;
    private long exporterHi, exporterLo;
    private int exporterPort;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (!fromOrig) return;
        current = ctx;
        if (table == null && !start(buf, offset, length, ctx)) return;
        if (netflow != null) netflow.decode(buf, offset, length, exporterHi, exporterLo, exporterPort);
        else sflow.decode(buf, offset, length, exporterHi, exporterLo, exporterPort, ctx.tsNanos());
    }

    private boolean start(ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        int kind = ExportRecognizer.recognise(buf, offset, length);
        if (kind == ExportRecognizer.NONE) return false;
        ConnId id = ctx.id();
        try {
            exporterHi = IpAddress.parseHi(id.origH());
            exporterLo = IpAddress.parseLo(id.origH());
        } catch (IllegalArgumentException e) {
            return false;
        }
        exporterPort = id.origP();
        table = new ExporterTable();
        // Uids of exported flows come from their own generator, seeded by the carrying connection.
        var context = new IngestContext(ctx.uid(), e -> current.emit(e), (s, p, r) -> { },
                new UidGenerator(ctx.uid().hashCode()), new CommunityId(0));
        if (kind == ExportRecognizer.SFLOW) {
            sflow = new SflowDecoder(table, new SflowEvents(context, c -> { }));
            ctx.confirm("sflow");
        } else {
            netflow = new FlowExportDecoder(table, new FlowExportEvents(context));
            ctx.confirm(kind == ExportRecognizer.IPFIX ? "ipfix" : "netflow");
        }
        return true;
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (table == null) return;
        for (var e : table.exporters()) {
            ExporterStats s = e.stats();
            if (s.totalDrops() > 0) ctx.weird("flow_export_dropped", s.dropSummary());
        }
    }
}
