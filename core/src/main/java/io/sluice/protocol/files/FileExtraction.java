package io.sluice.protocol.files;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where and how much of the files a run follows are written to disk (Zeek's extract-all-files):
 * each file to {@code dir/extract-<seconds>-<source>-<fuid>} (never a name taken from the traffic),
 * at most {@code perFileLimit} bytes of it (Zeek's {@code FileExtract::default_limit}), at most
 * {@code totalLimit} bytes in all; what a limit cuts off is marked {@code extracted_cutoff}.
 * {@link #NONE} extracts nothing.
 */
public final class FileExtraction {
    public static final FileExtraction NONE = new FileExtraction(null, 0, 0);
    /** 100 MiB a file and 2 GiB a run unless configured: a capture's files should not fill the disk. */
    public static final long DEFAULT_PER_FILE = 100L << 20, DEFAULT_TOTAL = 2L << 30;

    private final Path dir;
    private final long perFileLimit;
    private final long totalLimit;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private FileExtraction(Path dir, long perFileLimit, long totalLimit) {
        this.dir = dir;
        this.perFileLimit = perFileLimit;
        this.totalLimit = totalLimit;
    }

    public static FileExtraction into(Path dir, long perFileLimit, long totalLimit) {
        if (dir == null) throw new IllegalArgumentException("an extraction folder is needed");
        if (perFileLimit <= 0 || totalLimit <= 0) throw new IllegalArgumentException("extraction limits must be positive");
        return new FileExtraction(dir, perFileLimit, totalLimit);
    }

    public boolean enabled() {
        return dir != null;
    }

    public Path dir() {
        return dir;
    }

    public long perFileLimit() {
        return perFileLimit;
    }

    /** Takes up to {@code bytes} of the run's budget; returns how many may be written. */
    long reserve(long bytes) {
        while (true) {
            long used = written.get();
            long grant = Math.min(bytes, totalLimit - used);
            if (grant <= 0) return 0;
            if (written.compareAndSet(used, used + grant)) return grant;
        }
    }

    /**
     * A file that could not be written (full disk, no permission): counted, the run goes on, and
     * the {@code unwritten} bytes reserved for it go back to the budget.
     */
    void failed(long unwritten) {
        failures.incrementAndGet();
        if (unwritten > 0) written.addAndGet(-unwritten);
    }

    /** Bytes written so far, for the summary. */
    public long bytesWritten() {
        return written.get();
    }

    public long failures() {
        return failures.get();
    }
}
