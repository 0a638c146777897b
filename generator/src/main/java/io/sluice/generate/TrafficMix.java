package io.sluice.generate;

import io.sluice.packet.craft.FrameBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An hour of a busy network at volume: a few hundred workstations on IPv4 and IPv6 resolve names
 * (A, AAAA, CNAME, TXT, NXDOMAIN), browse over HTTP (GET and POST, keep-alive, chunked replies)
 * and TLS 1.2/1.3 (ClientHello with SNI, ALPN, groups and key shares; the server's hello flight;
 * encrypted records), use SSH (banners, KEXINIT), NTP and ping, send a few UDP datagrams to
 * high ports, ARP for the gateway, get refused and leave SYNs unanswered. Most web connections
 * follow a lookup of the name they then ask for, as a browser's do.
 *
 * <p>What it is for: a quiet load at volume for the whole pipeline (about 345,000 packets, 42,000
 * connections), with the variety of ordinary traffic: the baseline that analytics must stay quiet
 * on, and a capture to time or profile {@code sluice analyze} on without the corpus. No labels:
 * none of it is an attack. Public servers use the documentation ranges (RFC 5737 / RFC 3849).
 */
public final class TrafficMix implements Scenario {
    private static final long MS = 1_000_000L;
    private static final String GATEWAY_MAC = "00:1b:21:0b:00:01";
    private static final String[] WORDS = {"mail", "news", "shop", "cdn", "api", "static", "img", "login", "docs",
        "video", "search", "maps", "cloud", "files", "update", "store", "media", "auth", "portal", "blog"};
    private static final String[] SUFFIXES = {"example.com", "example.net", "example.org", "test", "example"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "curl/8.5.0", "Debian APT-HTTP/1.3 (2.6.1)"};
    private static final String[] TYPES = {"text/html", "application/json", "image/png", "text/css",
        "application/javascript", "application/octet-stream"};

    private final int connections;
    private final Host resolver = new Host("resolver", "10.30.0.53", "00:1b:21:0b:00:35");
    private final Host gateway = new Host("gateway", "10.30.0.1", GATEWAY_MAC);

    /** {@code connections} sessions (a third of them lone lookups; web sessions add their own lookup). */
    public TrafficMix(int connections) {
        this.connections = connections;
    }

    public TrafficMix() {
        this(30_000);
    }

    @Override
    public String name() {
        return "traffic-mix";
    }

    @Override
    public String description() {
        return "an hour of a busy network at volume (30,000 sessions, 345,000 packets): DNS, HTTP, TLS, SSH, NTP, ping,"
                + " refused and unanswered connections, IPv4 and IPv6; nothing malicious";
    }

    @Override
    public void play(Timeline t) {
        SplittableRandom r = t.random();
        long hour = 3_600_000 * MS;
        for (int i = 0; i < connections; i++) {
            long at = t.start() + r.nextLong(hour);
            Host client = workstation(r);
            int kind = r.nextInt(100);
            if (kind < 34) dns(t, r, at, client);
            else if (kind < 62) tls(t, r, at, client);
            else if (kind < 78) http(t, r, at, client);
            else if (kind < 82) ssh(t, r, at, client);
            else if (kind < 86) ping(t, r, at, client);
            else if (kind < 91) ntp(t, r, at, client);
            else if (kind < 93) new TcpConversation(t, client, ephemeral(r), server(r, client), 8000 + r.nextInt(100), at, rtt(r))
                    .refused();
            else if (kind < 94) new TcpConversation(t, client, ephemeral(r), server(r, client), 443, at, rtt(r)).unanswered();
            else if (kind < 97) udp(t, r, at, client);
            else arp(t, r, at, client);
        }
    }

    private static Host workstation(SplittableRandom r) {
        int n = r.nextInt(400);
        String mac = String.format("3c:52:82:%02x:%02x:%02x", n >>> 8, n & 0xff, 0x10);
        if (r.nextInt(5) == 0) return new Host("ws" + n, "2001:db8:30::" + Integer.toHexString(0x100 + n), mac);
        return new Host("ws" + n, "10.30." + (1 + n / 200) + "." + (10 + n % 200), mac);
    }

    /**
     * A server out on the internet, in the client's address family. Lookups that lead nowhere in
     * the capture are answered from 203.0.113.0/24, so they never name these servers.
     */
    private static Host server(SplittableRandom r, Host client) {
        if (client.ip().indexOf(':') >= 0) {
            return new Host("server", "2001:db8:" + Integer.toHexString(0x100 + r.nextInt(64)) + "::" + (1 + r.nextInt(200)),
                    GATEWAY_MAC);
        }
        return new Host("server", (r.nextBoolean() ? "192.0.2." : "198.51.100.") + (1 + r.nextInt(254)), GATEWAY_MAC);
    }

    private static int ephemeral(SplittableRandom r) {
        return 32768 + r.nextInt(28000);
    }

    private static long rtt(SplittableRandom r) {
        return (1 + r.nextInt(80)) * MS;
    }

    private static String name(SplittableRandom r) {
        String host = WORDS[r.nextInt(WORDS.length)];
        if (r.nextInt(3) == 0) host += r.nextInt(20);
        return host + "." + (r.nextBoolean() ? WORDS[r.nextInt(WORDS.length)] + "." : "") + SUFFIXES[r.nextInt(SUFFIXES.length)];
    }

    private void dns(Timeline t, SplittableRandom r, long at, Host client) {
        lookup(t, r, at, client, name(r), null);
    }

    /**
     * A lookup of {@code name}; answered with {@code address} when given (the client connects there
     * next), else with addresses that lead nowhere in the capture. Returns when the answer came.
     */
    private long lookup(Timeline t, SplittableRandom r, long at, Host client, String name, String address) {
        boolean v6 = client.ip().indexOf(':') >= 0;
        Host dnsServer = v6 ? new Host("resolver6", "2001:db8:30::53", resolver.mac()) : resolver;
        int id = r.nextInt(0x10000), pick = r.nextInt(20);
        int qtype = address != null ? (address.indexOf(':') >= 0 ? DnsMessage.AAAA : DnsMessage.A)
                : pick < 12 ? DnsMessage.A : pick < 17 ? DnsMessage.AAAA : pick < 18 ? DnsMessage.TXT : DnsMessage.A;
        byte[] q = DnsMessage.query(id, name, qtype);
        byte[] answer;
        if (address != null) {
            answer = DnsMessage.response(id, name, qtype, DnsMessage.NOERROR, List.of(new DnsMessage.Answer(qtype, address, 300)));
        } else if (pick == 19) {
            answer = DnsMessage.response(id, name, qtype, DnsMessage.NXDOMAIN, List.of());
        } else {
            var answers = new java.util.ArrayList<DnsMessage.Answer>();
            if (r.nextInt(4) == 0) answers.add(new DnsMessage.Answer(DnsMessage.CNAME, "edge." + name, 300));
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                answers.add(switch (qtype) {
                    case DnsMessage.AAAA -> new DnsMessage.Answer(qtype, "2001:db8:" + Integer.toHexString(0x100 + r.nextInt(64)) + "::"
                            + (1 + r.nextInt(200)), 60 + r.nextInt(3600));
                    case DnsMessage.TXT -> new DnsMessage.Answer(qtype, "v=spf1 include:_spf." + name + " ~all", 3600);
                    default -> new DnsMessage.Answer(DnsMessage.A, "203.0.113." + (1 + r.nextInt(254)), 60 + r.nextInt(3600));
                });
            }
            answer = DnsMessage.response(id, name, qtype, DnsMessage.NOERROR, answers);
        }
        int port = ephemeral(r);
        long rtt = rtt(r);
        t.add(at, Frames.ip(client, dnsServer).udp(port, 53).payload(q).build());
        if (address != null || r.nextInt(30) != 0) t.add(at + rtt, Frames.ip(dnsServer, client).udp(53, port).payload(answer).build());
        return at + rtt;
    }

    private void http(Timeline t, SplittableRandom r, long at, Host client) {
        Host server = server(r, client);
        String host = name(r);
        at = lookup(t, r, at, client, host, server.ip()) + MS;
        var c = new TcpConversation(t, client, ephemeral(r), server, r.nextInt(10) == 0 ? 8080 : 80, at, rtt(r)).handshake();
        int requests = 1 + (r.nextInt(4) == 0 ? r.nextInt(4) : 0);
        for (int i = 0; i < requests; i++) {
            boolean post = r.nextInt(6) == 0;
            String path = "/" + WORDS[r.nextInt(WORDS.length)] + "/" + r.nextInt(100_000) + (r.nextBoolean() ? ".html" : "?q=" + r.nextInt(1000));
            byte[] body = post ? ascii("{\"id\":" + r.nextInt(1_000_000) + ",\"items\":[1,2,3]}") : new byte[0];
            String request = (post ? "POST " : "GET ") + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: "
                    + AGENTS[r.nextInt(AGENTS.length)] + "\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n"
                    + (post ? "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" : "")
                    + "Connection: keep-alive\r\n\r\n";
            c.clientSends(concat(ascii(request), body));
            c.serverSends(response(r));
            c.pause(r.nextInt(2_000) * MS);
        }
        c.close();
    }

    private static byte[] response(SplittableRandom r) {
        int status = r.nextInt(20) == 0 ? 404 : r.nextInt(25) == 0 ? 302 : 200;
        int length = status == 200 ? 100 + (r.nextInt(8) == 0 ? r.nextInt(40_000) : r.nextInt(3_000)) : 0;
        String type = TYPES[r.nextInt(TYPES.length)];
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) body[i] = (byte) ('a' + r.nextInt(26));
        if (type.equals("image/png") && length >= 8) System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, body, 0, 8);
        String reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Found";
        if (status == 200 && r.nextInt(5) == 0) { // chunked
            String head = "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\nServer: nginx\r\n\r\n";
            return concat(ascii(head), ascii(Integer.toHexString(length) + "\r\n"), body, ascii("\r\n0\r\n\r\n"));
        }
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                + (status == 302 ? "\r\nLocation: /login" : "") + "\r\nServer: Apache\r\n\r\n";
        return concat(ascii(head), body);
    }

    private void tls(Timeline t, SplittableRandom r, long at, Host client) {
        Host server = server(r, client);
        boolean tls13 = r.nextInt(4) != 0;
        String host = name(r);
        at = lookup(t, r, at, client, host, server.ip()) + MS;
        var c = new TcpConversation(t, client, ephemeral(r), server, 443, at, rtt(r)).handshake();
        c.clientSends(TlsHello.client(r, host, tls13));
        c.serverSends(TlsHello.server(r, tls13));
        if (!tls13) c.clientSends(TlsHello.clientFinish(r)).serverSends(TlsHello.serverFinish(r));
        c.clientSends(TlsHello.encrypted(r, 50 + r.nextInt(500)));
        c.serverSends(TlsHello.encrypted(r, 200 + (r.nextInt(6) == 0 ? r.nextInt(60_000) : r.nextInt(4_000))));
        if (r.nextBoolean()) c.pause(r.nextInt(5_000) * MS).clientSends(TlsHello.encrypted(r, 100 + r.nextInt(900)))
                .serverSends(TlsHello.encrypted(r, 100 + r.nextInt(9_000)));
        c.close();
    }

    private void ssh(Timeline t, SplittableRandom r, long at, Host client) {
        Host server = new Host("sshd", client.ip().indexOf(':') >= 0 ? "2001:db8:30::22" : "10.30.0.22", "00:1b:21:0b:00:22");
        var c = new TcpConversation(t, client, ephemeral(r), server, 22, at, 1 * MS).handshake()
                .serverSends(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"))
                .clientSends(ascii(r.nextBoolean() ? "SSH-2.0-OpenSSH_9.6\r\n" : "SSH-2.0-PuTTY_Release_0.80\r\n"))
                .clientSends(SshPackets.kexInit(r, true)).serverSends(SshPackets.kexInit(r, false))
                .clientSends(SshPackets.packet(r, 30, random(r, 36))).serverSends(SshPackets.packet(r, 31, random(r, 600)))
                .clientSends(SshPackets.packet(r, 21, new byte[0])).serverSends(SshPackets.packet(r, 21, new byte[0]));
        int exchanges = 2 + r.nextInt(10);
        for (int i = 0; i < exchanges; i++) c.clientSends(random(r, 36 + 16 * r.nextInt(8))).serverSends(random(r, 36 + 16 * r.nextInt(40)));
        c.close();
    }

    private void ping(Timeline t, SplittableRandom r, long at, Host client) {
        Host to = r.nextBoolean() ? gateway : server(r, client);
        if (client.ip().indexOf(':') >= 0 && to == gateway) to = server(r, client);
        int id = r.nextInt(0x10000), count = 1 + r.nextInt(4);
        byte[] data = new byte[56];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (0x10 + i);
        long rtt = rtt(r);
        for (int seq = 1; seq <= count; seq++) {
            long sent = at + (seq - 1) * 1_000 * MS;
            t.add(sent, Frames.ip(client, to).icmpEcho(id, seq).payload(data).build());
            if (r.nextInt(10) != 0) t.add(sent + rtt, Frames.ip(to, client).icmpEchoReply(id, seq).payload(data).build());
        }
    }

    private void ntp(Timeline t, SplittableRandom r, long at, Host client) {
        Host server = server(r, client);
        byte[] request = new byte[48], reply = new byte[48];
        request[0] = (byte) ((4 << 3) | 3);
        reply[0] = (byte) ((4 << 3) | 4);
        reply[1] = 2; // stratum
        t.add(at, Frames.ip(client, server).udp(123, 123).payload(request).build());
        t.add(at + rtt(r), Frames.ip(server, client).udp(123, 123).payload(reply).build());
    }

    private void udp(Timeline t, SplittableRandom r, long at, Host client) {
        Host server = server(r, client);
        int sport = ephemeral(r), dport = 1024 + r.nextInt(60000);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            t.add(at + i * 40 * MS, Frames.ip(client, server).udp(sport, dport).payload(random(r, 20 + r.nextInt(600))).build());
            if (r.nextBoolean()) t.add(at + i * 40 * MS + 20 * MS, Frames.ip(server, client).udp(dport, sport).payload(random(r, 20 + r.nextInt(1200))).build());
        }
    }

    private void arp(Timeline t, SplittableRandom r, long at, Host client) {
        if (client.ip().indexOf(':') >= 0) return;
        t.add(at, FrameBuilder.ethernet(client.mac(), "ff:ff:ff:ff:ff:ff").arpRequest(client.mac(), client.ip(), gateway.ip()).build());
        t.add(at + 300_000, FrameBuilder.ethernet(gateway.mac(), client.mac()).arpReply(gateway.mac(), gateway.ip(), client.mac(), client.ip()).build());
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
