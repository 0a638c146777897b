package io.sluice.attack;

import io.sluice.event.Ds0029Component;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The project's own measure of its mission: for each of the 241 (DS0029 component, technique) rows
 * of ATT&CK's detection guidance, whether an analytic covers it (and which test proves it), which
 * analytic is planned, or why traffic cannot show it. Read from {@code ds0029-coverage.tsv} next to
 * this class; columns {@code component technique status analytics tests reason}, lists comma-separated.
 */
public final class CoverageMap {

    public static final String RESOURCE = "ds0029-coverage.tsv";
    private static final String HEADER = "component\ttechnique\tstatus\tanalytics\ttests\treason";

    private final List<CoverageRow> rows;

    private CoverageMap(List<CoverageRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The map shipped with Sluice. */
    public static CoverageMap builtin() {
        var in = CoverageMap.class.getResourceAsStream(RESOURCE);
        if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
        try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CoverageMap parse(Reader reader) throws IOException {
        var br = new BufferedReader(reader);
        var header = br.readLine();
        if (!HEADER.equals(header)) {
            throw new IllegalArgumentException(RESOURCE + ": first line must be the header '" + HEADER + "'");
        }
        var rows = new ArrayList<CoverageRow>();
        String line;
        int n = 1;
        while ((line = br.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            try {
                rows.add(row(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(RESOURCE + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return new CoverageMap(rows);
    }

    private static CoverageRow row(String line) {
        var f = line.split("\t", -1);
        if (f.length != 6) throw new IllegalArgumentException("want 6 tab-separated columns, got " + f.length);
        var status = CoverageRow.Status.parse(f[2]);
        var row = new CoverageRow(component(f[0]), Technique.of(f[1]), status, list(f[3]), list(f[4]), f[5]);
        switch (status) {
            case COVERED -> {
                if (row.analytics().isEmpty() || row.tests().isEmpty()) {
                    throw new IllegalArgumentException("a covered row names its analytics and the tests that prove them");
                }
            }
            case PLANNED -> {
                if (row.analytics().isEmpty()) throw new IllegalArgumentException("a planned row names the planned analytic");
            }
            case NOT_OBSERVABLE -> {
                if (row.reason().isBlank()) throw new IllegalArgumentException("a not-observable row gives its reason");
            }
        }
        return row;
    }

    static Ds0029Component component(String displayName) {
        for (var c : Ds0029Component.values()) {
            if (c.displayName().equals(displayName)) return c;
        }
        throw new IllegalArgumentException("unknown DS0029 component '" + displayName + "'");
    }

    private static List<String> list(String field) {
        if (field.isBlank()) return List.of();
        return Arrays.stream(field.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public List<CoverageRow> rows() {
        return rows;
    }

    public long count(CoverageRow.Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }
}
