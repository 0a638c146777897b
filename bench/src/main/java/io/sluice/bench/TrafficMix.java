package io.sluice.bench;

import static io.sluice.packet.craft.FrameBuilder.ACK;
import static io.sluice.packet.craft.FrameBuilder.FIN;
import static io.sluice.packet.craft.FrameBuilder.PSH;
import static io.sluice.packet.craft.FrameBuilder.SYN;

import io.sluice.packet.craft.FrameBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Ethernet traffic for the benchmarks: whole conversations (TCP handshake, data, teardown; UDP
 * request/response) crafted with {@link FrameBuilder}, each conversation between its own pair of
 * addresses and ports, and {@value #INTERLEAVE} conversations interleaved packet by packet as on a
 * real link. Deterministic: the same kind gives the same frames. Allocates freely; used at setup only.
 */
public final class TrafficMix implements BenchCapture.Frames {
    /** Conversations in progress at once; their packets alternate, so consecutive packets are of different flows. */
    static final int INTERLEAVE = 64;

    /** What a benchmark parameter selects. */
    public enum Kind {
        /** IPv4 TCP conversations of 10 packets (handshake, a request, a 3-segment response, teardown). */
        TCP,
        /** IPv4 UDP request/response pairs, DNS-sized. */
        UDP,
        /** The TCP conversation over IPv6. */
        IPV6,
        /** The TCP conversation under an 802.1Q tag, every other one under QinQ. */
        VLAN,
        /** Tunnelled conversations: VXLAN (Ethernet/IPv4/TCP inside), GRE (IPv4/UDP inside), Teredo (IPv6/UDP inside). */
        TUNNEL,
        /** Of every 20 conversations: 12 TCP, 4 UDP, 2 IPv6, 1 VLAN, 1 tunnelled. */
        MIXED
    }

    private static final byte[] REQUEST = new byte[320];
    private static final byte[] SEGMENT = new byte[1400];
    private static final byte[] QUERY = new byte[40];
    private static final byte[] ANSWER = new byte[180];

    private final Kind kind;
    private final List<List<byte[]>> active = new ArrayList<>();
    private final int[] next = new int[INTERLEAVE];
    private int conversations;
    private int slot;

    TrafficMix(Kind kind) {
        this.kind = kind;
        for (int i = 0; i < INTERLEAVE; i++) {
            active.add(conversation(conversations++));
        }
    }

    /** The first {@code count} frames of a mix. */
    static List<byte[]> frames(Kind kind, int count) {
        var mix = new TrafficMix(kind);
        var out = new ArrayList<byte[]>(count);
        for (int i = 0; i < count; i++) {
            out.add(mix.next());
        }
        return out;
    }

    /** The next frame; sequential calls only ({@code i} is ignored). */
    @Override
    public byte[] frame(int i) {
        return next();
    }

    byte[] next() {
        int s = slot;
        slot = (slot + 1) % INTERLEAVE;
        if (next[s] == active.get(s).size()) {
            active.set(s, conversation(conversations++));
            next[s] = 0;
        }
        return active.get(s).get(next[s]++);
    }

    /** Conversations started so far (roughly the flows of the frames handed out). */
    int conversations() {
        return conversations;
    }

    private List<byte[]> conversation(int n) {
        Kind k = kind;
        if (k == Kind.MIXED) {
            int m = n % 20;
            k = m < 12 ? Kind.TCP : m < 16 ? Kind.UDP : m < 18 ? Kind.IPV6 : m < 19 ? Kind.VLAN : Kind.TUNNEL;
        }
        Endpoints e = new Endpoints(n);
        return switch (k) {
            case TCP -> tcp(e, () -> ether().ipv4(e.client4, e.server4), () -> ether().ipv4(e.server4, e.client4));
            case IPV6 -> tcp(e, () -> ether().ipv6(e.client6, e.server6), () -> ether().ipv6(e.server6, e.client6));
            case VLAN -> {
                int v = 100 + n % 50;
                yield n % 2 == 0
                        ? tcp(e, () -> ether().vlan(v).ipv4(e.client4, e.server4), () -> ether().vlan(v).ipv4(e.server4, e.client4))
                        : tcp(e, () -> ether().qinq(v, 7).ipv4(e.client4, e.server4), () -> ether().qinq(v, 7).ipv4(e.server4, e.client4));
            }
            case UDP -> udp(e, () -> ether().ipv4(e.client4, e.server4), () -> ether().ipv4(e.server4, e.client4));
            case TUNNEL -> switch (n % 3) {
                case 0 -> tcp(e, () -> ether().ipv4("172.16.0.1", "172.16.0.2").vxlan(n % 4096).innerEthernet("02:00:00:00:01:01", "02:00:00:00:01:02").ipv4(e.client4, e.server4),
                        () -> ether().ipv4("172.16.0.2", "172.16.0.1").vxlan(n % 4096).innerEthernet("02:00:00:00:01:02", "02:00:00:00:01:01").ipv4(e.server4, e.client4));
                case 1 -> udp(e, () -> ether().ipv4("172.16.1.1", "172.16.1.2").gre().ipv4(e.client4, e.server4),
                        () -> ether().ipv4("172.16.1.2", "172.16.1.1").gre().ipv4(e.server4, e.client4));
                default -> udp(e, () -> ether().ipv4("198.51.100.7", "203.0.113.9").teredo().ipv6(e.client6, e.server6),
                        () -> ether().ipv4("203.0.113.9", "198.51.100.7").teredo().ipv6(e.server6, e.client6));
            };
            case MIXED -> throw new AssertionError("resolved above");
        };
    }

    /** A TCP conversation of 10 packets: SYN, SYN-ACK, ACK, request, ACK, 3 response segments, FIN, FIN. */
    private static List<byte[]> tcp(Endpoints e, Prefix toServer, Prefix toClient) {
        long c = 1000L + e.n, s = 5000L + e.n;
        int cp = e.clientPort, sp = e.serverPort;
        var out = new ArrayList<byte[]>(10);
        out.add(toServer.get().tcp(cp, sp).flags(SYN).seq(c).build());
        out.add(toClient.get().tcp(sp, cp).flags(SYN | ACK).seq(s).ack(c + 1).build());
        out.add(toServer.get().tcp(cp, sp).flags(ACK).seq(c + 1).ack(s + 1).build());
        out.add(toServer.get().tcp(cp, sp).flags(PSH | ACK).seq(c + 1).ack(s + 1).payload(REQUEST).build());
        long ca = c + 1 + REQUEST.length;
        out.add(toClient.get().tcp(sp, cp).flags(ACK).seq(s + 1).ack(ca).build());
        for (int i = 0; i < 3; i++) {
            out.add(toClient.get().tcp(sp, cp).flags(ACK).seq(s + 1 + (long) i * SEGMENT.length).ack(ca).payload(SEGMENT).build());
        }
        long sa = s + 1 + 3L * SEGMENT.length;
        out.add(toServer.get().tcp(cp, sp).flags(FIN | ACK).seq(ca).ack(sa).build());
        out.add(toClient.get().tcp(sp, cp).flags(FIN | ACK).seq(sa).ack(ca + 1).build());
        return out;
    }

    /** A UDP exchange of 4 packets: two queries and their answers. */
    private static List<byte[]> udp(Endpoints e, Prefix toServer, Prefix toClient) {
        int cp = e.clientPort, sp = 53;
        return List.of(
                toServer.get().udp(cp, sp).payload(QUERY).build(),
                toClient.get().udp(sp, cp).payload(ANSWER).build(),
                toServer.get().udp(cp, sp).payload(QUERY).build(),
                toClient.get().udp(sp, cp).payload(ANSWER).build());
    }

    private static FrameBuilder ether() {
        return FrameBuilder.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02");
    }

    /** The headers in front of the transport layer, one direction. */
    private interface Prefix {
        FrameBuilder get();
    }

    /** Addresses and ports of conversation {@code n}: distinct for each n up to 2^24. */
    private record Endpoints(int n, String client4, String server4, String client6, String server6, int clientPort, int serverPort) {
        Endpoints(int n) {
            this(n,
                    "10." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff),
                    "192.168." + (n % 7) + ".10",
                    "2001:db8:1::" + Integer.toHexString(n & 0xffff) + ":" + Integer.toHexString(n >>> 16),
                    "2001:db8:2::" + (n % 7 + 1),
                    1024 + n % 60_000,
                    new int[] {80, 443, 8080, 22, 445}[n % 5]);
        }
    }
}
