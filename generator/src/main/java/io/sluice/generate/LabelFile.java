package io.sluice.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ground truth of a generated capture, written next to it as {@code <capture>.labels.tsv}:
 * one label per line with the columns of {@link #HEADER} (techniques and hosts comma-joined,
 * times in nanoseconds since the epoch), so tests and people can check what an analytic should
 * have found without the generator's classes.
 */
public final class LabelFile {
    static final String HEADER = "scenario\tdescription\ttechniques\thosts\tfrom_ns\tto_ns";

    private LabelFile() {}

    /** Where the labels of {@code capture} live. */
    public static Path pathFor(Path capture) {
        return capture.resolveSibling(capture.getFileName() + ".labels.tsv");
    }

    public static void write(Path file, List<Label> labels) throws IOException {
        var lines = new ArrayList<String>();
        lines.add(HEADER);
        for (Label l : labels) {
            lines.add(String.join("\t", clean(l.scenario()), clean(l.description()), String.join(",", l.techniques()),
                    String.join(",", l.hosts()), Long.toString(l.fromNanos()), Long.toString(l.toNanos())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static List<Label> read(Path file) throws IOException {
        var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a label file: its first line should be the header '" + HEADER + "'");
        }
        var out = new ArrayList<Label>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 6) throw new IOException(file + " line " + (i + 1) + ": expected 6 columns, found " + f.length);
            try {
                out.add(new Label(f[0], f[1], split(f[2]), split(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])));
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": the times must be integers", e);
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    /** Tabs and line breaks would break the columns; descriptions never need them. */
    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
