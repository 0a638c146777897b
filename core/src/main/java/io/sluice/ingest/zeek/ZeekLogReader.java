package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads one input of Zeek logs, TSV and JSON lines alike, line by line: header lines set up the
 * current TSV block, a line that starts with {@code {} is a JSON row, anything else a TSV row of
 * the current block. Each row goes to the mapping of its log; a row that cannot be read is
 * reported with its line number and skipped, and a log Sluice does not read is reported once and
 * skipped.
 */
final class ZeekLogReader {
    private final IngestContext context;
    private final String exporter;
    private final Set<String> unknownReported = new HashSet<>();
    private ZeekTsvHeader header;
    /** The mapping of the current TSV block; null when its log is not one Sluice reads. */
    private ZeekLogMapping blockMapping;
    private boolean blockResolved;
    /** The log of the last JSON row recognised by its fields, for rows that lack a signature field. */
    private ZeekLogMapping lastJsonMapping;
    private long line;

    ZeekLogReader(IngestContext context) {
        this.context = context;
        this.exporter = fileName(context.sourceName());
    }

    void read(InputStream in) throws IOException {
        // ISO-8859-1 keeps one char per byte, so TSV escapes rebuild the exact bytes (wire form).
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            if (line == 1 && text.startsWith("\u00ef\u00bb\u00bf")) text = text.substring(3);
            if (text.isBlank()) continue;
            char c = text.charAt(0);
            if (c == '#') {
                headerLine(text);
            } else if (c == '{' || (c == ' ' && text.stripLeading().startsWith("{"))) {
                jsonLine(text);
            } else {
                tsvLine(text);
            }
        }
    }

    private void headerLine(String text) {
        if (text.startsWith("#separator")) {
            header = ZeekTsvHeader.fromSeparatorLine(text);
            blockResolved = false;
            return;
        }
        if (header == null) header = ZeekTsvHeader.defaults();
        header.directive(text);
        if (text.startsWith("#path") || text.startsWith("#fields")) blockResolved = false;
    }

    private void tsvLine(String text) {
        if (header == null || !header.hasFields()) {
            problem("a data line before any #fields header");
            return;
        }
        if (!blockResolved) {
            blockResolved = true;
            blockMapping = header.path() != null ? ZeekLogMappings.byPath(header.path())
                    : ZeekLogMappings.byFields(new HashSet<>(header.fields()));
            if (blockMapping == null) {
                if (header.path() != null) unknown(header.path());
                else unknown("fields " + header.fields(), "a log with fields " + header.fields());
            }
        }
        if (blockMapping == null) return;
        ZeekRow row = header.split(text);
        if (row == null) {
            int n = header.valueCount(text);
            problem(blockMapping.path() + " row has " + n + " values, the #fields header names " + header.fieldCount());
            return;
        }
        map(blockMapping, row);
    }

    /** A JSON row is parsed as UTF-8 text; {@link ZeekRow} gives a value in wire form where its field wants that. */
    private void jsonLine(String latin1) {
        String text = new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Map<String, Object> values;
        try {
            values = FlatJson.parse(text);
        } catch (FlatJson.SyntaxException e) {
            problem(e.getMessage());
            return;
        }
        Object path = values.get("_path");
        ZeekLogMapping mapping;
        if (path instanceof String p) {
            mapping = ZeekLogMappings.byPath(p);
            if (mapping == null) {
                unknown(p);
                return;
            }
        } else {
            mapping = ZeekLogMappings.byFields(values);
            if (mapping == null) mapping = lastJsonMapping;
            if (mapping == null) {
                // One notice for all such rows: their field sets vary as optional fields come and go.
                unknown("JSON rows without _path", "rows of a log with fields " + values.keySet());
                return;
            }
            lastJsonMapping = mapping;
        }
        map(mapping, ZeekRow.json(values));
    }

    private void map(ZeekLogMapping mapping, ZeekRow row) {
        try {
            mapping.map(row, context, exporter);
        } catch (BadFieldException e) {
            problem(mapping.path() + " row: " + e.getMessage());
        }
    }

    private void unknown(String log) {
        unknown(log, "log " + log);
    }

    /** Notices a log Sluice does not read, once per {@code key} and input. */
    private void unknown(String key, String what) {
        if (unknownReported.add(key)) {
            context.notice("line " + line + ": " + what + " is not one Sluice reads (it reads "
                    + ZeekLogMappings.names() + "); its rows are skipped");
        }
    }

    private void problem(String reason) {
        context.problem("line " + line, reason);
    }

    /** The exporter of a log's events: the file's name without its folder, as the user gave it. */
    static String fileName(String source) {
        try {
            Path name = Path.of(source).getFileName();
            return name == null ? source : name.toString();
        } catch (InvalidPathException e) {
            return source;
        }
    }
}
