package io.sluice.generate;

import java.util.List;

/**
 * Discovery from a compromised workstation, as an operator's first minutes on a LAN look: a ping
 * sweep of the neighbouring /24 (ATT&CK T1018), then a sweep of TCP port 445 over the same
 * addresses (T1046, T1595.001) with half-open probes, as a SYN scanner sends them. Most addresses
 * hold no host: their probes go unanswered; a few hosts answer the ping, some refuse 445, and
 * the file servers accept it.
 *
 * <p>Labels: one for the ping sweep and one for the port sweep, each with the scanning host.
 */
public final class NetworkSweep implements Scenario {
    private static final long MS = 1_000_000L;

    private final Host scanner = new Host("ws-compromised", "10.10.0.66", "3c:52:82:11:22:66");
    private final String subnet = "10.10.1.";
    private final int first = 1;
    private final int last = 60;
    private final int port = 445;

    public Host scanner() {
        return scanner;
    }

    /** How many addresses each sweep probes. */
    public int targets() {
        return last - first + 1;
    }

    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "network-sweep";
    }

    @Override
    public String description() {
        return "a workstation pings " + targets() + " addresses of " + subnet + "0/24, then probes port " + port + " on them";
    }

    @Override
    public void play(Timeline t) {
        long start = t.start() + 30_000 * MS;
        long at = start;
        byte[] data = new byte[32];
        for (int i = 0; i < data.length; i++) data[i] = (byte) ('a' + i % 23);
        for (int h = first; h <= last; h++) {
            Host target = target(h);
            t.add(at, Frames.ip(scanner, target).icmpEcho(0x4d2, h).payload(data).build());
            if (alive(h)) t.add(at + 400_000, Frames.ip(target, scanner).icmpEchoReply(0x4d2, h).payload(data).build());
            at += (15 + t.random().nextInt(20)) * MS;
        }
        long pingEnd = at;
        t.label(new Label(name(), "ping sweep of " + targets() + " addresses", List.of("T1018"),
                List.of(scanner.ip()), start, pingEnd));

        long sweepStart = at + 5_000 * MS;
        at = sweepStart;
        for (int h = first; h <= last; h++) {
            Host target = target(h);
            int sport = 50_000 + t.random().nextInt(10_000);
            var probe = new TcpConversation(t, scanner, sport, target, port, at, 1 * MS);
            if (h % 10 == 0) probe.halfOpen(); // file servers listen on 445
            else if (alive(h)) probe.refused();
            else probe.unanswered();
            at += (20 + t.random().nextInt(30)) * MS;
        }
        t.label(new Label(name(), "SYN sweep of port " + port + " on " + targets() + " addresses",
                List.of("T1046", "T1595.001"), List.of(scanner.ip()), sweepStart, at));
    }

    /** About one address in four holds a host. */
    private static boolean alive(int h) {
        return h % 4 == 1 || h % 10 == 0;
    }

    private Host target(int h) {
        return new Host("10.10.1." + h, subnet + h, String.format("00:50:56:01:%02x:%02x", h >> 8, h & 0xff));
    }
}
