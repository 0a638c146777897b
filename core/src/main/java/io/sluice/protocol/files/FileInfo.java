package io.sluice.protocol.files;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one file a connection carried (an HTTP body, the data read from
 * or written to an SMB file, an FTP data connection's bytes, a mail's MIME entity), as a row of Zeek's {@code files.log} (field names, order and meanings
 * of Zeek 5.1 and later, which log the connection's {@code uid} and {@code id}). {@code analyzers}
 * names the hashes computed ("MD5", "SHA1", "SHA256"); a hash is unset when the file had missing
 * bytes, as Zeek's hash analyzers give up at the first gap. {@code extracted}, {@code extracted_cutoff}
 * and {@code extracted_size} are set when the run writes files to disk ({@link FileExtraction});
 * {@code parent_fuid} is always unset (no archive is unpacked).
 *
 * @param tsNanos when the file's first byte was seen
 * @param filename the name the protocol gave the file, a wire string (one char per byte, {@link
 *     io.sluice.event.WireText}) whatever the protocol, so that files.log writes it as Zeek does
 * @param isOrig whether the connection's originator sent the file
 * @param localOrig whether the file's sender is in the local networks (Zeek's {@code local_orig})
 * @param totalBytes the size the protocol announced (HTTP Content-Length), or null
 * @param overflowBytes bytes that arrived out of order beyond what is held for reassembly
 * @param pe the headers of a Windows executable (its pe.log row, written on its own), or null: not
 *     a files.log field, it lets an analytic say what the file is
 */
public record FileInfo(
        long tsNanos,
        String fuid,
        String uid,
        ConnId id,
        String source,
        long depth,
        List<String> analyzers,
        String mimeType,
        String filename,
        long durationNanos,
        boolean localOrig,
        boolean isOrig,
        long seenBytes,
        Long totalBytes,
        long missingBytes,
        long overflowBytes,
        boolean timedout,
        String md5,
        String sha1,
        String sha256,
        String extracted,
        Boolean extractedCutoff,
        Long extractedSize,
        PeInfo pe)
        implements ContentEvent {

    public FileInfo {
        analyzers = List.copyOf(analyzers);
    }

    /** A file without PE headers (or one from a log, where pe.log is a log of its own). */
    public FileInfo(long tsNanos, String fuid, String uid, ConnId id, String source, long depth, List<String> analyzers,
            String mimeType, String filename, long durationNanos, boolean localOrig, boolean isOrig, long seenBytes,
            Long totalBytes, long missingBytes, long overflowBytes, boolean timedout, String md5, String sha1,
            String sha256, String extracted, Boolean extractedCutoff, Long extractedSize) {
        this(tsNanos, fuid, uid, id, source, depth, analyzers, mimeType, filename, durationNanos, localOrig, isOrig,
                seenBytes, totalBytes, missingBytes, overflowBytes, timedout, md5, sha1, sha256, extracted,
                extractedCutoff, extractedSize, null);
    }

    /** A file that was not extracted. */
    public FileInfo(long tsNanos, String fuid, String uid, ConnId id, String source, long depth, List<String> analyzers,
            String mimeType, String filename, long durationNanos, boolean localOrig, boolean isOrig, long seenBytes,
            Long totalBytes, long missingBytes, long overflowBytes, boolean timedout, String md5, String sha1,
            String sha256) {
        this(tsNanos, fuid, uid, id, source, depth, analyzers, mimeType, filename, durationNanos, localOrig, isOrig,
                seenBytes, totalBytes, missingBytes, overflowBytes, timedout, md5, sha1, sha256, null, null, null);
    }

    public static final LogSchema SCHEMA = LogSchema.named("files")
            .field("ts", "time")
            .field("fuid", "string")
            .field("uid", "string")
            .connId()
            .field("source", "string")
            .field("depth", "count")
            .field("analyzers", "set[string]")
            .field("mime_type", "string")
            .field("filename", "string")
            .field("duration", "interval")
            .field("local_orig", "bool")
            .field("is_orig", "bool")
            .field("seen_bytes", "count")
            .field("total_bytes", "count")
            .field("missing_bytes", "count")
            .field("overflow_bytes", "count")
            .field("timedout", "bool")
            .field("parent_fuid", "string")
            .field("md5", "string")
            .field("sha1", "string")
            .field("sha256", "string")
            .field("extracted", "string")
            .field("extracted_cutoff", "bool")
            .field("extracted_size", "count")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(fuid);
        out.string(uid);
        id.write(out);
        out.string(source);
        out.count(depth);
        out.strings(analyzers);
        out.stringOrUnset(mimeType);
        out.wireOrUnset(filename);
        out.interval(durationNanos);
        out.bool(localOrig);
        out.bool(isOrig);
        out.count(seenBytes);
        out.countOrUnset(totalBytes);
        out.count(missingBytes);
        out.count(overflowBytes);
        out.bool(timedout);
        out.unset(); // parent_fuid
        out.stringOrUnset(md5);
        out.stringOrUnset(sha1);
        out.stringOrUnset(sha256);
        out.stringOrUnset(extracted);
        if (extractedCutoff == null) out.unset(); else out.bool(extractedCutoff);
        out.countOrUnset(extractedSize);
    }
}
