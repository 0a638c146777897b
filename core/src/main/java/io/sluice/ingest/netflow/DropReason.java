package io.sluice.ingest.netflow;

/**
 * Why (part of) an export datagram was not decoded. Counted per exporter; a drop never throws.
 * Whole-datagram reasons drop everything; set-level reasons drop the rest of one set or record.
 */
public enum DropReason {
    /** Shorter than the smallest header of its version. */
    TOO_SHORT,
    /** Version field is not 5, 9 or 10 (or not the one the port expects). */
    BAD_VERSION,
    /** Header length or record count disagrees with the datagram size. */
    BAD_LENGTH,
    /** A set or flowset header runs past the end of the datagram. */
    TRUNCATED_SET,
    /** A template or options template record is malformed (lengths, counts, too many fields). */
    BAD_TEMPLATE,
    /** A template whose records would have no bytes at all (every field zero-length). */
    ZERO_LENGTH_TEMPLATE,
    /** A data set refers to a template this exporter and domain never sent (or withdrew). */
    UNKNOWN_TEMPLATE,
    /** A record (usually variable-length) runs past the end of its set. */
    TRUNCATED_RECORD,
    /** A set id that no version defines (v9 2..255, IPFIX 0, 1, 4..255). */
    RESERVED_SET_ID,
    /** Limits on exporters, domains or templates kept in memory were reached. */
    STATE_LIMIT;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    public String label() {
        return label;
    }
}
