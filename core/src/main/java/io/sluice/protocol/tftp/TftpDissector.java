package io.sluice.protocol.tftp;

import io.sluice.event.ConnId;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * TFTP (RFC 1350, options RFC 2347): one datagram per call. A flow that starts with a read or write
 * request is a request flow; one that starts with DATA block 1 or ACK block 0 is the data flow the
 * server opened from a fresh port. Each writes one tftp.log row at its end ({@link TftpTransfer}).
 *
 * <p>A request announces the data flow through {@link DissectorContext#expectConnection} (server
 * to the client's address and port, 1 minute, as spicy-tftp's schedule_tftp_analyzer), so the data
 * flow's conn record gets service "tftp" even when its first datagram is not recognisable, and hands
 * it a {@link TftpExchange}: the data flow then writes the one row of the transfer (request fields,
 * its own uid as {@code uid_data}, sizes and blocks) and the request's flow writes nothing. A
 * request no data flow took, or a data flow whose request was not seen, writes its own row. The
 * data of new blocks is the transferred file (files.log, source TFTP, named by the request; a
 * retransmitted block is not counted twice).
 */
final class TftpDissector implements Dissector {
    static final int RRQ = 1, WRQ = 2, DATA = 3, ACK = 4, ERROR = 5, OACK = 6;
    static final int MAX_NAME = 512;
    /** spicy-tftp schedules its analyzer for the data flow for 1 minute. */
    static final long DATA_EXPIRY_NANOS = 60L * 1_000_000_000L;

    private boolean started, request, done;
    /** The flow began with DATA or ACK: the data flow of a transfer, its request seen or not. */
    private boolean dataFlow;
    private long ts;
    private Boolean wrq;
    private String fname, mode, errorMsg;
    private Long errorCode;
    private long size, blockSent, blockAcked;
    /** Request flow: the exchange it announced. Data flow: the request it serves. Null otherwise. */
    private TftpExchange exchange;
    /** The transferred file (files.log, source TFTP): the new blocks' data, in block order. */
    private FileAnalysis file;

    @Override
    public void onData(boolean fromOrig, ByteBuffer b, int offset, int length, DissectorContext ctx) {
        if (done || length < 2) return;
        int op = ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
        if (!started) {
            started = true;
            ts = ctx.tsNanos();
            ctx.confirm("tftp");
            dataFlow = op == DATA || op == ACK;
            if (ctx.expectation() instanceof TftpExchange x && x.dataUid == null && !x.loggedAlone) {
                exchange = x;
                x.dataUid = ctx.uid();
            }
        }
        switch (op) {
            case RRQ, WRQ -> {
                if (fname != null || exchange != null) return; // a retransmitted request, or one inside a data flow
                if (dataFlow) {
                    // a data flow whose request was not seen: a request here is not TFTP's (HSRP's
                    // coup, 00 01, follows its advertisements, 00 03 00 01, on one flow)
                    ctx.weird("tftp_request_in_data_flow", Integer.toString(op));
                    done = true;
                    return;
                }
                request = true;
                wrq = op == WRQ;
                int p = offset + 2, end = offset + length;
                int z = zero(b, p, end);
                // spicy-tftp's schedule_tftp_analyzer: the server answers from a fresh port to the client's port
                ConnId id = ctx.id();
                if (z < 0) {
                    ctx.expectConnection(id.respH(), id.origH(), id.origP(), "udp", "tftp", DATA_EXPIRY_NANOS);
                    ctx.weird("tftp_bad_request", "file name not terminated");
                    return;
                }
                fname = text(b, p, z);
                int z2 = zero(b, z + 1, end);
                mode = z2 < 0 ? text(b, z + 1, end) : text(b, z + 1, z2);
                exchange = new TftpExchange(ts, ctx.uid(), id, wrq, fname, mode);
                ctx.expectConnection(id.respH(), id.origH(), id.origP(), "udp", "tftp", exchange, DATA_EXPIRY_NANOS);
            }
            case DATA -> {
                if (length < 4) return;
                if (wrq == null) wrq = !fromOrig; // the data flow's originator is the server: it sends data on reads
                long block = ((b.get(offset + 2) & 0xff) << 8) | (b.get(offset + 3) & 0xff);
                if (block > blockSent) {
                    blockSent = block;
                    size += length - 4;
                    if (file == null) {
                        file = FileAnalysis.open(ctx, "TFTP", fromOrig, 0);
                        file.filename(exchange != null ? exchange.fname : fname);
                    }
                    if (file.isOrig() == fromOrig) file.append(b, offset + 4, length - 4, ctx.tsNanos());
                }
            }
            case ACK -> {
                if (length < 4) return;
                if (wrq == null) wrq = fromOrig; // ACK 0 from the server starts a write
                long block = ((b.get(offset + 2) & 0xff) << 8) | (b.get(offset + 3) & 0xff);
                if (block > blockAcked) blockAcked = block;
            }
            case ERROR -> {
                if (length < 4) return;
                errorCode = (long) (((b.get(offset + 2) & 0xff) << 8) | (b.get(offset + 3) & 0xff));
                int end = offset + length;
                int z = zero(b, offset + 4, end);
                errorMsg = text(b, offset + 4, z < 0 ? end : z);
            }
            case OACK -> {}
            default -> {
                ctx.weird("tftp_unknown_opcode", Integer.toString(op));
                done = true;
            }
        }
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (!started) return;
        started = false;
        if (file != null) {
            file.end(ctx);
            file = null;
        }
        TftpExchange x = exchange;
        if (request) {
            if (x != null && x.dataUid != null) {
                // the data flow writes the transfer's row; an error seen here goes with it if it is still open
                x.errorCode = errorCode;
                x.errorMsg = errorMsg;
                return;
            }
            if (x != null) x.loggedAlone = true;
            ctx.emit(new TftpTransfer(ts, ctx.uid(), ctx.id(), wrq, fname, mode, null, size, blockSent, blockAcked,
                    errorCode, errorMsg));
        } else if (x != null) {
            Long code = errorCode != null ? errorCode : x.errorCode;
            String msg = errorCode != null ? errorMsg : x.errorMsg;
            ctx.emit(new TftpTransfer(x.ts, x.uid, x.id, x.wrq, x.fname, x.mode, ctx.uid(), size, blockSent,
                    blockAcked, code, msg));
        } else {
            ctx.emit(new TftpTransfer(ts, ctx.uid(), ctx.id(), wrq, null, null, ctx.uid(), size, blockSent,
                    blockAcked, errorCode, errorMsg));
        }
    }

    @Override
    public boolean wantsMore() {
        return !done;
    }

    private static int zero(ByteBuffer b, int p, int end) {
        for (int i = p; i < end && i - p <= MAX_NAME; i++) if (b.get(i) == 0) return i;
        return -1;
    }

    private static String text(ByteBuffer b, int from, int to) {
        int n = Math.min(to - from, MAX_NAME);
        byte[] s = new byte[Math.max(n, 0)];
        b.get(from, s, 0, s.length);
        return new String(s, StandardCharsets.ISO_8859_1);
    }
}
