package io.sluice.app;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the terminal: a title, a header row, columns sized to their content, numbers right-aligned. */
final class TextTable {
    private final String title;
    private final String[] header;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String title, String... header) {
        this.title = title;
        this.header = header;
        this.numeric = new boolean[header.length];
    }

    /** Marks columns (by index) whose values are right-aligned. */
    TextTable numeric(int... columns) {
        for (int c : columns) numeric[c] = true;
        return this;
    }

    TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.length + " columns");
        }
        var text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) text[i] = String.valueOf(cells[i]);
        rows.add(text);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) width[i] = header[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        var sb = new StringBuilder();
        sb.append(title).append('\n');
        line(sb, header, width);
        int total = 0;
        for (int w : width) total += w + 2;
        sb.append("  ").append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (String[] r : rows) line(sb, r, width);
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append(' ');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ');
            String c = cells[i];
            int pad = width[i] - c.length();
            if (numeric[i]) sb.append(" ".repeat(pad)).append(c);
            else sb.append(c).append(" ".repeat(i == cells.length - 1 ? 0 : pad));
            if (i < cells.length - 1) sb.append(' ');
        }
        sb.append('\n');
    }
}
