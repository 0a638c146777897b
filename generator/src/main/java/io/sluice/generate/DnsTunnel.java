package io.sluice.generate;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A DNS tunnel in the style of dnscat2 and iodine: a workstation sends data upstream base32-encoded
 * in the labels of TXT queries under one domain, through the office resolver, and gets data back
 * base64-encoded in TXT answers, a query every second or two for five minutes. Labelled T1071.004
 * (DNS as the channel), T1572 (tunnelling) and T1048.003 (data out over DNS). The domain sits under
 * the documentation name example.net, so nothing points at a real host.
 */
public final class DnsTunnel implements Scenario {
    static final String DOMAIN = "t.example.net";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private final Host client = new Host("ws-carol", "10.10.0.66", "3c:52:82:11:22:66");
    private final Host resolver = new Host("resolver", "10.10.0.53", "00:1b:21:0a:00:35");
    private final int queries;

    public DnsTunnel() {
        this(200);
    }

    DnsTunnel(int queries) {
        this.queries = queries;
    }

    @Override
    public String name() {
        return "dns-tunnel";
    }

    @Override
    public String description() {
        return "a DNS tunnel: data base32-encoded in TXT query names under " + DOMAIN + " and base64 in TXT answers; "
                + queries + " queries";
    }

    @Override
    public void play(Timeline t) {
        long ms = 1_000_000L;
        long at = t.start() + 60_000 * ms; // a minute into the office's morning
        long first = at, last = at;
        int port = 40_000 + t.random().nextInt(20_000);
        for (int seq = 0; seq < queries; seq++) {
            byte[] up = new byte[30];
            for (int i = 0; i < up.length; i++) up[i] = (byte) t.random().nextInt(256);
            byte[] down = new byte[60];
            for (int i = 0; i < down.length; i++) down[i] = (byte) t.random().nextInt(256);
            String name = base32(up) + "." + String.format(Locale.ROOT, "%04x", seq) + "." + DOMAIN;
            int id = t.random().nextInt(65_536);
            byte[] q = DnsMessage.query(id, name, DnsMessage.TXT);
            byte[] r = DnsMessage.response(id, name, DnsMessage.TXT, DnsMessage.NOERROR,
                    List.of(new DnsMessage.Answer(DnsMessage.TXT, Base64.getEncoder().encodeToString(down), 0)));
            long rtt = (20 + t.random().nextInt(30)) * ms;
            t.add(at, Frames.ip(client, resolver).udp(port, 53).payload(q).build());
            t.add(at + rtt, Frames.ip(resolver, client).udp(53, port).payload(r).build());
            last = at + rtt;
            at += (1_000 + t.random().nextInt(1_000)) * ms;
        }
        t.label(new Label(name(), description(), List.of("T1071.004", "T1572", "T1048.003"),
                List.of(client.ip(), resolver.ip()), first, last));
    }

    /** RFC 4648 base32 in lowercase without padding, as DNS tunnels put it into labels. */
    static String base32(byte[] data) {
        var s = new StringBuilder();
        int buffer = 0, bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) s.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        return s.toString();
    }
}
