package io.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The line-based protocols, written as their RFCs lay the dialogue out: one chunk per command or
 * reply group, CRLF line ends, and longer bodies cut into 1448-byte segments as TCP delivers them.
 */
final class LineConversations {
    private LineConversations() {}

    /**
     * A mail submission on port 25 (RFC 5321): greeting, EHLO and its extensions, MAIL FROM, two
     * RCPT TO, DATA with a typical header block and a 6 KiB text body, the final dot, QUIT.
     */
    static List<Conversations.Chunk> smtp() {
        var c = new ArrayList<Conversations.Chunk>();
        resp(c, "220 mail.example.net ESMTP Postfix (Debian/GNU)");
        orig(c, "EHLO ws042.corp.example");
        resp(c, "250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES"
                + "\r\n250 SMTPUTF8");
        orig(c, "MAIL FROM:<alice@corp.example> SIZE=7012");
        resp(c, "250 2.1.0 Ok");
        orig(c, "RCPT TO:<bob@example.net>");
        resp(c, "250 2.1.5 Ok");
        orig(c, "RCPT TO:<carol@example.net>");
        resp(c, "250 2.1.5 Ok");
        orig(c, "DATA");
        resp(c, "354 End data with <CR><LF>.<CR><LF>");
        var msg = new StringBuilder()
                .append("Received: from ws042.corp.example (ws042.corp.example [10.0.0.1])\r\n")
                .append("\tby relay.corp.example (Postfix) with ESMTP id 4Q7x2T1b9Zz9sWQ\r\n")
                .append("\tfor <bob@example.net>; Mon, 2 Mar 2026 09:00:00 +0000 (UTC)\r\n")
                .append("Date: Mon, 2 Mar 2026 09:00:00 +0000\r\n")
                .append("From: Alice Martin <alice@corp.example>\r\n")
                .append("To: Bob Jones <bob@example.net>\r\n")
                .append("Cc: carol@example.net\r\n")
                .append("Subject: Quarterly figures\r\n")
                .append("Message-ID: <20260302090000.4Q7x2T1b9Zz9sWQ@corp.example>\r\n")
                .append("User-Agent: Mozilla Thunderbird 128.7.0\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n\r\n");
        for (int i = 0; msg.length() < 7000; i++) {
            msg.append("Line ").append(i).append(" of the figures, see https://intranet.corp.example/q1 for the rest.\r\n");
        }
        msg.append(".\r\n");
        Conversations.tcp(c, true, msg.toString().getBytes(StandardCharsets.US_ASCII));
        resp(c, "250 2.0.0 Ok: queued as 4Q7x2T1b9Zz9sWQ");
        orig(c, "QUIT");
        resp(c, "221 2.0.0 Bye");
        return c;
    }

    /**
     * An FTP session on port 21 (RFC 959, RFC 2428): greeting, USER/PASS, SYST, PWD, TYPE I, CWD,
     * PASV and RETR with its 150 and 226 replies, EPSV and STOR with theirs, QUIT.
     */
    static List<Conversations.Chunk> ftp() {
        var c = new ArrayList<Conversations.Chunk>();
        resp(c, "220 (vsFTPd 3.0.5)");
        orig(c, "USER deploy");
        resp(c, "331 Please specify the password.");
        orig(c, "PASS s3cret-deploy");
        resp(c, "230 Login successful.");
        orig(c, "SYST");
        resp(c, "215 UNIX Type: L8");
        orig(c, "PWD");
        resp(c, "257 \"/home/deploy\" is the current directory");
        orig(c, "TYPE I");
        resp(c, "200 Switching to Binary mode.");
        orig(c, "CWD releases");
        resp(c, "250 Directory successfully changed.");
        orig(c, "PASV");
        resp(c, "227 Entering Passive Mode (203,0,113,21,195,81).");
        orig(c, "RETR app-2.4.1.tar.gz");
        resp(c, "150 Opening BINARY mode data connection for app-2.4.1.tar.gz (18874368 bytes).");
        resp(c, "226 Transfer complete.");
        orig(c, "EPSV");
        resp(c, "229 Entering Extended Passive Mode (|||50012|)");
        orig(c, "STOR app-2.4.2.tar.gz");
        resp(c, "150 Ok to send data.");
        resp(c, "226 Transfer complete.");
        orig(c, "QUIT");
        resp(c, "221 Goodbye.");
        return c;
    }

    private static void orig(List<Conversations.Chunk> c, String lines) {
        c.add(new Conversations.Chunk(true, (lines + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private static void resp(List<Conversations.Chunk> c, String lines) {
        c.add(new Conversations.Chunk(false, (lines + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
