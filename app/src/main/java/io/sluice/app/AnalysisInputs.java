package io.sluice.app;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.IngestFormats;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The inputs of {@code sluice analyze}, each sniffed by content (never by name): a pcap or pcapng
 * magic number (after gunzip) goes to the packet pipeline; anything else to the log format that
 * recognises its first bytes, or to the one {@code --input-format} names. Folders are searched
 * recursively, in name order, for files that are captures or recognised logs; other files there
 * are left alone. A file named on the command line that nothing recognises stays in the list as
 * {@link Kind#UNRECOGNISED}, so the run reports it and carries on with the others.
 */
final class AnalysisInputs {

    enum Kind { CAPTURE, LOG, UNRECOGNISED }

    /**
     * One input to read.
     *
     * @param format the log format for {@link Kind#LOG}, null otherwise
     * @param head the first bytes (decompressed), for the message about an unrecognised input
     */
    record Input(String name, Kind kind, IngestFormat format, byte[] head, int headLength) {}

    private static final int STDIN_MARK = 1 << 20;

    private final List<Input> inputs;
    private final BufferedInputStream stdin;

    private AnalysisInputs(List<Input> inputs, BufferedInputStream stdin) {
        this.inputs = List.copyOf(inputs);
        this.stdin = stdin;
    }

    /**
     * @param forced the format of {@code --input-format}, or null to recognise each input
     * @throws CaptureException naming an argument that does not exist or a folder with nothing to read
     */
    static AnalysisInputs resolve(List<String> args, IngestFormats formats, IngestFormat forced, InputStream stdin)
            throws CaptureException {
        var list = new ArrayList<Input>();
        BufferedInputStream in = null;
        for (String arg : args) {
            if (arg.equals(CaptureInputs.STDIN)) {
                if (in == null) in = new BufferedInputStream(stdin, 1 << 16);
                list.add(sniffStdin(in, formats, forced));
                continue;
            }
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                List<Input> found = inFolder(path, arg, formats, forced);
                if (found.isEmpty()) {
                    throw new CaptureException(arg, -1, "this directory holds no captures and no logs Sluice reads"
                            + " (searched recursively)");
                }
                list.addAll(found);
            } else if (Files.exists(path)) {
                list.add(sniffFile(path, arg, formats, forced));
            } else {
                throw new CaptureException(arg, -1, "no such file or directory");
            }
        }
        return new AnalysisInputs(list, in);
    }

    List<Input> all() {
        return inputs;
    }

    /** The message for an input that is neither a capture nor a log any format recognises. */
    static String notRecognised(Input input, IngestFormats formats) {
        var start = new StringBuilder();
        for (int i = 0; i < Math.min(4, input.headLength()); i++) start.append(String.format("%02x", input.head()[i]));
        return input.name() + ": at byte 0: not a pcap or pcapng capture, nor a log Sluice recognises (it starts with 0x"
                + start + "). Sluice reads captures and these logs: " + formatNames(formats)
                + "; --input-format NAME reads a file as the named format.";
    }

    static String formatNames(IngestFormats formats) {
        var names = new StringBuilder();
        for (IngestFormat f : formats.all()) {
            if (!names.isEmpty()) names.append(", ");
            names.append(f.name());
        }
        return names.toString();
    }

    /** Opens a log input for reading, gunzipped when it is gzip. */
    InputStream openLog(Input input) throws IOException {
        InputStream raw = input.name().equals(CaptureInputs.STDIN) ? new KeepOpen(stdin)
                : new BufferedInputStream(Files.newInputStream(Path.of(input.name())), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        return b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** The standard input, for a capture read from {@code -}, positioned at its start. */
    InputStream stdin() {
        return new KeepOpen(stdin);
    }

    private static List<Input> inFolder(Path dir, String arg, IngestFormats formats, IngestFormat forced)
            throws CaptureException {
        var files = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) files.add(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CaptureException(arg, -1, "cannot list this directory: " + e.getMessage(), e);
        }
        Collections.sort(files);
        var found = new ArrayList<Input>();
        for (Path f : files) {
            Input in = sniffFile(f, f.toString(), formats, null);
            // Empty and unreadable files in a folder are passed over, as CaptureInputs does.
            if (in.kind() == Kind.UNRECOGNISED || in.headLength() == 0) continue;
            if (in.kind() == Kind.LOG && forced != null) in = new Input(in.name(), Kind.LOG, forced, in.head(), in.headLength());
            found.add(in);
        }
        return found;
    }

    private static Input sniffFile(Path file, String name, IngestFormats formats, IngestFormat forced) {
        byte[] head = new byte[IngestFormats.HEAD_BYTES];
        int n;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            n = decompressedHead(in, head);
        } catch (IOException e) {
            // Unreadable or a broken gzip: the capture reader gives the precise message.
            return new Input(name, Kind.CAPTURE, null, head, 0);
        }
        return classify(name, head, n, formats, forced);
    }

    private static Input sniffStdin(BufferedInputStream in, IngestFormats formats, IngestFormat forced) {
        byte[] head = new byte[IngestFormats.HEAD_BYTES];
        int n = 0;
        in.mark(STDIN_MARK);
        try {
            n = decompressedHead(new KeepOpen(in), head);
        } catch (IOException e) {
            // left to the capture reader, which reports it
        }
        try {
            in.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("standard input could not be rewound after sniffing it", e);
        }
        return classify(CaptureInputs.STDIN, head, n, formats, forced);
    }

    private static Input classify(String name, byte[] head, int n, IngestFormats formats, IngestFormat forced) {
        if (n == 0 || CaptureInputs.startsLikeCapture(head, n)) {
            // Empty inputs go to the capture reader too, which names them as empty.
            return new Input(name, Kind.CAPTURE, null, head, n);
        }
        if (forced != null) return new Input(name, Kind.LOG, forced, head, n);
        IngestFormat f = formats.recognise(head, n).orElse(null);
        return new Input(name, f == null ? Kind.UNRECOGNISED : Kind.LOG, f, head, n);
    }

    /** Reads up to {@code head.length} bytes, through gunzip when the input starts with gzip's magic. */
    private static int decompressedHead(InputStream in, byte[] head) throws IOException {
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            var gz = new GZIPInputStream(in, 4096);
            return readHead(gz, head);
        }
        return readHead(in, head);
    }

    /** Reads what is there; a gzip stream cut short still yields the bytes before the cut. */
    private static int readHead(InputStream in, byte[] head) throws IOException {
        int n = 0;
        try {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) break;
                n += r;
            }
        } catch (java.io.EOFException e) {
            // a short gzip file: recognise by what was decompressed
        }
        return n;
    }

    /** Standard input must stay open for the next reader after one is done with it. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the process owns standard input
        }
    }
}
