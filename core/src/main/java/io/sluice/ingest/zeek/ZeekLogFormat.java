package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Zeek logs as input: Zeek's TSV (recognised by its {@code #separator} header) and JSON lines
 * (recognised when the first object has {@code ts} and Zeek's connection fields or {@code _path}),
 * for conn, dns, http, ssl, x509, ssh, smb_mapping, smb_files, files, dce_rpc, rdp, dhcp, kerberos
 * and tunnel.
 * conn rows become {@code ConnectionCreation} and {@code FlowRecord} (source "zeek", exporter the
 * file name); the others the content events the dissectors emit.
 */
public final class ZeekLogFormat implements IngestFormat {

    @Override
    public String name() {
        return "zeek";
    }

    @Override
    public String description() {
        return "Zeek logs, TSV or JSON lines (" + ZeekLogMappings.names() + ")";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00ef\u00bb\u00bf")) text = text.substring(3);
        if (separatorAmongLeadingComments(text)) return true;
        String first = firstLine(text);
        if (first == null || !first.startsWith("{")) return false;
        String utf8 = new String(first.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        try {
            return looksLikeZeek(FlatJson.parse(utf8));
        } catch (FlatJson.SyntaxException e) {
            // A first object longer than the head is cut off: look for Zeek's keys in its text.
            return first.length() >= length - 3 && utf8.contains("\"ts\"")
                    && (utf8.contains("\"uid\"") || utf8.contains("\"_path\"") || utf8.contains("\"id.orig_h\""));
        }
    }

    private static boolean looksLikeZeek(Map<String, Object> row) {
        if (!row.containsKey("ts")) return false;
        return row.containsKey("_path") || row.containsKey("id.orig_h") || ZeekLogMappings.byFields(row) != null;
    }

    /** A {@code #separator} line, first or after other {@code #} lines (btest's "### BTest baseline" banner). */
    private static boolean separatorAmongLeadingComments(String text) {
        int start = 0;
        while (start < text.length() && text.charAt(start) == '#') {
            if (text.startsWith("#separator", start)) return true;
            int end = text.indexOf('\n', start);
            if (end < 0) return false;
            start = end + 1;
        }
        return false;
    }

    private static String firstLine(String text) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            String l = text.substring(start, end).strip();
            if (!l.isEmpty()) return l;
            start = end + 1;
        }
        return null;
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        new ZeekLogReader(context).read(in);
    }
}
