package io.sluice.ingest.sysmon;

import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.json.JsonObjectStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sysmon Event ID 3 and Windows Security 5156/5157 exported as JSON (Winlogbeat, NXLog, evtx_dump,
 * EvtxECmd, {@code Get-WinEvent | ConvertTo-Json}): one {@code ConnectionCreation} per connection
 * event. Events with other ids in the same export are skipped and counted, not reported as problems.
 */
public final class SysmonJsonFormat implements IngestFormat {

    @Override
    public String name() {
        return "sysmon";
    }

    @Override
    public String description() {
        return "Sysmon EID 3 and Windows Security 5156/5157 as JSON (Winlogbeat, NXLog, evtx_dump, EvtxECmd, ConvertTo-Json)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        int start = 0;
        while (start < s.length() && (Character.isWhitespace(s.charAt(start)) || s.charAt(start) == '\uFEFF' || s.charAt(start) == '[')) start++;
        if (start >= s.length() || s.charAt(start) != '{') return false;
        boolean sysmon = s.contains("Microsoft-Windows-Sysmon") || s.contains("Linux-Sysmon") || s.contains("\"DestinationIp\"");
        boolean wfp = s.contains("\"DestAddress\"") || s.contains("Microsoft-Windows-Security-Auditing")
                && (s.contains("5156") || s.contains("5157"));
        return sysmon || wfp;
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var mapper = new WindowsConnectionMapper(context);
        long[] skipped = new long[1];
        JsonObjectStream.read(in, context, (node, line) -> {
            WindowsEvent e = WindowsEventJson.from(node);
            if (e == null) {
                context.problem("line " + line, "JSON object is not a Windows event (no event id)");
                return;
            }
            switch (mapper.map(e)) {
                case EMITTED -> { }
                case OTHER_EVENT -> skipped[0]++;
                case MALFORMED -> context.problem("line " + line, "event " + e.eventId() + ": " + mapper.lastReason());
            }
        });
        if (skipped[0] > 0) {
            context.notice("skipped " + skipped[0] + " events that are not network connections (Event ID 3)");
        }
    }
}
