package io.sluice.app;

/**
 * What the process's exit status means; the README documents the same table. Scripts can tell a
 * damaged input (results written up to the damage) from a usage mistake or an unusable setup.
 */
public final class ExitCode {
    /** Everything was read and written. */
    public static final int OK = 0;
    /** An input was damaged or unreadable part-way; everything before the damage was written. */
    public static final int INPUT_DAMAGED = 1;
    /** The command line was wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** No input could be opened at all (missing file, not a capture, folder without captures). */
    public static final int NO_INPUT = 3;
    /** The output could not be written (folder not writable, disk full). */
    public static final int OUTPUT_FAILED = 4;
    /** A bug in Sluice: the message says where; please report it. */
    public static final int INTERNAL = 70;

    private ExitCode() {}
}
