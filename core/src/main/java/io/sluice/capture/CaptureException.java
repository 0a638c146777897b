package io.sluice.capture;

/**
 * A capture input that cannot be read any further. Carries the input's name and the byte offset
 * where reading stopped, so the user learns exactly where a file is damaged.
 */
public final class CaptureException extends Exception {
    private final String input;
    private final long offset;

    public CaptureException(String input, long offset, String reason) {
        super(reason);
        this.input = input;
        this.offset = offset;
    }

    public CaptureException(String input, long offset, String reason, Throwable cause) {
        super(reason, cause);
        this.input = input;
        this.offset = offset;
    }

    public String input() {
        return input;
    }

    /** Byte offset in the input where the damage starts; -1 when it does not apply. */
    public long offset() {
        return offset;
    }

    /** One line for the user: file, offset, reason. */
    public String describe() {
        return offset >= 0
                ? input + ": at byte " + offset + ": " + getMessage()
                : input + ": " + getMessage();
    }
}
