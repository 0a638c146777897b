package io.sluice.detect.analytics;

import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.TcpFingerprints;
import java.io.Serializable;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Names the scanning tool a SYN comes from by its TCP fingerprint (JA4T, on the conn record): nmap's
 * SYN scan sends a window of 1024, 2048, 3072 or 4096 with one option, an MSS of 1460
 * ({@code 1024_2_1460_00}, JA4T.md); zmap sends a window of 65535 and no option at all
 * ({@code 65535_00_00_00}). An operating system's own connect() never looks like either (every
 * current stack offers window scaling and SACK). The scan analytics count them per scanner, so an
 * alert can say which tool made the probes.
 */
final class ScannerSyns implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Connections per tool whose SYN it made, and their distinct JA4Ts (at most {@link #MAX_PRINTS} kept). */
    private final TreeMap<String, Integer> tools = new TreeMap<>();
    private final TreeMap<String, Integer> prints = new TreeMap<>();
    private long synsSeen;
    private static final int MAX_PRINTS = 8;
    private static final java.util.regex.Pattern NMAP = java.util.regex.Pattern.compile("(1024|2048|3072|4096)_2_1460_00");

    /** The tool whose SYN this is, or null. */
    static String tool(TcpFingerprints f) {
        if (f == null) return null;
        if (f instanceof TcpFingerprints.Measured m) {
            if (m.synWindow() < 0) return null;
            byte[] o = m.synOptions();
            boolean nmapWindow = m.synWindow() == 1024 || m.synWindow() == 2048 || m.synWindow() == 3072 || m.synWindow() == 4096;
            if (nmapWindow && o.length == 1 && o[0] == 2 && m.synMss() == 1460) return "nmap";
            if (m.synWindow() == 65535 && o.length == 0) return "zmap";
            return null;
        }
        String t = f.ja4t();
        if (t == null) return null;
        if (NMAP.matcher(t).matches()) return "nmap";
        return t.equals("65535_00_00_00") ? "zmap" : null;
    }

    /** Counts the SYN of a flow record (other events carry none). */
    void observe(Event event) {
        if (!(event instanceof FlowRecord r) || r.tcpFingerprints() == null || r.tcpFingerprints().ja4t() == null) return;
        synsSeen++;
        String tool = tool(r.tcpFingerprints());
        if (tool == null) return;
        tools.merge(tool, 1, Integer::sum);
        String print = r.tcpFingerprints().ja4t();
        if (prints.containsKey(print) || prints.size() < MAX_PRINTS) prints.merge(print, 1, Integer::sum);
    }

    void clear() {
        tools.clear();
        prints.clear();
        synsSeen = 0;
    }

    /** The tool most of the scanner's fingerprinted SYNs came from (at least half of them), or null. */
    String dominantTool() {
        String best = null;
        int most = 0;
        for (var e : tools.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best != null && most * 2 >= synsSeen ? best : null;
    }

    /** "; its SYNs carry nmap's TCP fingerprint (JA4T 1024_2_1460_00, 2048_2_1460_00 in 1,200 of 1,210 connections)", or "". */
    String explain() {
        String tool = dominantTool();
        if (tool == null) return "";
        return String.format(Locale.ROOT, "; its SYNs carry %s's TCP fingerprint (JA4T %s in %s of %s)", tool,
                Explanations.list(prints.keySet(), 4), Explanations.count(tools.get(tool)),
                Explanations.count(synsSeen, "connection", "connections"));
    }
}
