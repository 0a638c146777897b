package io.sluice.protocol.smb;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.nio.ByteBuffer;

/**
 * SMB over TCP 445 or NetBIOS session service 139: frames NetBIOS session messages (4-byte header,
 * 24-bit length as SMB2's direct TCP transport allows), keeps each message up to
 * {@link #MAX_MESSAGE} bytes (only its head when it is bulk file data that nothing needs) and hands
 * it to the SMB1 or SMB2 parser by its protocol id. The file data of reads and writes is not kept
 * but streamed, as it arrives, to the file's {@link FileAnalysis} (files.log). Encrypted SMB3
 * messages (0xFD 'SMB') are counted, not decoded; the first one emits an {@link SmbEncryption}.
 * Compressed ones (0xFC 'SMB') are not decompressed; their transform header's sizes are checked.
 */
public final class SmbDissector implements Dissector {
    /** Largest message kept whole: a pipe read or write carries at most this much DCE/RPC. */
    static final int MAX_MESSAGE = 128 * 1024 + 1024;
    /** Bytes of a message looked at before deciding how much of it to keep. */
    static final int HEAD = 96;
    /** Non-SMB NetBIOS messages in a row after which the connection is given up. */
    static final int MAX_BAD = 4;

    private final SmbState state = new SmbState();
    private final Smb2Parser smb2 = new Smb2Parser(state);
    private final Smb1Parser smb1 = new Smb1Parser(state);
    private final Direction orig = new Direction(), resp = new Direction();
    private boolean confirmed;
    private int bad;
    private long encrypted;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        Direction d = fromOrig ? orig : resp;
        int p = offset, end = offset + length;
        if (d.resync) {
            // after a hole between messages: wait for a delivery that starts with a message header
            if (!startsMessage(buf, p, length)) return;
            d.resync = false;
        }
        while (p < end && bad < MAX_BAD) {
            if (d.hdrHave < 4) {
                int n = Math.min(4 - d.hdrHave, end - p);
                buf.get(p, d.hdr, d.hdrHave, n);
                d.hdrHave += n;
                p += n;
                if (d.hdrHave < 4) break;
                d.type = d.hdr[0] & 0xff;
                d.msgLen = (d.hdr[1] & 0xff) << 16 | (d.hdr[2] & 0xff) << 8 | (d.hdr[3] & 0xff);
                d.got = 0;
                d.kept = 0;
                d.limit = d.type == 0 ? Math.min(d.msgLen, MAX_MESSAGE) : 0;
                d.decided = false;
                d.decideAt = HEAD;
                d.file = null;
                if (d.type != 0 && d.type != 0x81 && d.type != 0x82 && d.type != 0x83 && d.type != 0x84
                        && d.type != 0x85) {
                    ctx.weird("NetbiosSSN_bad_message_type", Integer.toHexString(d.type));
                    bad = MAX_BAD;
                    break;
                }
            }
            int need = d.msgLen - d.got;
            int n = Math.min(need, end - p);
            int keep = Math.min(n, d.limit - d.kept);
            if (keep > 0) {
                d.ensure(d.kept + keep);
                buf.get(p, d.buf, d.kept, keep);
                d.kept += keep;
                if (!d.decided && d.kept >= d.decideAt) decide(d, ctx);
            }
            if (d.file != null) fileBytes(d, buf, p, n, ctx);
            d.got += n;
            p += n;
            if (d.got == d.msgLen) {
                if (d.type == 0) {
                    if (!d.decided) decide(d, ctx); // a message shorter than HEAD may still carry file data
                    if (d.file != null) d.file.activeAt(ctx.tsNanos());
                    message(fromOrig, d, ctx);
                }
                d.hdrHave = 0;
            }
        }
    }

    private void decide(Direction d, DissectorContext ctx) {
        int magic = d.kept < 4 ? 0 : d.buf[0] & 0xff;
        if (magic == 0xFE) {
            // a write to a file whose open was not seen: its first data bytes tell a pipe's DCE/RPC
            // from file data, so the decision waits for them (once, and only up to the message's end)
            int more = smb2.headNeeded(d.buf, d.kept);
            if (more > d.kept && more <= d.limit && d.decideAt < more) {
                d.decideAt = more;
                return;
            }
        }
        d.decided = true;
        if (d.kept < 4) return;
        if (magic == 0xFE) d.limit = Math.min(d.limit, smb2.keepLimit(d.buf, d.kept, d.limit));
        else if (magic == 0xFF) d.limit = Math.min(d.limit, smb1.keepLimit(d.buf, d.kept, d.limit));
        if (d.limit < d.kept) d.limit = d.kept;
        SmbFileRange range = d.buf[1] != 'S' ? null
                : magic == 0xFE ? smb2.fileRange(d.buf, d.kept)
                : magic == 0xFF ? smb1.fileRange(d.buf, d.kept) : null;
        if (range == null) return;
        d.file = state.fileData(range.fileKey(), range.write(), ctx);
        if (d.file == null) return;
        d.fileFrom = range.from();
        d.fileEnd = Math.min((long) d.msgLen, range.from() + range.length());
        d.fileOffset = range.fileOffset();
        // the data already kept goes now; the rest is streamed as it arrives (fileBytes)
        long stop = Math.min(d.kept, d.fileEnd);
        if (stop > d.fileFrom) d.file.at(d.fileOffset, d.buf, d.fileFrom, (int) (stop - d.fileFrom), ctx.tsNanos());
        d.fileDone = d.kept;
    }

    /** Message bytes [d.got, d.got + n), at buf[p..], that are file data not yet handed over. */
    private static void fileBytes(Direction d, ByteBuffer buf, int p, int n, DissectorContext ctx) {
        long start = Math.max(d.got, Math.max(d.fileFrom, d.fileDone));
        long stop = Math.min((long) d.got + n, d.fileEnd);
        if (start >= stop) return;
        d.file.at(d.fileOffset + (start - d.fileFrom), buf, p + (int) (start - d.got), (int) (stop - start), ctx.tsNanos());
    }

    private void message(boolean fromOrig, Direction d, DissectorContext ctx) {
        if (d.kept < 4 || d.buf[1] != 'S' || d.buf[2] != 'M' || d.buf[3] != 'B') {
            if (d.msgLen > 0) {
                bad++;
                ctx.weird("SMB_not_smb", null);
            }
            return;
        }
        int magic = d.buf[0] & 0xff;
        if (magic != 0xFE && magic != 0xFF && magic != 0xFD && magic != 0xFC) {
            bad++;
            ctx.weird("SMB_not_smb", null);
            return;
        }
        bad = 0;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("smb");
        }
        switch (magic) {
            case 0xFE -> smb2.parse(d.buf, d.kept, ctx.tsNanos(), ctx);
            case 0xFF -> smb1.parse(d.buf, d.kept, ctx.tsNanos(), ctx);
            case 0xFD -> {
                if (encrypted++ == 0) {
                    ctx.emit(new SmbEncryption(ctx.tsNanos(), ctx.uid(), ctx.id(), state.dialect,
                            fromOrig ? "orig" : "resp"));
                }
            }
            default -> compressed(fromOrig, d, ctx);
        }
    }

    /**
     * A compression transform header (MS-SMB2 2.2.42: protocol id 0xFC 'SMB', the original size,
     * the algorithm, flags, and for an unchained message the offset of the compressed data). The
     * server allocates original size + offset as a 32-bit sum; CVE-2020-0796 (SMBGhost) makes it
     * wrap around, and an offset past the message reads beyond it (CVE-2020-1206, SMBleed): both
     * are weirds, with the sizes, for the analytics. Chained messages (flags 1) carry a header per
     * payload and are not checked.
     */
    private static void compressed(boolean fromOrig, Direction d, DissectorContext ctx) {
        if (d.kept < 16 || SmbBytes.u16(d.buf, 10) != 0) return;
        long original = SmbBytes.u32(d.buf, 4);
        long offset = SmbBytes.u32(d.buf, 12);
        if (original + offset > 0xFFFFFFFFL) {
            ctx.weird("SMB_compression_size_overflow", sizes(fromOrig, original, offset));
        } else if (offset > d.msgLen - 16L) {
            ctx.weird("SMB_compression_offset_beyond_message", sizes(fromOrig, original, offset));
        }
    }

    private static String sizes(boolean fromOrig, long original, long offset) {
        return (fromOrig ? "orig" : "resp") + " original_size=" + original + " offset=" + offset;
    }

    /** SMB3 encrypted messages seen (their content is opaque). */
    public long encryptedMessages() {
        return encrypted;
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        Direction d = fromOrig ? orig : resp;
        if (d.hdrHave == 4 && bytes < d.msgLen - d.got) {
            // a hole inside a message: skip the rest of it, the framing after it still holds
            d.got += (int) bytes;
            d.type = -1;
        } else {
            // the hole swallowed a message boundary: resynchronise on the next header
            d.hdrHave = 0;
            d.resync = true;
        }
    }

    /** A NetBIOS session message header followed by an SMB protocol id. */
    static boolean startsMessage(ByteBuffer buf, int p, int len) {
        if (len < 8 || (buf.get(p) & 0xff) != 0) return false;
        int magic = buf.get(p + 4) & 0xff;
        return (magic == 0xFE || magic == 0xFF || magic == 0xFD || magic == 0xFC) && buf.get(p + 5) == 'S'
                && buf.get(p + 6) == 'M' && buf.get(p + 7) == 'B';
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        state.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        return bad < MAX_BAD;
    }

    private static final class Direction {
        final byte[] hdr = new byte[4];
        int hdrHave;
        int type;
        int msgLen;
        int got;
        int kept;
        int limit;
        boolean decided;
        /** Bytes of the message kept before deciding how much more to keep: {@link #HEAD}, or more. */
        int decideAt;
        boolean resync;
        /** The file whose data this message carries (from fileFrom to fileEnd, at fileOffset), or null. */
        FileAnalysis file;
        int fileFrom;
        long fileEnd;
        long fileOffset;
        /** Message bytes before this offset were handed to the file when the message was decided. */
        int fileDone;
        byte[] buf = new byte[1024];

        void ensure(int n) {
            if (n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(MAX_MESSAGE, Math.max(n, buf.length * 2)));
        }
    }
}
