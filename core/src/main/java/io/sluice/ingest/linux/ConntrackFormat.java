package io.sluice.ingest.linux;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestEvents.FlowFacts;
import io.sluice.ingest.IngestFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linux connection tracking events, the output of {@code conntrack -E -o timestamp}
 * ({@link ConntrackLine}): a {@code ConnectionCreation} on [NEW] (outcome unknown: the entry is
 * created by the first packet) and a {@code FlowRecord} on [DESTROY] with the original tuple as
 * originator, the per-direction packets and bytes when accounting is on (IP bytes; zero when off),
 * the duration from {@code delta-time} when timestamping is on, and {@code conn_state} S0 when the
 * entry was never replied to, else OTH. NEW and DESTROY of one entry share a uid. [UPDATE] lines
 * are read (and checked) but emit nothing.
 *
 * <p>What it cannot show: the process (conntrack knows none); NAT is reported as the original
 * tuple only (the reply tuple's translated addresses are not used); without {@code -o timestamp}
 * the lines carry no time at all, so events get time 0 and one problem says so; entries that
 * existed before {@code conntrack -E} started have a DESTROY but no NEW.
 */
public final class ConntrackFormat implements IngestFormat {

    /** Open entries remembered for their DESTROY; the oldest are forgotten first beyond this. */
    static final int MAX_OPEN = 1 << 20;

    @Override
    public String name() {
        return "conntrack";
    }

    @Override
    public String description() {
        return "Linux conntrack -E event output ([NEW]/[DESTROY] lines, with -o timestamp)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        String first = s.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return (first.contains("[NEW]") || first.contains("[DESTROY]") || first.contains("[UPDATE]"))
                && first.contains("src=") && first.contains("dst=");
    }

    private record Open(String uid, long tsNanos) {}

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Map<String, Open> open = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
                return size() > MAX_OPEN;
            }
        };
        boolean untimedReported = false;
        long lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            ConntrackLine c;
            try {
                c = ConntrackLine.parse(line);
            } catch (ConntrackLine.Malformed e) {
                context.problem("line " + lineNo, e.getMessage());
                continue;
            }
            long ts = c.tsNanos();
            if (ts == Long.MIN_VALUE) {
                ts = 0;
                if (!untimedReported) {
                    context.problem("line " + lineNo, "no timestamps (record with conntrack -E -o timestamp); "
                            + "events get time 0");
                    untimedReported = true;
                }
            }
            int rp = IngestEvents.responderPort(c.proto(), c.origPort(), c.respPort());
            String key = c.id() != null ? c.id() : c.proto() + " " + c.origH() + " " + c.origPort() + " " + c.respH() + " " + rp;
            switch (c.event()) {
                case "NEW" -> {
                    String uid = context.newUid();
                    open.put(key, new Open(uid, ts));
                    context.emit(IngestEvents.creation(context, ts, uid, c.origH(), c.origPort(), c.respH(), rp,
                            c.proto(), Outcome.UNKNOWN, "conntrack", null, null));
                }
                case "DESTROY" -> {
                    Open o = open.remove(key);
                    boolean untimed = c.tsNanos() == Long.MIN_VALUE;
                    long start;
                    Long duration;
                    if (c.deltaSeconds() >= 0) {
                        duration = c.deltaSeconds() * 1_000_000_000L;
                        start = untimed ? (o != null ? o.tsNanos() : 0) : ts - duration;
                    } else if (o != null) {
                        start = o.tsNanos();
                        duration = untimed ? null : Math.max(0, ts - start);
                    } else {
                        start = ts;
                        duration = null;
                    }
                    context.emit(IngestEvents.flow(context, new FlowFacts(start, o != null ? o.uid() : context.newUid(),
                            c.origH(), c.origPort(), c.respH(), rp, c.proto(), duration, c.unreplied() ? "S0" : "OTH",
                            Math.max(0, c.packets()), Math.max(0, c.bytes()), Math.max(0, c.replyPackets()),
                            Math.max(0, c.replyBytes()), "conntrack", null, null)));
                }
                default -> { } // UPDATE: state changes carry nothing the events need
            }
        }
    }
}
