package io.sluice.event;

/**
 * A row of a named log. The schema lists the fields in Zeek's order and types; {@link #write}
 * hands the values to a sink in that same order, so one description serves JSON lines and Zeek
 * TSV alike.
 */
public interface LogEntry {

    LogSchema schema();

    /** Writes every field of {@link #schema()} in order; unset values as {@link FieldSink#unset}. */
    void write(FieldSink out);
}
