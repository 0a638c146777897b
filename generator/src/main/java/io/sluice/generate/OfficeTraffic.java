package io.sluice.generate;

import io.sluice.packet.craft.FrameBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A few minutes of an ordinary small office, for `sluice demo` and as the quiet baseline of the
 * analytics' tests: workstations resolve names and browse the web through the gateway, one admin
 * uses SSH inside the LAN, hosts ping, ARP for the gateway, sync time, and one connection is
 * refused. Public servers use the documentation ranges (RFC 5737 / RFC 3849), so nothing in the
 * capture points at a real host.
 */
public final class OfficeTraffic implements Scenario {
    static final String GATEWAY_MAC = "00:1b:21:0a:00:01";

    private final Host gateway = new Host("gateway", "10.10.0.1", GATEWAY_MAC);
    private final Host resolver = new Host("resolver", "10.10.0.53", "00:1b:21:0a:00:35");
    private final Host alice = new Host("ws-alice", "10.10.0.23", "3c:52:82:11:22:23");
    private final Host bob = new Host("ws-bob", "10.10.0.42", "3c:52:82:11:22:42");
    private final Host files = new Host("fileserver", "10.10.0.10", "00:1b:21:0a:00:10");

    /** Web servers out on the internet; frames to them go to the gateway's MAC. */
    private static Host internet(String name, String ip) {
        return new Host(name, ip, GATEWAY_MAC);
    }

    private final Host news = internet("news.example.com", "203.0.113.80");
    private final Host shop = internet("shop.example.net", "198.51.100.25");
    private final Host cdn6 = new Host("cdn.example.org", "2001:db8:80::443", GATEWAY_MAC);
    private final Host ntp = internet("ntp.example.org", "192.0.2.123");
    private final Host alice6 = new Host("ws-alice", "2001:db8:10::23", alice.mac());

    @Override
    public String name() {
        return "office";
    }

    @Override
    public String description() {
        return "ordinary office traffic: DNS, web browsing over IPv4 and IPv6, SSH, ping, ARP, NTP, one refused connection";
    }

    @Override
    public void play(Timeline t) {
        long t0 = t.start();
        long ms = 1_000_000L;

        arp(t, t0, alice, gateway);
        arp(t, t0 + 40 * ms, bob, gateway);

        // Alice reads the news: DNS, then two HTTP requests on one keep-alive connection.
        long at = dns(t, t0 + 100 * ms, alice, "news.example.com", DnsMessage.A, news.ip(), 0x1a2b, 7 * ms);
        var web = new TcpConversation(t, alice, 51544, news, 80, at + 2 * ms, 18 * ms).handshake()
                .clientSends(httpGet("news.example.com", "/")).serverSends(httpOk(t, 18_000, "text/html"))
                .pause(900 * ms)
                .clientSends(httpGet("news.example.com", "/static/site.css")).serverSends(httpOk(t, 4_200, "text/css"))
                .close();

        // Bob shops over HTTPS (opaque bytes here; the TLS dissector is a later issue).
        at = dns(t, t0 + 2_300 * ms, bob, "shop.example.net", DnsMessage.A, shop.ip(), 0x3c4d, 9 * ms);
        new TcpConversation(t, bob, 49822, shop, 443, at + 1 * ms, 32 * ms).handshake()
                .clientSends(random(t, 517)).serverSends(random(t, 4_100)).clientSends(random(t, 126))
                .pause(3 * 1_000 * ms).clientSends(random(t, 900)).serverSends(random(t, 38_000)).close();

        // Alice fetches from an IPv6 CDN.
        at = dns(t, web.now() + 500 * ms, alice, "cdn.example.org", DnsMessage.AAAA, cdn6.ip(), 0x5e6f, 6 * ms);
        new TcpConversation(t, alice6, 50110, cdn6, 443, at + 1 * ms, 24 * ms).handshake()
                .clientSends(random(t, 600)).serverSends(random(t, 72_000)).close();

        // A typo: the resolver answers NXDOMAIN.
        dnsFailure(t, t0 + 5_000 * ms, bob, "shpo.example.net", 0x7a8b, 11 * ms);

        // The admin's SSH session to the file server, inside the LAN.
        SshSession.play(new TcpConversation(t, bob, 40222, files, 22, t0 + 6_000 * ms, 1 * ms).handshake(), t.random(),
                new SshSession.Client("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8", SshSession.SSH_CLIENT_OPENSSH),
                new SshSession.Server("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u5", SshSession.SSH_SERVER_DEBIAN,
                        SshPackets.ed25519HostKey(t.random())), 2);

        // Nobody listens on the file server's port 8080.
        new TcpConversation(t, alice, 51600, files, 8080, t0 + 7_500 * ms, 1 * ms).refused();

        // Alice pings the gateway and an outside host.
        ping(t, t0 + 8_000 * ms, alice, gateway, 0x0101, 4, 1 * ms);
        ping(t, t0 + 9_000 * ms, alice, news, 0x0102, 3, 20 * ms);

        // Time sync.
        udpExchange(t, t0 + 10_000 * ms, files, 123, ntp, 123, ntpPacket(3), ntpPacket(4), 15 * ms);

        t.label(new Label(name(), description(), List.of(),
                List.of(alice.ip(), bob.ip(), files.ip(), resolver.ip()), t0, t0 + 40_000 * ms));
    }

    private void arp(Timeline t, long at, Host asker, Host target) {
        t.add(at, FrameBuilder.ethernet(asker.mac(), "ff:ff:ff:ff:ff:ff").arpRequest(asker.mac(), asker.ip(), target.ip()).build());
        t.add(at + 300_000, FrameBuilder.ethernet(target.mac(), asker.mac())
                .arpReply(target.mac(), target.ip(), asker.mac(), asker.ip()).build());
    }

    /** A lookup answered by the resolver; returns when the answer arrived. */
    private long dns(Timeline t, long at, Host client, String name, int qtype, String address, int id, long rtt) {
        int port = 53000 + t.random().nextInt(12000);
        byte[] q = DnsMessage.query(id, name, qtype);
        byte[] r = DnsMessage.response(id, name, qtype, DnsMessage.NOERROR, List.of(new DnsMessage.Answer(qtype, address, 300)));
        udpExchange(t, at, client, port, resolver, 53, q, r, rtt);
        return at + rtt;
    }

    private void dnsFailure(Timeline t, long at, Host client, String name, int id, long rtt) {
        int port = 53000 + t.random().nextInt(12000);
        udpExchange(t, at, client, port, resolver, 53, DnsMessage.query(id, name, DnsMessage.A),
                DnsMessage.response(id, name, DnsMessage.A, DnsMessage.NXDOMAIN, List.of()), rtt);
    }

    private static void udpExchange(Timeline t, long at, Host client, int cport, Host server, int sport,
            byte[] request, byte[] reply, long rtt) {
        t.add(at, Frames.ip(client, server).udp(cport, sport).payload(request).build());
        t.add(at + rtt, Frames.ip(server, client).udp(sport, cport).payload(reply).build());
    }

    private static void ping(Timeline t, long at, Host from, Host to, int id, int count, long rtt) {
        byte[] data = new byte[56];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (0x10 + i);
        for (int seq = 1; seq <= count; seq++) {
            long sent = at + (seq - 1) * 1_000_000_000L;
            t.add(sent, Frames.ip(from, to).icmpEcho(id, seq).payload(data).build());
            t.add(sent + rtt, Frames.ip(to, from).icmpEchoReply(id, seq).payload(data).build());
        }
    }

    private static byte[] httpGet(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                + "Accept: */*\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] httpOk(Timeline t, int bodyLength, String type) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + bodyLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bodyLength];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = head.length; i < all.length; i++) all[i] = (byte) ('a' + t.random().nextInt(26));
        return all;
    }

    private static byte[] random(Timeline t, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }

    private static byte[] ntpPacket(int mode) {
        byte[] b = new byte[48];
        b[0] = (byte) ((4 << 3) | mode); // version 4
        return b;
    }
}
