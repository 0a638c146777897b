package io.sluice.ingest.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.ingest.IngestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the JSON objects of an export one at a time, whatever way the exporter laid them out: one
 * per line (Winlogbeat, NXLog, Cloud Logging), pretty-printed one after another (evtx_dump), or
 * as the elements of a top-level array ({@code ConvertTo-Json}). The splitter only tracks braces
 * and strings, so a malformed object is reported with the line it starts on and the next object
 * is read normally; Jackson parses each object on its own.
 *
 * <p>A brace in the first column of a line while an object is still open means that object was
 * cut short (a truncated JSON line): it is reported and the new object starts there. Pretty
 * printers indent nested objects, so this never splits a well-formed export.
 *
 * <p>An object larger than {@link #MAX_OBJECT_CHARS} is reported and skipped, which bounds memory.
 */
public final class JsonObjectStream {

    /** The largest single object kept in memory (64 Mi characters). */
    public static final int MAX_OBJECT_CHARS = 64 << 20;

    /** Receives each object with the line it starts on. */
    public interface ObjectSink {
        void object(JsonNode node, long line);
    }


    private JsonObjectStream() {}

    public static void read(InputStream in, IngestContext context, ObjectSink sink) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        var text = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        boolean oversized = false;
        long line = 1;
        long startLine = 0;
        boolean junkReported = false;
        boolean lineStart = true;
        int c;
        while ((c = reader.read()) >= 0) {
            boolean atLineStart = lineStart;
            lineStart = c == '\n';
            if (depth > 0 && atLineStart && c == '{') {
                context.problem("line " + startLine, "JSON object cut short (a new object starts on line " + line + ")");
                depth = 0;
                inString = false;
                escape = false;
            }
            if (depth == 0) {
                if (c == '{') {
                    depth = 1;
                    startLine = line;
                    text.setLength(0);
                    text.append('{');
                    oversized = false;
                } else if (c == '\n') {
                    line++;
                    junkReported = false;
                } else if (!(c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '[' || c == ']' || c == '\uFEFF')) {
                    if (!junkReported) {
                        context.problem("line " + line, "text outside a JSON object");
                        junkReported = true;
                    }
                }
                continue;
            }
            if (c == '\n') line++;
            if (!oversized) {
                if (text.length() >= MAX_OBJECT_CHARS) {
                    oversized = true;
                    text.setLength(0);
                    context.problem("line " + startLine, "JSON object larger than " + MAX_OBJECT_CHARS
                            + " characters; skipped");
                } else {
                    text.append((char) c);
                }
            }
            if (inString) {
                if (escape) escape = false;
                else if (c == '\\') escape = true;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0 && !oversized) {
                    emit(text, startLine, context, sink);
                }
            }
        }
        if (depth > 0) {
            context.problem("line " + startLine, "JSON object not closed before the end of the input");
        }
    }

    private static void emit(CharSequence text, long line, IngestContext context, ObjectSink sink) {
        JsonNode node;
        try {
            node = SharedMapper.get().readTree(text.toString());
        } catch (JacksonException e) {
            context.problem("line " + (line + Math.max(0, e.getLocation() == null ? 0 : e.getLocation().getLineNr() - 1)),
                    "malformed JSON: " + e.getOriginalMessage());
            return;
        }
        sink.object(node, line);
    }
}
