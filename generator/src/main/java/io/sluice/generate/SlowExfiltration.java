package io.sluice.generate;

import java.util.List;

/**
 * A slow exfiltration: a workstation uploads 512 KiB chunks of opaque (encrypted-looking) data
 * over TCP 443 to an outside server every 10 minutes, ±5% jitter, for 8 hours (48 chunks,
 * 24 MiB), and gets back only a short acknowledgement each time. It stays under any "large
 * transfer" threshold per connection; what gives it away is the fixed size, the regular interval
 * and outbound bytes dwarfing inbound ones over the window. Documentation addresses (RFC 5737).
 */
public final class SlowExfiltration implements Scenario {
    private static final long SECOND = 1_000_000_000L;
    static final int CHUNK = 512 * 1024;

    private final Host victim = new Host("ws-dave", "10.10.0.88", "3c:52:82:11:22:88");
    private final Host drop = new Host("drop.example.org", "198.51.100.200", OfficeTraffic.GATEWAY_MAC);

    private final int chunks;
    private final long periodNanos;

    public SlowExfiltration() {
        this(48, 600 * SECOND);
    }

    public SlowExfiltration(int chunks, long periodNanos) {
        this.chunks = chunks;
        this.periodNanos = periodNanos;
    }

    @Override
    public String name() {
        return "exfil-slow";
    }

    @Override
    public String description() {
        return victim.ip() + " uploads " + chunks + " chunks of " + CHUNK / 1024 + " KiB to " + drop.ip()
                + ":443 every " + periodNanos / SECOND + " s";
    }

    @Override
    public void play(Timeline t) {
        var random = t.random();
        long at = t.start() + 30 * SECOND;
        long first = at;
        long last = at;
        for (int i = 0; i < chunks; i++) {
            byte[] data = new byte[CHUNK];
            for (int k = 0; k < data.length; k += 8) {
                long r = random.nextLong();
                for (int b = 0; b < 8; b++) data[k + b] = (byte) (r >>> (8 * b));
            }
            byte[] ack = new byte[96];
            random.nextBytes(ack);
            new TcpConversation(t, victim, 50_000 + i, drop, 443, at, 60_000_000L).handshake()
                    .clientSends(data).serverSends(ack).close();
            last = at;
            at += Math.round(periodNanos * (1 + 0.05 * (2 * random.nextDouble() - 1)));
        }
        t.label(new Label(name(), description(), List.of("T1030", "T1029", "T1048"),
                List.of(victim.ip(), drop.ip()), first, last + 60 * SECOND));
    }
}
