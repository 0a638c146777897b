package io.sluice.generate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A web scan of an inside web server from outside (ATT&CK T1595.003 Wordlist Scanning, then
 * T1595.002 Vulnerability Scanning): a gobuster-style run through a wordlist of directory names,
 * nearly all answered 404 at about ten requests a second, then a Nikto-style pass over well-known
 * probe paths (version-control metadata, traversal, SQL injection, admin consoles). Each request
 * is its own connection, as both tools do by default without keep-alive.
 *
 * <p>Labels: one for the whole scan, with the scanner and the web server.
 */
public final class WebScan implements Scenario {
    private static final long MS = 1_000_000L;
    private static final String[] WORDS = {"admin", "backup", "images", "old", "test", "dev", "config", "private",
            "uploads", "api", "cgi", "files", "logs", "tmp", "static"};
    private static final List<String> PROBES = List.of("/.git/HEAD", "/.env", "/cgi-bin/test-cgi",
            "/index.php?page=../../../../etc/passwd", "/phpmyadmin/", "/manager/html", "/server-status",
            "/item.php?id=1%27%20or%201=1--", "/wp-login.php");

    private final Host scanner = new Host("outside-scanner", "198.51.100.23", OfficeTraffic.GATEWAY_MAC);
    private final Host server = new Host("intranet-web", "10.10.0.45", "00:1b:21:0a:00:45");
    private final int words;

    /** 150 wordlist requests, then the probes. */
    public WebScan() {
        this(150);
    }

    public WebScan(int words) {
        if (words < 1) throw new IllegalArgumentException("a wordlist scan needs at least one word");
        this.words = words;
    }

    public Host scanner() {
        return scanner;
    }

    public Host server() {
        return server;
    }

    public int words() {
        return words;
    }

    public int probes() {
        return PROBES.size();
    }

    @Override
    public String name() {
        return "web-scan";
    }

    @Override
    public String description() {
        return "web scan: " + words + " wordlist paths (gobuster), then " + PROBES.size() + " Nikto probe paths";
    }

    @Override
    public void play(Timeline t) {
        long start = t.start() + 120_000 * MS;
        long at = start;
        int port = 40_000 + t.random().nextInt(10_000);
        long end = at;
        var paths = new ArrayList<String>();
        for (int i = 0; i < words; i++) paths.add("/" + WORDS[i % WORDS.length] + (i / WORDS.length == 0 ? "" : i / WORDS.length) + "/");
        for (String p : paths) {
            end = request(t, port++, at, p, "gobuster/3.6", p.startsWith("/images/") ? 301 : 404);
            at += (80 + t.random().nextInt(40)) * MS;
        }
        at += 5_000 * MS;
        for (String p : PROBES) {
            end = request(t, port++, at, p, "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:00" + (p.length() * 7) + ")", 404);
            at += (150 + t.random().nextInt(100)) * MS;
        }
        t.label(new Label(name(), words + " wordlist requests then " + PROBES.size() + " probe paths to "
                + server.ip() + ":80", List.of("T1595.003", "T1595.002"), List.of(scanner.ip(), server.ip()), start, end));
    }

    private long request(Timeline t, int port, long at, String path, String userAgent, int status) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.ip() + "\r\nUser-Agent: " + userAgent
                + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        String body = status == 404 ? "<html><body>Not Found</body></html>" : "";
        String response = "HTTP/1.1 " + status + (status == 404 ? " Not Found" : " Moved Permanently")
                + "\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: " + body.length() + "\r\n"
                + (status == 301 ? "Location: " + path + "index.html\r\n" : "") + "Connection: close\r\n\r\n" + body;
        return new TcpConversation(t, scanner, port, server, 80, at, 20 * MS).handshake()
                .clientSends(request.getBytes(StandardCharsets.US_ASCII))
                .serverSends(response.getBytes(StandardCharsets.US_ASCII)).close().now();
    }
}
