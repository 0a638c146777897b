package io.sluice.bench;

import io.sluice.event.Event;
import io.sluice.event.LogEntry;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.netflow.ExporterTable;
import io.sluice.ingest.netflow.FlowExportDecoder;
import io.sluice.ingest.netflow.FlowExportEvents;
import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The rows {@code sluice collect} writes for NetFlow v9 records, made once for the row-format benchmarks. */
final class CollectorRows {
    private CollectorRows() {}

    /**
     * Decodes a template and {@code records} records (a multiple of {@link ExportDatagrams#RECORDS}) and
     * returns the events of one kind, conn rows ({@code FlowRecord}) or connection_creation rows.
     *
     * @param sequenceStride how far apart the datagrams' record sequences are (varies times and addresses)
     */
    static LogEntry[] of(Class<?> kind, int records, long sequenceStride) {
        List<Event> events = new ArrayList<>();
        var decoder = new FlowExportDecoder(new ExporterTable(),
                new FlowExportEvents(IngestContext.collecting("bench", events::add)));
        long exporter = IpAddress.v4Lo(0x0a000001);
        byte[] t = ExportDatagrams.template(9, 0);
        decoder.decode(ByteBuffer.wrap(t), 0, t.length, 0, exporter, 2055);
        for (int i = 0; i < records / ExportDatagrams.RECORDS; i++) {
            byte[] d = ExportDatagrams.data(9, i + 1, i * sequenceStride);
            decoder.decode(ByteBuffer.wrap(d), 0, d.length, 0, exporter, 2055);
        }
        return events.stream().filter(kind::isInstance).toArray(LogEntry[]::new);
    }
}
