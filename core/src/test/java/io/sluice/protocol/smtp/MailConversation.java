package io.sluice.protocol.smtp;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.files.FileInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One mail transaction as a client sends it, with DATA (dot-stuffed, ended by ".") or with BDAT
 * chunks (RFC 3030) cut where a test says, and what the dissector makes of it with the values that
 * differ from run to run (timestamps, file ids) taken out, so that two ways of sending the same
 * message can be compared whole.
 */
final class MailConversation {
    /**
     * A direction's bytes, sent in one piece (before the conversation cuts them into segments), or
     * (bytes null) a capture gap of {@code gap} bytes.
     */
    record Step(boolean fromOrig, byte[] bytes, long gap) {
        Step(boolean fromOrig, byte[] bytes) {
            this(fromOrig, bytes, 0);
        }
    }

    /**
     * What the dissector gave: smtp.log rows and files.log rows with timestamps zeroed and file ids
     * replaced by their position among the files (so a row's fuids still say which files), and the weirds.
     */
    record Outcome(List<SmtpTransaction> rows, List<FileInfo> files, List<RecordingContext.Weird> weirds) {}

    private final List<Step> steps = new ArrayList<>();

    private MailConversation() {}

    /** Greeting, EHLO with PIPELINING and CHUNKING, MAIL FROM and RCPT TO, answered one by one. */
    static MailConversation opened() {
        var c = new MailConversation();
        c.resp("220 mx.corp.example ESMTP\r\n");
        c.orig("EHLO relay.evil.example\r\n");
        c.resp("250-mx.corp.example\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 8BITMIME\r\n");
        c.orig("MAIL FROM:<billing@evil.example>\r\n");
        c.resp("250 2.1.0 OK\r\n");
        c.orig("RCPT TO:<cfo@corp.example>\r\n");
        c.resp("250 2.1.5 OK\r\n");
        return c;
    }

    /** The message sent with DATA: lines that start with "." get another, and "." ends it. */
    static MailConversation data(byte[] message) {
        var c = opened();
        c.orig("DATA\r\n");
        c.resp("354 go ahead\r\n");
        var b = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte x : message) {
            if (lineStart && x == '.') b.write('.');
            b.write(x);
            lineStart = x == '\n';
        }
        b.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        c.steps.add(new Step(true, b.toByteArray()));
        c.resp("250 2.0.0 queued as 7F3A\r\n");
        return c.closed();
    }

    /**
     * The message sent with BDAT, cut at {@code cuts} (offsets into it, any order, repeats make empty
     * chunks; the end of the message is always a cut, so a cut there gives "BDAT 0 LAST").
     * {@code pipelined}: MAIL, RCPT and every chunk in one client send, the replies after them.
     */
    static MailConversation bdat(byte[] message, boolean pipelined, int... cuts) {
        int[] at = Arrays.copyOf(cuts, cuts.length + 1);
        at[cuts.length] = message.length;
        Arrays.sort(at);
        var c = pipelined ? new MailConversation() : opened();
        var sent = new ByteArrayOutputStream();
        var replies = new StringBuilder();
        if (pipelined) {
            c.resp("220 mx.corp.example ESMTP\r\n");
            c.orig("EHLO relay.evil.example\r\n");
            c.resp("250-mx.corp.example\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 8BITMIME\r\n");
            sent.writeBytes("MAIL FROM:<billing@evil.example>\r\nRCPT TO:<cfo@corp.example>\r\n".getBytes(StandardCharsets.US_ASCII));
            replies.append("250 2.1.0 OK\r\n250 2.1.5 OK\r\n");
        }
        int from = 0;
        for (int i = 0; i < at.length; i++) {
            int to = Math.min(Math.max(at[i], 0), message.length);
            boolean last = i == at.length - 1;
            var chunk = new ByteArrayOutputStream();
            chunk.writeBytes(("BDAT " + (to - from) + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk.write(message, from, to - from);
            String reply = last ? "250 2.0.0 queued as 7F3A\r\n" : "250 2.0.0 " + (to - from) + " octets received\r\n";
            if (pipelined) {
                sent.writeBytes(chunk.toByteArray());
                replies.append(reply);
            } else {
                c.steps.add(new Step(true, chunk.toByteArray()));
                c.resp(reply);
            }
            from = to;
        }
        if (pipelined) {
            c.steps.add(new Step(true, sent.toByteArray()));
            c.resp(replies.toString());
        }
        return c.closed();
    }

    MailConversation closed() {
        orig("QUIT\r\n");
        resp("221 2.0.0 bye\r\n");
        return this;
    }

    MailConversation orig(String text) {
        steps.add(new Step(true, text.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    MailConversation orig(byte[] bytes) {
        steps.add(new Step(true, bytes));
        return this;
    }

    /** A hole in the client's stream: {@code bytes} the capture missed. */
    MailConversation origGap(long bytes) {
        steps.add(new Step(true, null, bytes));
        return this;
    }

    MailConversation resp(String text) {
        steps.add(new Step(false, text.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    /** A fresh dissector over every step, each cut into TCP segments of at most {@code segment} bytes. */
    Outcome run(int segment, RecordingContext ctx) {
        var d = new SmtpDissector();
        for (Step s : steps) {
            if (s.bytes() == null) d.onGap(s.fromOrig(), s.gap(), ctx);
            else for (int p = 0; p < s.bytes().length; p += segment) {
                ctx.ts += 1_000; // every segment its own time: they must not leak into the comparison
                d.onData(s.fromOrig(), ByteBuffer.wrap(s.bytes()), p, Math.min(segment, s.bytes().length - p), ctx);
            }
        }
        d.onEnd(ctx);
        return outcome(ctx);
    }

    Outcome run(int segment) {
        var ctx = RecordingContext.tcp("198.51.100.20", 40000, "10.0.0.25", 25);
        ctx.fileHashes = java.util.Set.of("sha256");
        return run(segment, ctx);
    }

    static Outcome outcome(RecordingContext ctx) {
        List<FileInfo> files = ctx.eventsOf(FileInfo.class);
        List<String> ids = files.stream().map(FileInfo::fuid).toList();
        var rows = ctx.eventsOf(SmtpTransaction.class).stream().map(t -> new SmtpTransaction(0, t.uid(), t.id(),
                t.transDepth(), t.helo(), t.mailfrom(), t.rcptto(), t.date(), t.from(), t.to(), t.cc(), t.replyTo(),
                t.msgId(), t.inReplyTo(), t.subject(), t.xOriginatingIp(), t.firstReceived(), t.secondReceived(),
                t.lastReply(), t.path(), t.userAgent(), t.tls(), t.dkimSignature(), t.authenticationResults(),
                t.receivedSpf(), t.attachments(), t.links(),
                t.fuids() == null ? null : t.fuids().stream().map(f -> "#" + ids.indexOf(f)).toList())).toList();
        var shownFiles = files.stream().map(f -> new FileInfo(0, "#" + ids.indexOf(f.fuid()), f.uid(), f.id(),
                f.source(), f.depth(), f.analyzers(), f.mimeType(), f.filename(), 0, f.localOrig(), f.isOrig(),
                f.seenBytes(), f.totalBytes(), f.missingBytes(), f.overflowBytes(), f.timedout(), f.md5(), f.sha1(),
                f.sha256(), f.extracted(), f.extractedCutoff(), f.extractedSize())).toList();
        return new Outcome(rows, shownFiles, List.copyOf(ctx.weirds));
    }
}
