package io.sluice.ingest.macos;

import io.sluice.event.ProcessInfo;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Snapshots of {@code lsof -i -n -P} (macOS, also Linux): one {@code ConnectionCreation} per
 * connected TCP or UDP socket ({@code NAME} of the form {@code local->remote}), with the process
 * ({@code COMMAND} as image, {@code PID}, {@code USER}). Several snapshots may follow each other
 * (a new header line, lsof -r's {@code =======} separator or a {@code # time} line starts the next).
 *
 * <p>What it cannot show: when a connection was opened (a snapshot lists what exists at one moment;
 * every connection gets the snapshot's time from a {@code # 2026-11-28T10:00:00Z} line, or time 0
 * with one reported problem when there is none); connections that opened and closed between
 * snapshots; who initiated (inferred from listening ports, {@link SnapshotEmitter}); the full
 * image path (COMMAND is the process name, cut to 9 characters unless lsof ran with {@code +c 0});
 * traffic counts. The same connection seen in several snapshots is reported once per snapshot.
 * Without {@code -n -P} lsof prints names instead of addresses and ports; such rows are reported.
 */
public final class LsofFormat implements IngestFormat {

    @Override
    public String name() {
        return "lsof";
    }

    @Override
    public String description() {
        return "lsof -i -n -P snapshots (macOS, Linux): open connections with their process";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        for (String l : s.lines().limit(5).toList()) {
            if (l.startsWith("COMMAND") && l.contains(" PID") && l.contains("NAME") && l.contains("NODE")) return true;
        }
        return false;
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<SnapshotSocket> snapshot = new ArrayList<>();
        long ts = Long.MIN_VALUE;
        boolean untimedReported = false;
        long lineNo = 0;
        String line;
        while (true) {
            line = reader.readLine();
            lineNo++;
            boolean boundary = line == null || line.startsWith("COMMAND") || line.startsWith("=======")
                    || line.startsWith("#");
            if (boundary && !snapshot.isEmpty()) {
                if (ts == Long.MIN_VALUE && !untimedReported) {
                    context.problem("line " + lineNo, "no snapshot time (write '# <ISO time>' before each "
                            + "snapshot); connections get time 0");
                    untimedReported = true;
                }
                SnapshotEmitter.emit(snapshot, ts == Long.MIN_VALUE ? 0 : ts, "lsof", context);
                snapshot.clear();
            }
            if (line == null) break;
            if (line.startsWith("#")) {
                long t = SnapshotTime.parseComment(line);
                if (t != Long.MIN_VALUE) ts = t;
                continue;
            }
            if (boundary || line.isBlank()) continue;
            String problem = row(line, snapshot);
            if (problem != null) context.problem("line " + lineNo, problem);
        }
    }

    /** Adds the row's socket to {@code snapshot}; returns why it could not, or null. */
    static String row(String line, List<SnapshotSocket> snapshot) {
        String[] t = line.trim().split("\\s+");
        int node = -1;
        for (int i = 3; i < t.length; i++) {
            if (t[i].equals("TCP") || t[i].equals("UDP")) {
                node = i;
                break;
            }
        }
        if (node < 0 || node + 1 >= t.length) return "no TCP or UDP NAME column";
        int proto = t[node].equals("TCP") ? 6 : 17;
        long pid = IngestEvents.number(t[1]);
        if (pid < 0) return "PID '" + t[1] + "' is not a number";
        var process = new ProcessInfo(t[0].replace("\\x20", " "), pid, t[2], null, null, null);
        String name = t[node + 1];
        String state = node + 2 < t.length && t[node + 2].startsWith("(")
                ? t[node + 2].replaceAll("[()]", "").toUpperCase(Locale.ROOT) : null;
        int arrow = name.indexOf("->");
        String[] local = SnapshotSocket.endpoint(arrow < 0 ? name : name.substring(0, arrow));
        if (local == null) return "NAME '" + name + "' is not address:port";
        long lport = IngestEvents.number(local[1]);
        if (arrow < 0) {
            if (lport >= 0 && lport <= 65535) {
                snapshot.add(new SnapshotSocket(proto, null, (int) lport, null, -1, state, process));
            }
            return null; // listening or unconnected UDP socket: no connection
        }
        String[] remote = SnapshotSocket.endpoint(name.substring(arrow + 2));
        if (remote == null) return "NAME '" + name + "' is not local->remote address:port";
        String lh = IngestEvents.address(local[0]);
        String rh = IngestEvents.address(remote[0]);
        long rport = IngestEvents.number(remote[1]);
        if (lh == null || rh == null) return "NAME '" + name + "' holds a host name, not an address (run lsof with -n)";
        if (lport < 0 || rport < 0 || lport > 65535 || rport > 65535) {
            return "NAME '" + name + "' holds a service name, not a port number (run lsof with -P)";
        }
        snapshot.add(new SnapshotSocket(proto, lh, (int) lport, rh, (int) rport, state, process));
        return null;
    }
}
