package io.sluice.protocol.files;

import io.sluice.event.ConnId;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One file a connection carries, followed the way Zeek's file analysis follows it: a dissector
 * opens it when the first bytes of a body or of a file's data arrive, hands it the bytes in stream
 * order ({@link #append}) or at their file offsets ({@link #at}, for SMB, whose reads and writes
 * may be answered out of order), and ends it; {@link #end} emits the {@link FileInfo} row.
 *
 * <p>Bytes that arrive ahead of the next expected offset are held (at most {@link #MAX_HELD_BYTES}
 * in {@link #MAX_HELD_CHUNKS} runs of contiguous bytes) until the bytes before them come; when they cannot be held,
 * or the file ends with a hole, the hole counts as {@code missing_bytes}. The hashes are computed
 * over the bytes in order and given up at the first hole, as Zeek's hash analyzers are; the MIME
 * type is sniffed from the first {@link MimeSniffer#SNIFF_BYTES}; a Windows executable keeps its first
 * {@link PeHeaders#HEAD_BYTES} and gets a pe.log row ({@link PeInfo}) besides its files.log row, as
 * Zeek's PE analyzer gives one to every "application/x-dosexec" file. Nothing else of the file is kept,
 * unless the run extracts files ({@link FileExtraction}): then the bytes are also written, in order,
 * to the file's copy on disk.
 *
 * <p>Not thread-safe: a dissector owns its files.
 */
public final class FileAnalysis {
    /** Out-of-order bytes held per file while waiting for the bytes before them. */
    public static final int MAX_HELD_BYTES = 1 << 20;
    public static final int MAX_HELD_CHUNKS = 64;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);
    private static final Map<String, String> ANALYZER_NAMES = Map.of("md5", "MD5", "sha1", "SHA1", "sha256", "SHA256");

    private final String fuid;
    private final String uid;
    private final ConnId id;
    private final String source;
    private final long depth;
    private final boolean isOrig;
    private final boolean localOrig;
    private final List<String> analyzers;
    private MessageDigest md5, sha1, sha256;
    private boolean hashing;
    private String filename;
    private Long totalBytes;
    private long firstNanos = -1, lastNanos;
    /** The file offset of the next byte in order. */
    private long next;
    private long seen, missing, overflow;
    /** The file's first bytes: enough to sniff its type, and for a Windows executable its PE headers. */
    private byte[] head = new byte[MimeSniffer.SNIFF_BYTES];
    private int headLength;
    /** The pipeline's bound on held bytes over all files. */
    private final HeldBytesBudget budget;
    /** Held runs of contiguous bytes by their first offset. */
    private TreeMap<Long, HeldRun> held;
    private long heldBytes;
    private boolean ended;
    /** Whether the dissector says when the file was active ({@link #activeAt}) instead of the data's packets. */
    private boolean timedByCaller;
    /** The copy written to the extraction folder, or null when the run extracts nothing. */
    private final ExtractedFile extracted;

    private FileAnalysis(DissectorContext ctx, String source, boolean isOrig, long depth) {
        this.fuid = ctx.newFileId();
        this.uid = ctx.uid();
        this.id = ctx.id();
        this.source = source;
        this.depth = depth;
        this.isOrig = isOrig;
        this.localOrig = isOrig ? ctx.origIsLocal() : ctx.respIsLocal();
        Set<String> hashes = ctx.fileHashes();
        var names = new ArrayList<String>(3);
        for (String h : List.of("md5", "sha1", "sha256")) {
            if (!hashes.contains(h)) continue;
            names.add(ANALYZER_NAMES.get(h));
            switch (h) {
                case "md5" -> md5 = FileDigests.md5();
                case "sha1" -> sha1 = FileDigests.sha1();
                default -> sha256 = FileDigests.sha256();
            }
        }
        this.analyzers = List.copyOf(names);
        this.hashing = !names.isEmpty();
        this.budget = ctx.heldFileBytes();
        FileExtraction extraction = ctx.fileExtraction();
        this.extracted = extraction.enabled() ? new ExtractedFile(extraction, ctx.tsNanos(), source, fuid) : null;
    }

    /**
     * A new file on the connection of {@code ctx}.
     *
     * @param source the protocol that carries it, as Zeek names it ("HTTP", "SMB", "FTP_DATA", ...)
     * @param isOrig whether the connection's originator sends it
     * @param depth Zeek's depth: the request's position on the connection for HTTP, 0 for SMB
     */
    public static FileAnalysis open(DissectorContext ctx, String source, boolean isOrig, long depth) {
        return new FileAnalysis(ctx, source, isOrig, depth);
    }

    /**
     * From now on the file's first and last activity are what {@link #activeAt} says, not the times of
     * the packets that carried its bytes: Zeek's SMB analyzer hands a read's or write's data over when
     * the whole message is in, so its files.log times are those of complete messages.
     */
    public FileAnalysis timedByCaller() {
        timedByCaller = true;
        return this;
    }

    /** The file was active at this time (a message carrying its data completed). */
    public void activeAt(long tsNanos) {
        if (ended) return;
        if (firstNanos < 0) firstNanos = tsNanos;
        lastNanos = Math.max(lastNanos, tsNanos);
    }

    public String fuid() {
        return fuid;
    }

    public boolean isOrig() {
        return isOrig;
    }

    public String filename() {
        return filename;
    }

    /**
     * The name the protocol gives the file (HTTP's Content-Disposition filename, FTP's and TFTP's
     * path, a mail part's name, SMB's file name) as a wire string, one char per byte
     * ({@link io.sluice.event.WireText}); a name decoded to text goes in as {@code WireText.ofText(name)},
     * as SMB's UTF-16 names do when they are read.
     */
    public void filename(String name) {
        if (name != null && !name.isEmpty()) filename = name;
    }

    /** The size the protocol announced (HTTP's Content-Length). */
    public void totalBytes(long bytes) {
        if (bytes >= 0) totalBytes = bytes;
    }

    /** The MIME type of the first bytes seen, or null. */
    public String mimeType() {
        return MimeSniffer.sniff(head, headLength);
    }

    public long seenBytes() {
        return seen;
    }

    /** Whether every byte up to the file's known total has been delivered or counted missing. */
    public boolean complete() {
        return totalBytes != null && next >= totalBytes;
    }

    /** Bytes that follow the last ones (a body, an FTP data connection). */
    public void append(ByteBuffer buf, int off, int len, long tsNanos) {
        at(next, buf, off, len, tsNanos);
    }

    public void append(byte[] b, int off, int len, long tsNanos) {
        at(next, b, off, len, tsNanos);
    }

    /** Bytes at a file offset (SMB reads and writes). */
    public void at(long offset, ByteBuffer buf, int off, int len, long tsNanos) {
        if (buf.hasArray()) {
            at(offset, buf.array(), buf.arrayOffset() + off, len, tsNanos);
            return;
        }
        byte[] scratch = SCRATCH.get();
        for (int done = 0; done < len; ) {
            int n = Math.min(scratch.length, len - done);
            buf.get(off + done, scratch, 0, n);
            at(offset + done, scratch, 0, n, tsNanos);
            done += n;
        }
    }

    public void at(long offset, byte[] b, int off, int len, long tsNanos) {
        if (ended || len <= 0 || offset < 0) return;
        if (!timedByCaller) activeAt(tsNanos);
        long end = offset + len;
        if (end <= next) return; // bytes already delivered (a retransmitted read or write)
        if (offset < next) {
            int skip = (int) (next - offset);
            off += skip;
            len -= skip;
            offset = next;
        }
        if (offset > next) {
            hold(offset, b, off, len);
            return;
        }
        deliver(b, off, len);
        drainHeld();
    }

    /**
     * The rest of the file will not be seen (its dissector stopped following it) and its size is
     * unknown: the hashes are given up, since they would describe a prefix of the file.
     */
    public void incomplete() {
        abandonHashes();
    }

    /** Bytes of the stream that were never seen (a capture gap inside a body). */
    public void gap(long bytes) {
        if (ended || bytes <= 0) return;
        skipTo(next + bytes);
        drainHeld();
    }

    /**
     * The file is complete (or its connection ended): the bytes still held are delivered, the holes
     * before them counted as missing, and the row is emitted. Returns it, or null when no byte was
     * ever seen or it had ended already.
     */
    public FileInfo end(DissectorContext ctx) {
        if (ended) return null;
        while (held != null && !held.isEmpty()) {
            skipTo(held.firstKey());
            drainHeld();
        }
        ended = true;
        if (extracted != null) extracted.close();
        if (seen == 0 && missing == 0) return null;
        long first = firstNanos < 0 ? ctx.tsNanos() : firstNanos; // data came, but no message carrying it completed
        PeInfo pe = PeHeaders.parse(head, headLength, first, fuid, uid);
        var row = new FileInfo(first, fuid, uid, id, source, depth, pe == null ? analyzers : withPe(analyzers), mimeType(), filename,
                Math.max(0, lastNanos - first), localOrig, isOrig, seen, totalBytes, missing, overflow, false,
                hex(md5), hex(sha1), hex(sha256), extracted == null ? null : extracted.name(),
                extracted == null || extracted.name() == null ? null : extracted.cutoff(),
                extracted == null || extracted.name() == null ? null : extracted.size(), pe);
        ctx.emit(row);
        if (pe != null) ctx.emit(pe);
        return row;
    }

    /** Zeek's files.log names the PE analyzer among those a Windows executable got. */
    private static List<String> withPe(List<String> analyzers) {
        var all = new ArrayList<String>(analyzers.size() + 1);
        all.add("PE");
        all.addAll(analyzers);
        return List.copyOf(all);
    }

    private void hold(long offset, byte[] b, int off, int len) {
        if (held == null) held = new TreeMap<>();
        // A message's data arrives in segment-sized pieces: a piece that continues a held run joins it,
        // so the chunk bound counts the holes being waited on, not the segments after them (an SMB2
        // client's reads answered out of order: three 64 KiB answers ahead of two late ones).
        var before = held.floorEntry(offset);
        boolean continues = before != null && before.getKey() + before.getValue().length == offset;
        if (heldBytes + len > MAX_HELD_BYTES || (!continues && held.size() >= MAX_HELD_CHUNKS) || !budget.take(len)) {
            // no room to wait for the hole: it is lost, and what was held goes in first
            while (!held.isEmpty() && held.firstKey() < offset) {
                skipTo(held.firstKey());
                drainHeld();
            }
            if (offset > next) skipTo(offset);
            deliver(b, off, len);
            drainHeld();
            return;
        }
        if (continues) {
            before.getValue().append(b, off, len);
            heldBytes += len;
            return;
        }
        HeldRun old = held.put(offset, new HeldRun(b, off, len));
        heldBytes += len - (old == null ? 0 : old.length);
        if (old != null) budget.give(old.length);
    }

    /** Contiguous held bytes, grown as pieces that continue them arrive. */
    private static final class HeldRun {
        byte[] data;
        int length;

        HeldRun(byte[] b, int off, int len) {
            data = java.util.Arrays.copyOfRange(b, off, off + len);
            length = len;
        }

        void append(byte[] b, int off, int len) {
            if (length + len > data.length) data = java.util.Arrays.copyOf(data, Math.max(length + len, 2 * data.length));
            System.arraycopy(b, off, data, length, len);
            length += len;
        }
    }

    private void drainHeld() {
        while (held != null && !held.isEmpty() && held.firstKey() <= next) {
            var e = held.pollFirstEntry();
            HeldRun run = e.getValue();
            heldBytes -= run.length;
            budget.give(run.length);
            long end = e.getKey() + run.length;
            if (end <= next) continue;
            int skip = (int) (next - e.getKey());
            deliver(run.data, skip, run.length - skip);
        }
    }

    /** Moves past a hole: its bytes are missing, and the hashes no longer describe the file. */
    private void skipTo(long offset) {
        if (offset <= next) return;
        missing += offset - next;
        next = offset;
        abandonHashes();
    }

    private void deliver(byte[] b, int off, int len) {
        if (headLength < head.length && next < head.length && next == headLength) {
            int n = Math.min(len, head.length - headLength);
            System.arraycopy(b, off, head, headLength, n);
            headLength += n;
            if (head.length < PeHeaders.HEAD_BYTES && PeHeaders.isDosExecutable(head, headLength)) {
                head = java.util.Arrays.copyOf(head, PeHeaders.HEAD_BYTES);
                int more = Math.min(len - n, head.length - headLength);
                System.arraycopy(b, off + n, head, headLength, more);
                headLength += more;
            }
        }
        if (extracted != null) extracted.write(next, b, off, len);
        if (hashing) {
            if (md5 != null) md5.update(b, off, len);
            if (sha1 != null) sha1.update(b, off, len);
            if (sha256 != null) sha256.update(b, off, len);
        }
        seen += len;
        next += len;
    }

    private void abandonHashes() {
        hashing = false;
        md5 = sha1 = sha256 = null;
    }

    private static String hex(MessageDigest md) {
        return md == null ? null : HexFormat.of().formatHex(md.digest());
    }
}
