package io.sluice.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The capture inputs a user named: files, directories (searched recursively, in name order, for
 * files that start with a pcap, pcapng or gzip magic) and {@code -} for standard input. Formats are
 * told apart by their magic numbers, never by file names.
 *
 * <p>Regular files are memory-mapped; standard input, pipes and gzip files are streamed through a
 * reused buffer.
 */
public final class CaptureInputs {
    /** The argument that names standard input. */
    public static final String STDIN = "-";

    private static final int GZIP_BUFFER = 1 << 16;

    private final List<String> names;
    private final long totalBytes;
    private final InputStream stdin;

    private CaptureInputs(List<String> names, long totalBytes, InputStream stdin) {
        this.names = List.copyOf(names);
        this.totalBytes = totalBytes;
        this.stdin = stdin;
    }

    /**
     * Resolves the arguments to the list of captures to read, expanding directories.
     *
     * @throws CaptureException naming the argument that does not exist or the directory that holds
     *     no captures
     */
    public static CaptureInputs resolve(List<String> args) throws CaptureException {
        return resolve(args, System.in);
    }

    /** As {@link #resolve(List)}, with {@code stdin} standing for {@code -}. */
    public static CaptureInputs resolve(List<String> args, InputStream stdin) throws CaptureException {
        var names = new ArrayList<String>();
        long total = 0;
        for (String arg : args) {
            if (arg.equals(STDIN)) {
                names.add(arg);
                total = -1;
                continue;
            }
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                List<Path> found = capturesIn(path, arg);
                if (found.isEmpty()) {
                    throw new CaptureException(arg, -1,
                            "this directory holds no pcap or pcapng captures (searched recursively)");
                }
                for (Path f : found) {
                    names.add(f.toString());
                    total = addSize(total, f);
                }
            } else if (Files.exists(path)) {
                names.add(arg);
                total = addSize(total, path);
            } else {
                throw new CaptureException(arg, -1, "no such file or directory");
            }
        }
        return new CaptureInputs(names, total, stdin);
    }

    private static List<Path> capturesIn(Path dir, String arg) throws CaptureException {
        var found = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && looksLikeCapture(p)) {
                    found.add(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CaptureException(arg, -1, "cannot list this directory: " + e.getMessage(), e);
        }
        Collections.sort(found);
        return found;
    }

    /** Sizes add up to the total only while every input is a plain file of known size. */
    private static long addSize(long total, Path file) {
        if (total < 0) {
            return -1;
        }
        try {
            byte[] head = new byte[4];
            int n = head(file, head);
            if (!Files.isRegularFile(file) || CaptureFormat.of(head, n) == CaptureFormat.GZIP) {
                return -1;
            }
            return total + Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Whether {@code head} (already decompressed when the input is gzip) starts with a pcap or
     * pcapng magic number, so that code routing inputs to other readers agrees with this one.
     */
    public static boolean startsLikeCapture(byte[] head, int n) {
        CaptureFormat f = CaptureFormat.of(head, n);
        return f == CaptureFormat.PCAP || f == CaptureFormat.PCAPNG;
    }

    private static boolean looksLikeCapture(Path file) {
        byte[] head = new byte[4];
        try {
            int n = head(file, head);
            CaptureFormat format = CaptureFormat.of(head, n);
            if (format != CaptureFormat.GZIP) {
                return format != CaptureFormat.UNKNOWN;
            }
            // A gzip file counts only when it holds a capture, so compressed logs are left alone.
            try (var gz = new GZIPInputStream(Files.newInputStream(file))) {
                return CaptureFormat.of(head, gz.readNBytes(head, 0, 4)) != CaptureFormat.UNKNOWN;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static int head(Path file, byte[] head) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading: a short read is not the end of the file
            }
            return b.position();
        }
    }

    public int size() {
        return names.size();
    }

    /** The inputs in reading order: file paths, and {@code -} for standard input. */
    public List<String> names() {
        return names;
    }

    /** Sum of the file sizes, or -1 when an input's size is not known (standard input, gzip). */
    public long totalBytes() {
        return totalBytes;
    }

    /** Opens the input at {@code index}. */
    public PacketSource open(int index) throws CaptureException {
        String name = names.get(index);
        if (name.equals(STDIN)) {
            return open(stdin, STDIN, false);
        }
        return openFile(Path.of(name), name, false, MappedFileInput.DEFAULT_WINDOW);
    }

    /** All inputs read one after another as one source. */
    public PacketSource sequence() {
        return new SequenceSource(this);
    }

    /** Opens one capture file, detecting pcap, pcapng or gzip by its first bytes. */
    public static PacketSource open(Path path) throws CaptureException {
        return openFile(path, path.toString(), false, MappedFileInput.DEFAULT_WINDOW);
    }

    /**
     * Opens a capture file through memory-mapped windows instead of reads into a buffer: zero
     * copies, but the mapped pages count in the process's resident memory until the windows are
     * collected. Kept for comparison in the benchmarks.
     */
    public static PacketSource openMapped(Path path) throws CaptureException {
        return openFile(path, path.toString(), true, MappedFileInput.DEFAULT_WINDOW);
    }

    /**
     * Opens a capture read from a stream (standard input, a pipe, a socket). The stream is closed
     * with the source.
     */
    public static PacketSource open(InputStream in, String name) throws CaptureException {
        return open(in, name, true);
    }

    /** As {@link #openMapped(Path)} with a chosen mapping window, so tests can cross windows often. */
    static PacketSource open(Path path, String name, int windowSize) throws CaptureException {
        return openFile(path, name, true, windowSize);
    }

    private static PacketSource openFile(Path path, String name, boolean mapped, int windowSize) throws CaptureException {
        try {
            if (!Files.isRegularFile(path)) {
                // FIFOs and devices (/dev/stdin, process substitution) cannot be mapped.
                return open(Files.newInputStream(path), name, true);
            }
            byte[] head = new byte[4];
            int n = head(path, head);
            if (CaptureFormat.of(head, n) == CaptureFormat.GZIP) {
                return open(Files.newInputStream(path), name, true);
            }
            if (mapped) return open(new MappedFileInput(path, name, windowSize));
            return open(new StreamInput(Files.newInputStream(path), name, StreamInput.DEFAULT_CAPACITY, true, Files.size(path)));
        } catch (NoSuchFileException e) {
            throw new CaptureException(name, -1, "no such file");
        } catch (IOException e) {
            throw new CaptureException(name, -1, "cannot open: " + e.getMessage(), e);
        }
    }

    private static PacketSource open(InputStream raw, String name, boolean closeStream) throws CaptureException {
        var in = new PushbackInputStream(raw, 2);
        InputStream body = in;
        try {
            byte[] head = new byte[2];
            int n = in.readNBytes(head, 0, 2);
            in.unread(head, 0, n);
            if (CaptureFormat.of(head, n) == CaptureFormat.GZIP) {
                body = new GZIPInputStream(new BufferedInputStream(in, GZIP_BUFFER), GZIP_BUFFER);
            }
        } catch (IOException e) {
            closeQuietly(raw, closeStream);
            throw new CaptureException(name, 0, "cannot read the gzip header: " + e.getMessage(), e);
        }
        return open(new StreamInput(body, name, StreamInput.DEFAULT_CAPACITY, closeStream));
    }

    private static void closeQuietly(InputStream in, boolean close) {
        if (close) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to lose on a read-only stream
            }
        }
    }

    /** Builds the reader that the input's magic number calls for. */
    static PacketSource open(CaptureInput in) throws CaptureException {
        try {
            int i = in.window(0, 4);
            if (i < 0) {
                long end = in.end();
                throw new CaptureException(in.name(), 0, end == 0 ? "empty file"
                        : "truncated: the file has " + end + " bytes, too few for a capture header");
            }
            int magic = in.buffer().getInt(i);
            return switch (CaptureFormat.of(magic)) {
                case PCAP -> new PcapReader(in);
                case PCAPNG -> new PcapngReader(in);
                default -> throw new CaptureException(in.name(), 0, String.format(
                        "not a pcap or pcapng capture (it starts with 0x%08x)", magic));
            };
        } catch (CaptureException e) {
            in.close();
            throw e;
        } catch (IOException e) {
            in.close();
            throw new CaptureException(in.name(), 0, "read error: " + e.getMessage(), e);
        }
    }
}
