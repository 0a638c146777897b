package io.sluice.generate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Spearphishing (ATT&CK T1566.001 attachment, T1566.002 link, T1598.003 link for credentials): an
 * outside mail server delivers one message over plain SMTP to the office's mail server. Its MIME body
 * holds an HTML part whose link shows the company's webmail address but goes to a look-alike sign-in
 * page elsewhere, and an attachment named like a PDF that is an executable ({@code .pdf.exe}, base64
 * of an MZ header): the two lures phishing kits pair most often.
 *
 * <p>Labels: one for the delivery, with the sending server and the office's mail server.
 */
public final class Spearphishing implements Scenario {
    private static final long MS = 1_000_000L;

    private final Host sender = new Host("mx.invoice-portal.example", "203.0.113.25", OfficeTraffic.GATEWAY_MAC);
    private final Host mailServer = new Host("mail", "10.10.0.25", "00:1b:21:0a:00:25");

    public Host sender() {
        return sender;
    }

    public Host mailServer() {
        return mailServer;
    }

    @Override
    public String name() {
        return "spearphish";
    }

    @Override
    public String description() {
        return "spearphishing mail over SMTP: a .pdf.exe attachment and a link that lies about its sign-in page";
    }

    @Override
    public void play(Timeline t) {
        long at = t.start() + 90_000 * MS;
        long rtt = 40 * MS;
        int port = 40_000 + t.random().nextInt(20_000);
        var c = new TcpConversation(t, sender, port, mailServer, 25, at, rtt).handshake();
        c.serverSends(ascii("220 mail.corp.example ESMTP\r\n"));
        c.clientSends(ascii("EHLO mx.invoice-portal.example\r\n"));
        c.serverSends(ascii("250-mail.corp.example\r\n250 8BITMIME\r\n"));
        c.clientSends(ascii("MAIL FROM:<billing@invoice-portal.example>\r\n"));
        c.serverSends(ascii("250 OK\r\n"));
        c.clientSends(ascii("RCPT TO:<alice@corp.example>\r\n"));
        c.serverSends(ascii("250 OK\r\n"));
        c.clientSends(ascii("DATA\r\n"));
        c.serverSends(ascii("354 End data with <CR><LF>.<CR><LF>\r\n"));
        c.clientSends(ascii(message()));
        c.serverSends(ascii("250 OK queued as 8F2A1\r\n"));
        c.clientSends(ascii("QUIT\r\n"));
        c.serverSends(ascii("221 Bye\r\n"));
        c.close();
        t.label(new Label(name(), "mail with a .pdf.exe attachment and a deceptive sign-in link",
                List.of("T1566.001", "T1566.002", "T1598.003"), List.of(sender.ip(), mailServer.ip()), at, c.now()));
    }

    private static String message() {
        byte[] pe = new byte[180];
        pe[0] = 'M';
        pe[1] = 'Z';
        String html = "<p>Dear customer, invoice 0392 is overdue. Review it in your mailbox: "
                + "<a href=\"https://corp-example.example.net/owa/auth/logon.aspx\">https://mail.corp.example/owa</a></p>";
        return "From: \"Billing\" <billing@invoice-portal.example>\r\nTo: alice@corp.example\r\n"
                + "Subject: Overdue invoice 0392\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_b0392\"\r\n\r\n"
                + "--=_b0392\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n" + html + "\r\n"
                + "--=_b0392\r\nContent-Type: application/octet-stream; name=\"Invoice_0392.pdf.exe\"\r\n"
                + "Content-Disposition: attachment; filename=\"Invoice_0392.pdf.exe\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(pe) + "\r\n"
                + "--=_b0392--\r\n.\r\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
