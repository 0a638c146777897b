package io.sluice.protocol.smtp;

import io.sluice.event.WireText;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ftp.LineReader;
import io.sluice.protocol.tls.TlsDissector;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SMTP (RFC 5321), written to smtp.log the way Zeek's base/protocols/smtp/main.zeek fills its
 * record: HELO/EHLO, MAIL FROM and RCPT TO addresses, the message's top-level headers (Date, From,
 * To, Cc, Reply-To, Message-ID, In-Reply-To, Subject, X-Originating-IP, Received, user agent), the
 * last reply; a row per transaction, written at the reply to the end of its DATA (or at the end of
 * the connection) when the client did something (MAIL, RCPT or STARTTLS), as Zeek's
 * {@code has_client_activity} decides. A message's headers go to smtp.log and its body to the
 * {@link MimeWalker} (attachments, links, one file per MIME entity).
 *
 * <p>BDAT (RFC 3030 CHUNKING, used by Exchange and Office 365) carries the same message as raw
 * bytes in sized chunks, with no dot-stuffing and no final "."; as in Zeek 6.1 and later, the chunks
 * are read as one DATA body would be: a chunk's size says where its bytes end and the next command
 * starts, while the message's lines are assembled across chunks (a boundary can fall inside a line
 * or a CRLF) by a line reader of their own. The message ends with the last byte of BDAT ... LAST (a
 * last line without CRLF still counts), or unfinished at RSET, MAIL, DATA, HELO, EHLO, QUIT or the
 * end of the connection; the reply to BDAT ... LAST ends the transaction as the reply to "." does.
 * After a 220 reply to STARTTLS the rest of both directions
 * goes to a {@link TlsDissector}, as Zeek forwards it to its SSL analyzer.
 */
final class SmtpDissector implements Dissector {
    static final int MAX_LINE = 4096;
    static final int MAX_PENDING = 64;
    static final int MAX_ADDRESSES = 1000;
    private static final int MAX_HEADER = 8192;
    private static final Pattern ORCPT = Pattern.compile("ORCPT=rfc822;?");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final LineReader orig = new LineReader(MAX_LINE), resp = new LineReader(MAX_LINE);
    /**
     * The lines of a BDAT message: its own reader, because a chunk can end inside a line that the
     * next chunk finishes, with the next BDAT command read in between by {@link #orig}.
     */
    private final LineReader chunkLines = new LineReader(MAX_LINE);
    /** Bytes of the current BDAT chunk not yet seen; whether it is the message's last. */
    private long chunkLeft;
    private boolean lastChunk;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    /** In a DATA body; in a BDAT message (between its first chunk and the end of its last). */
    private boolean data, chunked;
    private boolean confirmed, headers, done, serverSpoke;
    /** The server answered AUTH with 334: the client's next line is an authentication answer. */
    private boolean authAnswer;
    private int invalid;
    private String helo;
    private long transferred;
    private Tx tx;
    private TlsDissector tls;
    private String headerName;
    private final StringBuilder headerValue = new StringBuilder();
    /** The message body's MIME structure (DATA or BDAT): attachments and links, for the phishing analytic. */
    private final MimeWalker mime = new MimeWalker();
    private boolean body;

    /** Zeek's c$smtp. */
    private static final class Tx {
        long ts, depth;
        String helo, mailfrom, date, from, replyTo, msgId, inReplyTo, subject, xoip, firstReceived, secondReceived;
        String lastReply, userAgent, authResults, receivedSpf, contentType, transferEncoding;
        List<MailAttachment> attachments;
        List<MailLink> links;
        List<String> rcptto, to, cc, fuids;
        final List<String> path = new ArrayList<>();
        boolean tls, activity, dkim, processReceivedFrom = true;
    }

    SmtpDissector() {
        pending.add("<init>"); // the greeting answers this shim
    }

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (tls != null) {
            tls.onData(fromOrig, buf, offset, length, ctx);
            return;
        }
        if (done) return;
        LineReader r = fromOrig ? orig : resp;
        int p = offset, end = offset + length;
        while (p < end && !done && tls == null) {
            if (fromOrig && chunkLeft > 0) {
                int n = (int) Math.min(chunkLeft, end - p);
                chunk(buf, p, p + n, ctx);
                p += n;
                chunkLeft -= n;
                if (chunkLeft == 0 && lastChunk) endChunked(true, ctx);
                continue;
            }
            int next = r.feed(buf, p, end);
            if (next < 0) return;
            p = next;
            if (fromOrig && data) {
                if (r.is(".")) {
                    r.discard();
                    endMessage(ctx);
                    data = false;
                    queue(".", ctx);
                } else {
                    messageLine(r, true, ctx);
                }
                continue;
            }
            String line = r.take();
            if (fromOrig) clientLine(line, ctx); else serverLine(line, ctx);
        }
        if (tls != null && p < end) tls.onData(fromOrig, buf, p, end - p, ctx);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (tls != null) {
            tls.onGap(fromOrig, bytes, ctx);
            return;
        }
        // the entity file being read lost bytes: counted as missing, its hashes given up (they would
        // describe bytes around a hole), as Zeek's file analysis does for a gap
        if (fromOrig && body && (data || chunkLeft > 0)) mime.gap(Math.min(bytes, data ? bytes : chunkLeft), ctx);
        if (fromOrig && chunkLeft > 0) {
            // as in a DATA body: the line the hole cut is dropped and lines resume after it; the
            // hole's bytes count against the chunk, so the next command is still found after it
            chunkLines.discard();
            long inChunk = Math.min(bytes, chunkLeft);
            chunkLeft -= inChunk;
            if (chunkLeft == 0 && lastChunk) endChunked(true, ctx);
            if (inChunk == bytes) return;
        }
        (fromOrig ? orig : resp).discard(); // drop the partial line; lines resume after the next LF
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (data) endMessage(ctx);
        if (chunked) endChunked(false, ctx);
        if (tx != null) message(ctx); // Zeek's finalize_smtp
        if (tls != null) tls.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        return tls != null ? tls.wantsMore() : !done;
    }

    private Tx session(DissectorContext ctx) {
        if (tx == null) {
            tx = new Tx();
            tx.ts = ctx.tsNanos();
            tx.depth = transferred + 1;
            tx.helo = helo;
            tx.path.add(ctx.id().respH());
            tx.path.add(ctx.id().origH());
        }
        return tx;
    }

    /** Zeek's smtp_message: a row if the client did something; a fresh record follows. */
    private void message(DissectorContext ctx) {
        Tx t = tx;
        if (t == null || !t.activity) return;
        ctx.emit(new SmtpTransaction(t.ts, ctx.uid(), ctx.id(), t.depth, t.helo, t.mailfrom, t.rcptto, t.date, t.from,
                t.to, t.cc, t.replyTo, t.msgId, t.inReplyTo, t.subject, t.xoip, t.firstReceived, t.secondReceived,
                t.lastReply, t.path, t.userAgent, t.tls, t.dkim, t.authResults, t.receivedSpf, t.attachments, t.links,
                t.fuids));
        tx = null;
        session(ctx);
    }

    /**
     * A completed line of the message, DATA's (dot-stuffed) or BDAT's (raw): a header while the
     * headers last (a String), then a body line for the MIME walk (its bytes, no String).
     */
    private void messageLine(LineReader r, boolean dotStuffed, DissectorContext ctx) {
        if (headers) {
            String line = r.take();
            header(dotStuffed && line.startsWith("..") ? line.substring(1) : line, ctx);
            return;
        }
        if (body && mime.wants()) {
            byte[] b = r.array();
            int n = r.length();
            mime.line(b, dotStuffed && n >= 2 && b[0] == '.' && b[1] == '.' ? 1 : 0, n, ctx);
        }
        r.discard();
    }

    /** The message's end, as DATA's "." or BDAT's last byte: its last header, then the MIME walk's results. */
    private void endMessage(DissectorContext ctx) {
        endHeaders();
        headers = false;
        endBody(ctx);
    }

    /**
     * The end of a BDAT message: {@code complete} at the last byte of BDAT ... LAST, where a last line
     * without CRLF is still a line of the message; otherwise cut short (RSET, a new transaction, the
     * end of the connection), and an unfinished line is dropped as DATA's is.
     */
    private void endChunked(boolean complete, DissectorContext ctx) {
        if (complete && chunkLines.pending() > 0) messageLine(chunkLines, false, ctx);
        chunkLines.discard();
        chunked = false;
        chunkLeft = 0;
        lastChunk = false;
        endMessage(ctx);
    }

    private void clientLine(String line, DissectorContext ctx) {
        if (authAnswer) {
            // a base64 answer to the server's 334 challenge (or "*" to cancel): no command, and not
            // repeated in weird.log (it holds a user name or a password)
            authAnswer = false;
            queue("AUTH_ANSWER", ctx);
            return;
        }
        if (line.isEmpty()) return;
        int sp = line.indexOf(' ');
        String cmd = WireText.upperAscii(sp < 0 ? line : line.substring(0, sp));
        String arg = sp < 0 ? "" : line.substring(sp + 1).strip();
        if (!plausible(cmd)) {
            ctx.weird("smtp_invalid_command", cmd.length() > 40 ? cmd.substring(0, 40) : cmd);
            if (++invalid >= 8) done = true;
            return;
        }
        confirm(ctx);
        if (chunked && endsTransaction(cmd)) endChunked(false, ctx);
        Tx t = session(ctx);
        queue(cmd, ctx);
        switch (cmd) {
            case "HELO", "EHLO" -> {
                helo = arg;
                t.helo = arg;
            }
            case "MAIL" -> {
                if (arg.regionMatches(true, 0, "FROM:", 0, 5)) {
                    message(ctx); // flush the last message in case its acknowledgement was not seen
                    t = session(ctx);
                    String from = SmtpAddresses.firstEmail(arg);
                    if (!from.isEmpty()) t.mailfrom = from;
                    t.activity = true;
                }
            }
            case "RCPT" -> {
                if (arg.regionMatches(true, 0, "TO:", 0, 3)) {
                    if (t.rcptto == null) t.rcptto = new ArrayList<>();
                    for (String a : SmtpAddresses.emails(arg)) {
                        if (a.contains("ORCPT=rfc822")) a = ORCPT.matcher(a).replaceAll("");
                        if (t.rcptto.size() >= MAX_ADDRESSES) {
                            ctx.weird("smtp_too_many_rcptto_addresses", null);
                            break;
                        }
                        if (!t.rcptto.contains(a)) t.rcptto.add(a);
                    }
                    t.activity = true;
                }
            }
            case "DATA" -> {
                data = true;
                headers = true;
                headerName = null;
            }
            case "BDAT" -> {
                String[] parts = BLANKS.split(arg);
                long size = -1;
                try {
                    size = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    ctx.weird("smtp_bad_bdat_size", parts[0].length() > 20 ? parts[0].substring(0, 20) : parts[0]);
                }
                if (size >= 0) {
                    if (!chunked) { // the message's first chunk
                        chunked = true;
                        headers = true;
                        headerName = null;
                    }
                    chunkLeft = size;
                    lastChunk = parts.length > 1 && parts[1].equalsIgnoreCase("LAST");
                    if (lastChunk) {
                        if ("BDAT".equals(pending.peekLast())) pending.pollLast(); // replaced by its last-chunk form
                        queue("BDAT LAST", ctx);
                        if (size == 0) endChunked(true, ctx); // BDAT 0 LAST: the message ended with the chunk before
                    }
                }
            }
            default -> {}
        }
    }

    /** Commands that end or reset a mail transaction (RFC 5321 4.1.1), and so a BDAT message left unfinished. */
    private static boolean endsTransaction(String cmd) {
        return switch (cmd) {
            case "RSET", "MAIL", "DATA", "HELO", "EHLO", "QUIT" -> true;
            default -> false;
        };
    }

    private static boolean plausible(String cmd) {
        if (cmd.length() < 3 || cmd.length() > 10) return false;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if ((c < 'A' || c > 'Z') && c != '-') return false;
        }
        return true;
    }

    private void queue(String cmd, DissectorContext ctx) {
        // the client spoke before any server line: there was no greeting for the shim to wait for
        if (!serverSpoke && "<init>".equals(pending.peek())) pending.poll();
        if (pending.size() < MAX_PENDING) pending.add(cmd);
        else ctx.weird("smtp_too_many_pending_commands", Integer.toString(pending.size()));
    }

    private void serverLine(String line, DissectorContext ctx) {
        if (line.length() < 3) return;
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') return;
            code = code * 10 + (c - '0');
        }
        serverSpoke = true;
        boolean cont = line.length() > 3 && line.charAt(3) == '-';
        String msg = line.length() > 4 ? line.substring(4) : "";
        Tx t = session(ctx);
        t.lastReply = code + " " + msg;
        if (cont) return;
        confirm(ctx);
        String cmd = pending.poll();
        if (cmd == null) return;
        if (code == 334 && (cmd.equals("AUTH") || cmd.equals("AUTH_ANSWER"))) {
            authAnswer = true; // RFC 4954: the client's next line answers the challenge
        } else if (cmd.equals(".") || cmd.equals("BDAT LAST")) {
            transferred++;
            message(ctx);
            tx = null;
            session(ctx);
        } else if (cmd.equals("STARTTLS") && code == 220) {
            t.tls = true;
            t.activity = true;
            tls = new TlsDissector();
        } else if (cmd.equals("DATA") && code != 354) {
            data = false; // refused: what follows are commands again
        }
    }

    /** BDAT chunk bytes: raw message bytes, their completed lines read as DATA's are. */
    private void chunk(ByteBuffer buf, int p, int end, DissectorContext ctx) {
        while (p < end) {
            int next = chunkLines.feed(buf, p, end);
            if (next < 0) return;
            p = next;
            messageLine(chunkLines, false, ctx);
        }
    }

    private void header(String line, DissectorContext ctx) {
        if (line.isEmpty()) {
            endHeaders();
            headers = false;
            if (tx != null) {
                mime.start(tx.contentType, tx.transferEncoding);
                body = true;
            }
            return;
        }
        char first = line.charAt(0);
        if ((first == ' ' || first == '\t') && headerName != null) {
            if (headerValue.length() < MAX_HEADER) headerValue.append(line);
            return;
        }
        endHeaders();
        int colon = line.indexOf(':');
        if (colon <= 0) return;
        headerName = line.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        headerValue.setLength(0);
        headerValue.append(line, colon + 1, line.length());
        while (headerValue.length() > 0 && (headerValue.charAt(0) == ' ' || headerValue.charAt(0) == '\t')) headerValue.deleteCharAt(0);
    }

    /** The message ended: what the MIME walk found goes with the transaction. */
    private void endBody(DissectorContext ctx) {
        if (!body) return;
        body = false;
        mime.finish(ctx);
        if (tx != null) {
            tx.attachments = mime.attachments();
            tx.links = mime.links();
            tx.fuids = mime.fuids();
        }
    }

    /** Zeek's mime_one_header for the header collected so far. */
    private void endHeaders() {
        if (headerName == null || tx == null) {
            headerName = null;
            return;
        }
        String name = headerName, value = headerValue.toString();
        headerName = null;
        Tx t = tx;
        switch (name) {
            case "MESSAGE-ID" -> t.msgId = value;
            case "RECEIVED" -> {
                if (t.firstReceived != null) t.secondReceived = t.firstReceived;
                t.firstReceived = value;
                String ip = t.processReceivedFrom ? SmtpAddresses.receivedFrom(value) : null;
                if (ip != null && !t.path.get(t.path.size() - 1).equals(ip) && t.path.size() < MAX_ADDRESSES) t.path.add(ip);
            }
            case "IN-REPLY-TO" -> t.inReplyTo = value;
            case "SUBJECT" -> t.subject = value;
            case "FROM" -> t.from = value;
            case "REPLY-TO" -> t.replyTo = value;
            case "DATE" -> t.date = value;
            case "TO" -> t.to = addAll(t.to, SmtpAddresses.splitMimeAddresses(value));
            case "CC" -> t.cc = addAll(t.cc, SmtpAddresses.splitMimeAddresses(value));
            case "X-ORIGINATING-IP" -> {
                String ip = SmtpAddresses.firstIp(value);
                if (ip != null) t.xoip = ip;
            }
            case "X-MAILER", "USER-AGENT", "X-USER-AGENT" -> t.userAgent = value;
            case "DKIM-SIGNATURE" -> t.dkim = true;
            case "AUTHENTICATION-RESULTS" -> t.authResults = value;
            case "RECEIVED-SPF" -> t.receivedSpf = value;
            case "CONTENT-TYPE" -> t.contentType = value;
            case "CONTENT-TRANSFER-ENCODING" -> t.transferEncoding = value;
            default -> {}
        }
    }

    private static List<String> addAll(List<String> set, List<String> values) {
        if (set == null) set = new ArrayList<>();
        for (String v : values) if (!set.contains(v) && set.size() < MAX_ADDRESSES) set.add(v);
        return set;
    }

    private void confirm(DissectorContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("smtp");
        }
    }
}
