package io.sluice.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A workstation's implant calling home over HTTP for a whole day: every 60 s with ±10% uniform
 * jitter, about one beat in 25 missed, and a 20-minute gap while the laptop sleeps. Each beat is
 * one TCP connection with the same small check-in request; the server answers "nothing to do"
 * (fixed size) except for a few tasking replies. The implant resolves its C2 name every 30 minutes
 * through the office resolver, so the name is known from DNS as well as from the Host header.
 * Addresses and the name are from documentation ranges (RFC 5737, RFC 2606).
 *
 * <p>The unnamed variant ({@link #unnamed()}) speaks an opaque binary protocol to TCP port 4444 of
 * a bare address, with no DNS lookup: nothing names the destination but its address.
 */
public final class DayLongBeacon implements Scenario {
    static final String C2_NAME = "telemetry.example.net";
    private static final long SECOND = 1_000_000_000L;

    private final Host victim = new Host("ws-carol", "10.10.0.77", "3c:52:82:11:22:77");
    private final Host resolver = new Host("resolver", "10.10.0.53", "00:1b:21:0a:00:35");
    private final Host c2 = new Host(C2_NAME, "203.0.113.7", OfficeTraffic.GATEWAY_MAC);

    private final long periodNanos;
    private final double jitter;
    private final long spanNanos;
    private final boolean named;

    /** The default: every 60 s ± 10% for 24 hours, over HTTP to a name. */
    public DayLongBeacon() {
        this(60 * SECOND, 0.10, 24 * 3600 * SECOND, true);
    }

    /** Every 60 s ± 10% for 24 hours, opaque bytes to a bare address. */
    public static DayLongBeacon unnamed() {
        return new DayLongBeacon(60 * SECOND, 0.10, 24 * 3600 * SECOND, false);
    }

    public DayLongBeacon(long periodNanos, double jitter, long spanNanos, boolean named) {
        this.periodNanos = periodNanos;
        this.jitter = jitter;
        this.spanNanos = spanNanos;
        this.named = named;
    }

    @Override
    public String name() {
        return named ? "beacon" : "beacon-unnamed";
    }

    @Override
    public String description() {
        if (!named) {
            return "an implant on " + victim.ip() + " beacons to " + c2.ip() + ":4444 every " + periodNanos / SECOND
                    + " s ± " + Math.round(jitter * 100) + "% for " + spanNanos / 3600 / SECOND + " h, with missed beats";
        }
        return "an implant on " + victim.ip() + " beacons over HTTP to " + C2_NAME + " (" + c2.ip() + ") every "
                + periodNanos / SECOND + " s ± " + Math.round(jitter * 100) + "% for " + spanNanos / 3600 / SECOND
                + " h, with missed beats";
    }

    @Override
    public void play(Timeline t) {
        var random = t.random();
        long t0 = t.start() + 5 * SECOND;
        long end = t0 + spanNanos;
        long sleepFrom = t0 + spanNanos / 3;
        long sleepTo = sleepFrom + 20 * 60 * SECOND;
        long nextLookup = t0;
        int port = 49152;
        int beats = 0;
        long last = t0;
        for (long at = t0; at < end; at += Math.round(periodNanos * (1 + jitter * (2 * random.nextDouble() - 1)))) {
            if (at >= sleepFrom && at < sleepTo) continue;
            if (random.nextInt(25) == 0) continue; // a missed beat: the implant was busy or the link was down
            if (named && at >= nextLookup) {
                lookup(t, at, 0x4000 + beats % 0x3fff);
                nextLookup = at + 30 * 60 * SECOND;
                at += 20_000_000L;
            }
            port = port == 65535 ? 49152 : port + 1;
            boolean tasking = random.nextInt(100) == 0;
            if (named) {
                new TcpConversation(t, victim, port, c2, 80, at, 38_000_000L).handshake()
                        .clientSends(checkIn())
                        .serverSends(reply(tasking ? 2_900 : 48))
                        .close();
            } else {
                new TcpConversation(t, victim, port, c2, 4444, at, 38_000_000L).handshake()
                        .clientSends(opaque(180, beats))
                        .serverSends(opaque(tasking ? 2_400 : 64, ~beats))
                        .close();
            }
            beats++;
            last = at;
        }
        t.label(new Label(name(), description() + "; " + beats + " connections", named ? List.of("T1071.001") : List.of("T1071"),
                List.of(victim.ip(), c2.ip()), t0, last + SECOND));
    }

    private void lookup(Timeline t, long at, int id) {
        int port = 53000 + t.random().nextInt(12000);
        byte[] q = DnsMessage.query(id, C2_NAME, DnsMessage.A);
        byte[] r = DnsMessage.response(id, C2_NAME, DnsMessage.A, DnsMessage.NOERROR,
                List.of(new DnsMessage.Answer(DnsMessage.A, c2.ip(), 1800)));
        t.add(at, Frames.ip(victim, resolver).udp(port, 53).payload(q).build());
        t.add(at + 9_000_000L, Frames.ip(resolver, victim).udp(53, port).payload(r).build());
    }

    /** Encrypted-looking bytes that no dissector claims. */
    private static byte[] opaque(int n, int seed) {
        byte[] b = new byte[n];
        var r = new java.util.SplittableRandom(seed);
        r.nextBytes(b);
        return b;
    }

    private static byte[] checkIn() {
        return ("GET /api/v2/status?node=4f2a9c HTTP/1.1\r\nHost: " + C2_NAME + "\r\n"
                + "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] reply(int bodyLength) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bodyLength
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bodyLength];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = head.length; i < all.length; i++) all[i] = (byte) (i * 31);
        return all;
    }
}
