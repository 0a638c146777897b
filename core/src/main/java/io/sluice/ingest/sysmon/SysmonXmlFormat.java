package io.sluice.ingest.sysmon;

import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;

/**
 * Sysmon Event ID 3 and Windows Security 5156/5157 as Windows event XML: {@code <Event>} elements
 * one after another (wevtutil qe /f:xml writes them without a root) or inside an {@code <Events>}
 * root. Each {@code <Event>...</Event>} is cut out and parsed on its own, so one damaged event is
 * reported with the line it starts on and the others are kept. Sysmon for Linux writes the same
 * events (provider {@code Linux-Sysmon}) one per syslog line, prefixed by the syslog header; the
 * header is skipped the same way.
 */
public final class SysmonXmlFormat implements IngestFormat {

    /** An event element larger than this is damaged (real ones are a few kilobytes). */
    static final int MAX_EVENT_CHARS = 1 << 20;

    @Override
    public String name() {
        return "sysmon-xml";
    }

    @Override
    public String description() {
        return "Sysmon EID 3 and Windows Security 5156/5157 as Windows event XML (wevtutil, Event Viewer)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading();
        if (s.contains("Linux-Sysmon") && s.contains("<EventID>")) return true; // Sysmon for Linux: XML inside syslog lines
        if (!s.startsWith("<")) return false;
        return s.contains("<Event") && s.contains("<EventID")
                && (s.contains("Microsoft-Windows-Sysmon") || s.contains("Microsoft-Windows-Security-Auditing"));
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        var parser = new WindowsEventXml();
        var mapper = new WindowsConnectionMapper(context);
        var buf = new StringBuilder();
        char[] chunk = new char[1 << 16];
        long bufLine = 1; // line number of buf's first character
        long skipped = 0;
        boolean eof = false;
        while (!eof || buf.length() > 0) {
            if (!eof) {
                int n = reader.read(chunk);
                if (n < 0) eof = true;
                else buf.append(chunk, 0, n);
            }
            while (true) {
                int start = eventStart(buf);
                if (start < 0) {
                    // keep a tail that could be the beginning of "<Event"
                    int keep = Math.min(buf.length(), 6);
                    bufLine += newlines(buf, 0, buf.length() - keep);
                    buf.delete(0, buf.length() - keep);
                    break;
                }
                int end = buf.indexOf("</Event>", start);
                if (end < 0) {
                    bufLine += newlines(buf, 0, start);
                    buf.delete(0, start);
                    if (buf.length() > MAX_EVENT_CHARS) {
                        context.problem("line " + bufLine, "<Event> element not closed within " + MAX_EVENT_CHARS + " characters");
                        buf.delete(0, 6);
                        continue;
                    }
                    break;
                }
                end += "</Event>".length();
                long line = bufLine + newlines(buf, 0, start);
                String xml = buf.substring(start, end);
                bufLine = line + newlines(buf, start, end);
                buf.delete(0, end);
                try {
                    WindowsEvent e = parser.parse(xml);
                    switch (mapper.map(e)) {
                        case EMITTED -> { }
                        case OTHER_EVENT -> skipped++;
                        case MALFORMED -> context.problem("line " + line, "event " + e.eventId() + ": " + mapper.lastReason());
                    }
                } catch (XMLStreamException ex) {
                    context.problem("line " + line, "malformed event XML: " + ex.getMessage());
                }
            }
            if (eof) {
                if (eventStart(buf) >= 0) context.problem("line " + bufLine, "<Event> element not closed before the end of the input");
                break;
            }
        }
        if (skipped > 0) {
            context.notice("skipped " + skipped + " events that are not network connections (Event ID 3)");
        }
    }

    /** Where the next {@code <Event>} or {@code <Event ...>} element starts (not {@code <EventData>}), or -1. */
    private static int eventStart(StringBuilder buf) {
        int from = 0;
        while (true) {
            int i = buf.indexOf("<Event", from);
            if (i < 0 || i + 6 >= buf.length()) return -1;
            char c = buf.charAt(i + 6);
            if (c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n') return i;
            from = i + 6;
        }
    }

    private static long newlines(CharSequence s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }
}
