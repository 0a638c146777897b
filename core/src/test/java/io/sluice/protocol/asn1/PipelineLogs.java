package io.sluice.protocol.asn1;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST SCAFFOLDING shared by the Kerberos, LDAP, RDP, FTP, TFTP and SMTP corpus tests: runs a
 * capture through the real pipeline (defaults, {@link Protocols#standard()}) and collects the
 * content events and conn records; renders our log entries through our Zeek TSV writer and reads
 * Zeek's baselines, both as rows of field name to text.
 */
public final class PipelineLogs {
    private PipelineLogs() {}

    public record Run(List<ContentEvent> events, List<FlowRecord> conns) {
        public <T> List<T> of(Class<T> type) {
            var out = new ArrayList<T>();
            for (ContentEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
            return out;
        }
    }

    public static Run run(Path capture) throws Exception {
        return run(capture, true);
    }

    public static Run run(Path capture, boolean verifyChecksums) throws Exception {
        var events = new ArrayList<ContentEvent>();
        var conns = new ArrayList<FlowRecord>();
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                conns.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {}

            @Override
            public void content(ContentEvent event) {
                events.add(event);
            }
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(verifyChecksums),
                DissectionConfig.defaults(), Protocols.standard(), listener);
        try (PacketSource source = CaptureInputs.open(capture)) {
            var error = pipeline.run(source, ProgressListener.NONE);
            if (error != null) throw new IOException("capture error: " + error);
        }
        pipeline.finish();
        return new Run(events, conns);
    }

    /** Our entries through our Zeek TSV writer, parsed back into rows. */
    public static List<Map<String, String>> render(List<? extends LogEntry> entries) {
        if (entries.isEmpty()) return List.of();
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(LogFormat.ZEEK, entries.get(0).schema(), out, 0)) {
            for (LogEntry e : entries) w.write(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n")));
    }

    /** A Zeek TSV log with a #fields line. */
    public static List<Map<String, String>> readZeek(Path log) throws IOException {
        return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    private static List<Map<String, String>> parse(List<String> lines) {
        String[] fields = null;
        var rows = new ArrayList<Map<String, String>>();
        for (String line : lines) {
            if (line.startsWith("#fields\t")) fields = line.substring(8).split("\t");
            if (line.startsWith("#") || line.isBlank() || fields == null) continue;
            String[] v = line.split("\t", -1);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < fields.length && i < v.length; i++) row.put(fields[i], v[i]);
            rows.add(row);
        }
        return rows;
    }
}
