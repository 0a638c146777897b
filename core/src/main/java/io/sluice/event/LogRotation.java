package io.sluice.event;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a long run's logs are rotated: at wall-clock boundaries that are whole multiples of the
 * interval counted from midnight in a time zone (the JVM's default zone in the CLI: the host's
 * local time, as ZeekControl rotates). Zeek computes its rotation times the same way
 * ({@code calc_next_rotate}: the local start of the day plus {@code log_rotate_base_time}, 0:00,
 * plus a whole number of intervals), so with 1h the logs turn over at every full hour, with 15m at
 * :00, :15, :30 and :45, and an interval that does not divide a day starts again at midnight.
 *
 * <p>{@link #rotateIfDue} is called by whoever owns the {@link LogDirectory} (the log writer's
 * thread, about once a second); it rotates once when the clock has passed the next boundary, however
 * many boundaries it passed (a suspended machine, a clock step), and then waits for the boundary
 * after the clock's time. The clock is a parameter, so tests move time by hand.
 */
public final class LogRotation {
    /** The shortest interval a run may ask for. */
    public static final long MIN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The wall clock in nanoseconds since the epoch. */
    public static final LongSupplier SYSTEM_CLOCK = () -> System.currentTimeMillis() * 1_000_000L;

    private final LogDirectory logs;
    private final long intervalNanos;
    private final ZoneId zone;
    private final LongSupplier clock;
    private long next;
    private int rotations;
    private int archived;

    /**
     * @param logs the logs to rotate, whose period began at the clock's present time
     * @param intervalNanos at least {@link #MIN_INTERVAL_NANOS}
     * @param zone the zone of midnight and of the archive's names
     * @param clock nanoseconds since the epoch
     */
    public LogRotation(LogDirectory logs, long intervalNanos, ZoneId zone, LongSupplier clock) {
        if (intervalNanos < MIN_INTERVAL_NANOS) {
            throw new IllegalArgumentException("a rotation interval is at least a minute, not " + intervalNanos + " ns");
        }
        this.logs = logs;
        this.intervalNanos = intervalNanos;
        this.zone = zone;
        this.clock = clock;
        this.next = nextBoundary(clock.getAsLong(), intervalNanos, zone);
    }

    /**
     * Rotates the logs if the clock has reached the next boundary.
     *
     * @return whether it did
     */
    public boolean rotateIfDue() throws IOException {
        long now = clock.getAsLong();
        if (next - now > intervalNanos) {
            // The clock went back by more than an interval: the boundary waited for is no longer the next one.
            next = nextBoundary(now, intervalNanos, zone);
        }
        if (now < next) return false;
        rotate(now);
        next = nextBoundary(now, intervalNanos, zone);
        return true;
    }

    /**
     * The end of the run: the files still open are archived too (ZeekControl archives every log
     * when Zeek stops), so that the folder holds only complete files.
     */
    public void finish() throws IOException {
        rotate(clock.getAsLong());
    }

    private void rotate(long now) throws IOException {
        archived += logs.rotate(now, zone);
        rotations++;
    }

    /** The next boundary waited for, in nanoseconds since the epoch. */
    public long nextRotation() {
        return next;
    }

    /** Rotations so far, the final one of {@link #finish} included. */
    public int rotations() {
        return rotations;
    }

    /** Files archived so far. */
    public int archivedFiles() {
        return archived;
    }

    /**
     * The first boundary strictly after {@code epochNanos}: midnight of its day in {@code zone} plus
     * the smallest whole number of intervals that passes it (Long.MAX_VALUE when that is beyond a long).
     */
    public static long nextBoundary(long epochNanos, long intervalNanos, ZoneId zone) {
        var day = LocalDate.ofInstant(Instant.ofEpochSecond(0, epochNanos), zone);
        var midnight = day.atStartOfDay(zone).toInstant();
        long start = Math.addExact(Math.multiplyExact(midnight.getEpochSecond(), 1_000_000_000L), midnight.getNano());
        long periods = Math.floorDiv(epochNanos - start, intervalNanos) + 1;
        if (periods > (Long.MAX_VALUE - start) / intervalNanos) return Long.MAX_VALUE;
        return start + periods * intervalNanos;
    }
}
