package io.sluice.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * A non-packet source (flow export, Zeek log, host event log, cloud flow log) that turns its records
 * into the same events packets give: {@code ConnectionCreation}, {@code FlowRecord} and content
 * events. Files are recognised by content, never by name, so {@code sluice analyze} takes them
 * beside captures; {@code --input-format NAME} overrides the guess.
 *
 * <p>A format reads a whole input and never throws on bad records: a malformed line or record is
 * reported through {@link IngestContext#problem} with its position and the rest is kept. Only a
 * failure to read the input itself escapes as an {@link IOException}.
 */
public interface IngestFormat {

    /** The name used by {@code --input-format} and in summaries ("zeek", "sysmon", "aws-vpc", ...). */
    String name();

    /** One line for {@code --help}: what the format is and which exports of it are understood. */
    String description();

    /**
     * Whether the first bytes of an input look like this format. {@code head} is already
     * decompressed (gzip is handled before formats see the bytes) and holds up to
     * {@link IngestFormats#HEAD_BYTES} bytes; {@code length} may be shorter for small files.
     */
    boolean recognises(byte[] head, int length);

    /** Reads the whole input, emitting events in the input's order. */
    void read(InputStream in, IngestContext context) throws IOException;
}
