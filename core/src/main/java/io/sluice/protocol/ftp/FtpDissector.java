package io.sluice.protocol.ftp;

import io.sluice.event.WireText;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import io.sluice.protocol.tls.TlsDissector;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;

/**
 * The FTP control channel (RFC 959, RFC 2428), written to ftp.log the way Zeek's
 * base/protocols/ftp/main.zeek fills its record: commands queue until their reply; a final reply
 * (2xx..5xx) completes the oldest pending command, which becomes a row when it is one of
 * {@code FTP::logged_commands}. File commands log their argument as a URL
 * ({@code ftp://server/cwd/file}), the working directory followed through CWD, CDUP and PWD; RETR's
 * 150 reply (or SIZE's 213) gives file_size; PORT, EPRT, PASV and EPSV give the data channel.
 *
 * <p>The announced data connection is handed to the flow layer through
 * {@link DissectorContext#expectConnection} (as Zeek's {@code Analyzer::schedule_analyzer}, 5
 * minutes), so its conn record gets service "ftp-data", with an {@link FtpDataChannel} through which
 * the data connection's {@link FtpDataDissector} follows the file and hands back its id and MIME
 * type for the transfer's row (Zeek's mime_type and fuid).
 *
 * <p>After {@code AUTH TLS} (RFC 4217) and its 234 reply, the rest of both directions goes to a
 * {@link TlsDissector}, so ssl.log sees the handshake.
 */
final class FtpDissector implements Dissector {
    static final int MAX_LINE = 4096;
    static final int MAX_PENDING = 20;
    /** Zeek's {@code 5mins} in add_expected_data_channel. */
    static final long DATA_EXPIRY_NANOS = 5L * 60 * 1_000_000_000L;
    private static final Set<String> LOGGED = Set.of("APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV");
    private static final Set<String> FILE_CMDS = Set.of("APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM");
    private static final Set<String> GUEST_IDS = Set.of("anonymous", "ftp", "ftpuser", "guest");

    private final LineReader orig = new LineReader(MAX_LINE), resp = new LineReader(MAX_LINE);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean confirmed, multiline, done;
    /** After "AUTH TLS" and its 234 reply both directions are TLS (RFC 4217). */
    private TlsDissector tls;
    private int invalid;

    // session state (Zeek's c$ftp)
    private String user, password, cwd = ".";
    private Long fileSize;
    private Boolean dataPassive;
    private String dataOrigH, dataRespH;
    private Integer dataRespP;
    /** The data channel announced last, until a file command's row used it. */
    private FtpDataChannel channel;
    private static final Set<String> TRANSFERS = Set.of("RETR", "STOR", "APPE", "STOU");

    private static final class Pending {
        final long ts;
        final String cmd, arg;
        Long replyCode;
        String replyMsg;

        Pending(long ts, String cmd, String arg) {
            this.ts = ts;
            this.cmd = cmd;
            this.arg = arg;
        }
    }

    FtpDissector() {
        pending.add(new Pending(0, "<init>", "")); // the server's greeting answers this shim, as in Zeek
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
            int next = r.feed(buf, p, end);
            if (next < 0) return;
            p = next;
            if (r.overflowed()) ctx.weird(fromOrig ? "FTP_arg_too_long" : "FTP_reply_msg_too_long", ">" + MAX_LINE);
            String line = r.take();
            if (fromOrig) request(line, ctx); else reply(line, ctx);
        }
        if (tls != null && p < end) tls.onData(fromOrig, buf, p, end - p, ctx);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (tls != null) tls.onGap(fromOrig, bytes, ctx);
        else (fromOrig ? orig : resp).take(); // drop the partial line; lines resume after the next LF
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        // Zeek's finalize_ftp: every pending command goes through ftp_message
        while (!pending.isEmpty()) message(pending.poll(), ctx);
        if (tls != null) tls.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        return tls != null ? tls.wantsMore() : !done;
    }

    private void request(String line, DissectorContext ctx) {
        if (line.isEmpty()) return;
        int sp = line.indexOf(' ');
        String cmd = WireText.upperAscii(sp < 0 ? line : line.substring(0, sp));
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        if (!plausibleCommand(cmd)) {
            ctx.weird("FTP_invalid_command", cmd.length() > 40 ? cmd.substring(0, 40) : cmd);
            if (++invalid >= 8) done = true;
            return;
        }
        confirm(ctx);
        if (pending.size() >= MAX_PENDING) {
            ctx.weird("FTP_too_many_pending_commands", Integer.toString(pending.size()));
        } else {
            pending.add(new Pending(ctx.tsNanos(), cmd, arg));
        }
        switch (cmd) {
            case "USER" -> user = arg.length() > 128 ? arg.substring(0, 128) : arg;
            case "PASS" -> password = arg.length() > 128 ? arg.substring(0, 128) : arg;
            case "RETR", "STOR", "APPE", "STOU" -> {
                if (channel != null && channel.name == null) channel.name = arg.isEmpty() ? null : arg;
            }
            case "PORT", "EPRT" -> {
                String[] hp = cmd.equals("PORT") ? FtpAddresses.port(arg) : FtpAddresses.eprt(arg);
                if (hp != null) dataChannel(false, ctx.id().respH(), hp[0], Integer.parseInt(hp[1]), ctx);
            }
            default -> {}
        }
    }

    private static boolean plausibleCommand(String cmd) {
        if (cmd.isEmpty() || cmd.length() > 8) return false;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (c < 'A' || c > 'Z') return false;
        }
        return true;
    }

    private void reply(String line, DissectorContext ctx) {
        int code = replyCode(line);
        char sep = line.length() > 3 ? line.charAt(3) : ' ';
        if (code < 0) return; // a continuation line of a multi-line reply
        String msg = line.length() > 4 ? line.substring(4) : "";
        if (multiline && sep != ' ') return;
        if (!multiline && sep == '-') {
            multiline = true;
            intermediate(code, msg);
            return;
        }
        multiline = false;
        confirm(ctx);
        finalReply(code, msg, ctx);
    }

    /** The three-digit code a reply line starts with, -1 if it has none. */
    private static int replyCode(String line) {
        if (line.length() < 3) return -1;
        int v = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') return -1;
        return v;
    }

    private void intermediate(int code, String msg) {
        Pending c = pending.peek();
        if (c == null) return;
        c.replyCode = (long) code;
        c.replyMsg = msg;
    }

    private void finalReply(int code, String msg, DissectorContext ctx) {
        Pending c = pending.peek();
        if (c == null) return;
        c.replyCode = (long) code;
        c.replyMsg = msg;
        if ((code == 150 && c.cmd.equals("RETR")) || (code == 213 && c.cmd.equals("SIZE"))) {
            Long n = FtpAddresses.lastCount(msg);
            if (n != null) fileSize = n;
        } else if ((code == 227 || code == 229) && (c.cmd.equals("PASV") || c.cmd.equals("EPSV"))) {
            String[] hp = code == 227 ? FtpAddresses.pasv(msg) : FtpAddresses.epsv(msg);
            if (hp != null) {
                String host = hp[0].isEmpty() ? ctx.id().respH() : hp[0];
                dataChannel(true, ctx.id().origH(), host, Integer.parseInt(hp[1]), ctx);
            }
        }
        if ((c.cmd.equals("CWD") && code == 250)) cwd = FtpPaths.compressed(cwd, c.arg);
        else if (c.cmd.equals("CDUP") && (code == 200 || code == 250)) cwd = FtpPaths.compressed(cwd, "/..");
        else if ((c.cmd.equals("PWD") || c.cmd.equals("XPWD")) && code == 257) {
            String p = FtpPaths.quoted(msg);
            if (p != null) cwd = p;
        }
        if (code >= 200) {
            pending.poll();
            message(c, ctx);
        }
        if (code == 234 && c.cmd.equals("AUTH") && (c.arg.equalsIgnoreCase("TLS") || c.arg.equalsIgnoreCase("SSL")
                || c.arg.equalsIgnoreCase("TLS-C"))) {
            tls = new TlsDissector();
        }
    }

    /** Zeek's add_expected_data_channel: the row's data fields, and ftp-data scheduled for 5 minutes. */
    private void dataChannel(boolean passive, String origH, String respH, int respP, DissectorContext ctx) {
        dataPassive = passive;
        dataOrigH = origH;
        dataRespH = respH;
        dataRespP = respP;
        channel = new FtpDataChannel();
        ctx.expectConnection(origH, respH, respP, "tcp", "ftp-data", channel, DATA_EXPIRY_NANOS);
    }

    /** Zeek's ftp_message: a row for logged commands; the per-transfer fields are cleared either way. */
    private void message(Pending c, DissectorContext ctx) {
        if (LOGGED.contains(c.cmd)) {
            String arg = c.arg;
            if (FILE_CMDS.contains(c.cmd)) arg = FtpPaths.url(ctx.id().respH(), cwd, c.arg);
            if (arg.length() > MAX_LINE) arg = arg.substring(0, MAX_LINE);
            if (arg.isEmpty()) arg = null;
            FileAnalysis file = TRANSFERS.contains(c.cmd) && channel != null ? channel.file : null;
            ctx.emit(new FtpCommand(c.ts, ctx.uid(), ctx.id(), user, shownPassword(), c.cmd, arg,
                    file == null ? null : file.mimeType(), fileSize, c.replyCode, c.replyMsg, dataPassive, dataOrigH,
                    dataRespH, dataRespP, file == null ? null : file.fuid()));
        }
        if (TRANSFERS.contains(c.cmd)) channel = null; // the next transfer announces its own channel
        fileSize = null;
        dataPassive = null;
        dataOrigH = dataRespH = null;
        dataRespP = null;
    }

    private String shownPassword() {
        if (password == null) return null;
        return user != null && GUEST_IDS.contains(user.toLowerCase(Locale.ROOT)) ? password : "<hidden>";
    }

    private void confirm(DissectorContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("ftp");
        }
    }
}
