package io.sluice.protocol.files;

/**
 * How many out-of-order file bytes one pipeline may hold at once, over all its files. Each file
 * holds at most {@link FileAnalysis#MAX_HELD_BYTES} while a hole may still fill, and files stay open
 * across messages (SMB opens, HTTP range pieces), so without a shared bound a flood of connections
 * that each leave a hole would hold a MiB each. When the budget is spent, a file moves past its hole
 * at once (the bytes count as missing) instead of holding more. Not thread-safe: one per pipeline.
 */
public final class HeldBytesBudget {
    /** The pipeline's default: 64 MiB of held file bytes. */
    public static final long DEFAULT_LIMIT = 64L << 20;
    /** For contexts outside a pipeline (tests, tools): never refuses, counts nothing. */
    public static final HeldBytesBudget UNBOUNDED = new HeldBytesBudget(Long.MAX_VALUE);

    private final long limit;
    private long held;
    private long refused;

    public HeldBytesBudget(long limit) {
        if (limit <= 0) throw new IllegalArgumentException("the held-bytes budget must be positive");
        this.limit = limit;
    }

    /** Takes {@code n} bytes of the budget; false (and nothing taken) when they do not fit. */
    boolean take(long n) {
        if (this == UNBOUNDED) return true;
        if (held + n > limit) {
            refused++;
            return false;
        }
        held += n;
        return true;
    }

    /** Gives back bytes taken earlier (delivered or dropped). */
    void give(long n) {
        if (this == UNBOUNDED) return;
        held = Math.max(0, held - n);
    }

    /** Bytes held now. */
    public long held() {
        return held;
    }

    /** Times a file could not hold bytes because the budget was spent. */
    public long refused() {
        return refused;
    }
}
