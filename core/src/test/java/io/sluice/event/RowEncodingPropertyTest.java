package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The writers' shortcuts change no byte: {@link FieldSink#unset(int)} writes what as many {@code
 * unset()} calls write, and a string value kept from an earlier row ({@link RepeatedValues}) is
 * written as a fresh copy of the same text would be.
 */
class RowEncodingPropertyTest {
    private static final String[] POOL = {
        "", "-", "tcp", "udp", "netflow-v9", "10.0.0.1", "2001:db8::1", "CHhAvVGS1DHFjwGM9", "1:abc=",
        "say \"hi\"", "back\\slash", "tab\there", "new\nline", "comma,sep", "caf\u00e9", "\u2603 snow",
        "\ud83d\ude00", "lone \ud800", "\u0141\u00f3d\u017a", "\u0001ctl", "x".repeat(130), "y".repeat(600),
        "a\u0080b", "del\u007f"
    };

    @Property(tries = 300)
    void fusedCallsWriteWhatFieldByFieldCallsWrite(@ForAll long seed) throws IOException {
        List<LogEntry> rows = rows(new Random(seed), false);
        List<LogEntry> split = rows.stream().map(FieldByField::new).map(LogEntry.class::cast).toList();
        for (LogFormat format : LogFormat.values()) {
            assertThat(render(format, rows)).isEqualTo(render(format, split));
        }
    }

    @Property(tries = 300)
    void aRepeatedValueIsWrittenAsAFreshCopyOfItWouldBe(@ForAll long seed) throws IOException {
        List<LogEntry> shared = rows(new Random(seed), false);
        List<LogEntry> fresh = rows(new Random(seed), true);
        for (LogFormat format : LogFormat.values()) {
            assertThat(render(format, shared)).isEqualTo(render(format, fresh));
        }
    }

    /**
     * Rows of conn or connection_creation with values drawn from a small pool, so that they repeat;
     * with {@code copies} every value is a new String of the same text.
     */
    private static List<LogEntry> rows(Random r, boolean copies) {
        List<LogEntry> rows = new ArrayList<>();
        int n = 1 + r.nextInt(12);
        boolean conn = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            var id = new ConnId(s(r, copies, false), r.nextInt(65536), s(r, copies, false), r.nextInt(65536));
            if (conn) {
                Long duration = r.nextBoolean() ? null : (long) r.nextInt(1 << 30);
                var process = r.nextInt(4) == 0
                        ? new ProcessInfo(s(r, copies, true), r.nextBoolean() ? null : 42L, s(r, copies, true), null,
                                s(r, copies, true), s(r, copies, true))
                        : null;
                var icmp = r.nextInt(4) == 0
                        ? new IcmpEchoSummary(3, 120, 10, 70, r.nextBoolean() ? null : 3.5, 7.25)
                        : null;
                rows.add(new FlowRecord(r.nextLong() >>> 2, s(r, copies, false), id, s(r, copies, false),
                        s(r, copies, true), duration, duration == null ? null : 5L, duration == null ? null : 7L,
                        s(r, copies, true), r.nextBoolean() ? null : r.nextBoolean(), r.nextBoolean(),
                        r.nextInt(3), s(r, copies, true), r.nextInt(100), r.nextLong() >>> 20, r.nextInt(100),
                        r.nextInt(100_000), r.nextBoolean() ? List.of() : List.of(s(r, copies, false)),
                        r.nextInt(256), r.nextInt(3) - 1, r.nextInt(3) - 1, s(r, copies, true), s(r, copies, true),
                        s(r, copies, true), s(r, copies, true), s(r, copies, true), s(r, copies, true), process, icmp));
            } else {
                var outcomes = ConnectionCreation.Outcome.values();
                rows.add(new ConnectionCreation(r.nextLong() >>> 2, s(r, copies, false), id, s(r, copies, false),
                        outcomes[r.nextInt(outcomes.length)], r.nextBoolean(), r.nextBoolean(), r.nextInt(3) - 1,
                        s(r, copies, true), s(r, copies, false), s(r, copies, true), null));
            }
        }
        return rows;
    }

    private static String s(Random r, boolean copy, boolean nullable) {
        if (nullable && r.nextInt(3) == 0) return null;
        String v = POOL[r.nextInt(POOL.length)];
        return copy ? new String(v.toCharArray()) : v;
    }

    private static String render(LogFormat format, List<LogEntry> rows) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var w = LogWriter.create(format, rows.get(0).schema(), bytes, 0)) {
            for (LogEntry e : rows) w.write(e);
        }
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        return out.replaceAll("(?m)^#close\t.*$", "#close"); // the close time is the wall clock
    }

    /** A row whose sink sees only the field-by-field calls: the fused defaults are used, not the writer's. */
    private record FieldByField(LogEntry entry) implements LogEntry {
        @Override
        public LogSchema schema() {
            return entry.schema();
        }

        @Override
        public void write(FieldSink out) {
            entry.write(new FieldSink() {
                @Override public void string(String value) { out.string(value); }
                @Override public void count(long value) { out.count(value); }
                @Override public void integer(long value) { out.integer(value); }
                @Override public void real(double value) { out.real(value); }
                @Override public void time(long epochNanos) { out.time(epochNanos); }
                @Override public void interval(long nanos) { out.interval(nanos); }
                @Override public void bool(boolean value) { out.bool(value); }
                @Override public void strings(Collection<String> values) { out.strings(values); }
                @Override public void intervals(long[] nanos) { out.intervals(nanos); }
                @Override public void unset() { out.unset(); }
            });
        }
    }
}
