package io.sluice.event;

import java.util.Collection;

/**
 * Receives the values of one log row, in schema order. Implemented by the JSON-lines and Zeek TSV
 * writers. Times are nanoseconds since the epoch, intervals nanoseconds; writers format them the
 * way their format wants (Zeek: seconds with six decimals).
 */
public interface FieldSink {
    void string(String value);

    void count(long value);

    void integer(long value);

    void real(double value);

    void time(long epochNanos);

    void interval(long nanos);

    void bool(boolean value);

    void strings(Collection<String> values);

    /** A vector of intervals (Zeek's {@code vector[interval]}, e.g. dns.log's TTLs), in nanoseconds. */
    void intervals(long[] nanos);

    /** The field has no value (Zeek's {@code -}; omitted from JSON). */
    void unset();

    /** {@code count} fields in a row without a value. */
    default void unset(int count) {
        for (int i = 0; i < count; i++) unset();
    }

    /**
     * A string whose characters are bytes off the wire, one each (a dissector decoded them as
     * ISO-8859-1 to keep every byte): written as Zeek writes its byte strings, valid UTF-8 as text
     * and any other byte as {@code \xNN}. Writers that do not know better write it as a string.
     */
    default void wire(String value) {
        string(value);
    }

    /** A vector of {@link #wire} strings. */
    default void wires(Collection<String> values) {
        strings(values);
    }

    /** Convenience: a {@link #wire} string that may be null. */
    default void wireOrUnset(String value) {
        if (value == null) unset(); else wire(value);
    }

    /** Convenience: a string that may be null. */
    default void stringOrUnset(String value) {
        if (value == null) unset(); else string(value);
    }

    default void countOrUnset(Long value) {
        if (value == null) unset(); else count(value);
    }

    default void intervalOrUnset(Long nanos) {
        if (nanos == null) unset(); else interval(nanos);
    }
}
