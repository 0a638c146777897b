package io.sluice.protocol.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One file being written to the extraction folder: bytes in order at their file offsets (a hole
 * stays a hole, read back as zeros), up to the per-file limit and the run's budget. An I/O error
 * stops this file's extraction and is counted; it never reaches the packet path.
 */
final class ExtractedFile {
    private final FileExtraction extraction;
    private final Path path;
    private FileChannel channel;
    private long size;
    private boolean cutoff, failed;

    ExtractedFile(FileExtraction extraction, long tsNanos, String source, String fuid) {
        this.extraction = extraction;
        this.path = extraction.dir().resolve(String.format(Locale.ROOT, "extract-%d-%s-%s", tsNanos / 1_000_000_000L,
                source.replaceAll("[^A-Za-z0-9_]", "_"), fuid.replaceAll("[^A-Za-z0-9]", "_")));
    }

    void write(long offset, byte[] b, int off, int len) {
        if (failed || cutoff || len <= 0) return;
        long room = extraction.perFileLimit() - offset;
        int n = (int) Math.min(len, Math.max(0, room));
        if (n < len) cutoff = true;
        if (n <= 0) return;
        long granted = extraction.reserve(n);
        if (granted < n) cutoff = true;
        if (granted <= 0) return;
        ByteBuffer buf = ByteBuffer.wrap(b, off, (int) granted);
        try {
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            long at = offset;
            while (buf.hasRemaining()) at += channel.write(buf, at);
            size = Math.max(size, offset + granted);
        } catch (IOException | RuntimeException e) {
            failed = true;
            extraction.failed(buf.remaining());
            close();
        }
    }

    void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            failed = true;
            extraction.failed(0);
        }
        channel = null;
    }

    /** The file's name in the folder, or null when nothing was written. */
    String name() {
        return size > 0 && !failed ? path.getFileName().toString() : null;
    }

    boolean cutoff() {
        return cutoff;
    }

    long size() {
        return size;
    }
}
