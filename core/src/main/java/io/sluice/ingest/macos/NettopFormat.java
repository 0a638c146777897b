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
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Snapshots of macOS {@code nettop -L 1 -n} (CSV): a header line ({@code time,,interface,state,...}),
 * then per process a row {@code time,name.pid,...} followed by one row per socket
 * {@code time,tcp4 10.0.0.5:52345<->17.57.144.84:5223,en0,Established,...} (IPv6 endpoints as
 * {@code addr.port}). One {@code ConnectionCreation} per connected socket, with the process name
 * and pid. {@code -L N} with N &gt; 1 repeats the header per sample; each sample is a snapshot.
 *
 * <p>What it cannot show: when a connection was opened (each row has only nettop's time of day;
 * the date comes from a {@code # 2026-11-28} or {@code # 2026-11-28T10:00:00Z} line, else
 * 1970-01-01 with one reported problem); who initiated (inferred from listening ports,
 * {@link SnapshotEmitter}); the user and the image path (nettop prints neither); connections that
 * came and went between samples. Without {@code -n} nettop may print host names, which are reported.
 */
public final class NettopFormat implements IngestFormat {

    @Override
    public String name() {
        return "nettop";
    }

    @Override
    public String description() {
        return "macOS nettop -L 1 -n CSV snapshots: open connections with their process";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        for (String l : s.lines().limit(3).toList()) {
            if (l.startsWith("time,,interface,state,bytes_in,bytes_out")) return true;
        }
        return false;
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<SnapshotSocket> snapshot = new ArrayList<>();
        long day = Long.MIN_VALUE;
        long snapshotTs = Long.MIN_VALUE;
        boolean undatedReported = false;
        ProcessInfo process = null;
        long lineNo = 0;
        String line;
        while (true) {
            line = reader.readLine();
            lineNo++;
            boolean boundary = line == null || line.startsWith("time,") || line.startsWith("#");
            if (boundary && !snapshot.isEmpty()) {
                SnapshotEmitter.emit(snapshot, snapshotTs == Long.MIN_VALUE ? 0 : snapshotTs, "nettop", context);
                snapshot.clear();
                snapshotTs = Long.MIN_VALUE;
            }
            if (line == null) break;
            if (line.startsWith("#")) {
                long t = SnapshotTime.parseComment(line);
                if (t != Long.MIN_VALUE) day = t - Math.floorMod(t, 86_400_000_000_000L);
                continue;
            }
            if (boundary || line.isBlank()) continue;
            String[] f = line.split(",", -1);
            if (f.length < 4) {
                context.problem("line " + lineNo, "fewer than 4 comma-separated columns");
                continue;
            }
            String what = f[1];
            boolean socket = what.startsWith("tcp4 ") || what.startsWith("tcp6 ") || what.startsWith("udp4 ")
                    || what.startsWith("udp6 ");
            if (!socket) {
                int dot = what.lastIndexOf('.');
                long pid = dot < 0 ? -1 : IngestEvents.number(what.substring(dot + 1));
                if (pid < 0) {
                    context.problem("line " + lineNo, "process column '" + what + "' is not name.pid");
                    process = null;
                } else {
                    process = new ProcessInfo(what.substring(0, dot), pid, null, null, null, null);
                }
                continue;
            }
            if (snapshotTs == Long.MIN_VALUE) {
                long tod = timeOfDay(f[0]);
                if (day == Long.MIN_VALUE && !undatedReported) {
                    context.problem("line " + lineNo, "no snapshot date (write '# <ISO date>' before the output); "
                            + "times are on 1970-01-01");
                    undatedReported = true;
                }
                snapshotTs = (day == Long.MIN_VALUE ? 0 : day) + Math.max(0, tod);
            }
            String problem = socket(what, f[3], process, snapshot);
            if (problem != null) context.problem("line " + lineNo, problem);
        }
    }

    /** Adds one socket row to {@code snapshot}; returns why it could not, or null. */
    static String socket(String what, String state, ProcessInfo process, List<SnapshotSocket> snapshot) {
        int proto = what.startsWith("tcp") ? 6 : 17;
        String pair = what.substring(5);
        int arrow = pair.indexOf("<->");
        if (arrow < 0) return "socket '" + what + "' has no <->";
        String[] local = SnapshotSocket.endpoint(pair.substring(0, arrow));
        String[] remote = SnapshotSocket.endpoint(pair.substring(arrow + 3));
        if (local == null || remote == null) return "socket '" + what + "' is not address.port<->address.port";
        String st = state.isBlank() ? null : state.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        long lport = IngestEvents.number(local[1]);
        if (remote[0].equals("*")) {
            if (lport >= 0 && lport <= 65535) snapshot.add(new SnapshotSocket(proto, null, (int) lport, null, -1, st, process));
            return null;
        }
        String lh = IngestEvents.address(stripZone(local[0]));
        String rh = IngestEvents.address(stripZone(remote[0]));
        long rport = IngestEvents.number(remote[1]);
        if (lh == null || rh == null) return "socket '" + what + "' holds a host name, not an address (run nettop with -n)";
        if (lport < 0 || rport < 0 || lport > 65535 || rport > 65535) return "socket '" + what + "' has no port numbers";
        snapshot.add(new SnapshotSocket(proto, lh, (int) lport, rh, (int) rport, st, process));
        return null;
    }

    private static String stripZone(String a) {
        int pct = a.indexOf('%');
        return pct < 0 ? a : a.substring(0, pct);
    }

    private static long timeOfDay(String s) {
        try {
            return LocalTime.parse(s.trim()).toNanoOfDay();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
