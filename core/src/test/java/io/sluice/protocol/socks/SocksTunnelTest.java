package io.sluice.protocol.socks;

import static io.sluice.protocol.socks.SocksBytes.*;
import static io.sluice.testing.CraftedSessions.client;
import static io.sluice.testing.CraftedSessions.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.testing.CraftedSessions;
import io.sluice.testing.CraftedSessions.Message;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tunnel.log rows of SOCKS proxies through the whole pipeline, as Zeek's SOCKS script registers
 * them: one tunnel per client, proxy address and proxy port ({@code orig_p} 0, no uid), discovered
 * at the first request, refreshed by every later one, expired after an hour without requests, never
 * closed, and left without a row at the end of input.
 */
class SocksTunnelTest {
    private static final String CLIENT = "10.1.1.5", OTHER_CLIENT = "10.1.1.6", PROXY = "10.1.1.9";
    private static final int[] TARGET = {93, 184, 216, 34};
    private static final byte[] GET = ascii("GET /a HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    private static final long HOUR = 3_600_000_000_000L;

    /** A SOCKS 4 CONNECT the proxy grants, then an HTTP exchange through it. */
    private static List<Message> socks4() {
        return List.of(client(v4Request(1, 80, TARGET, "bob", null)), server(v4Reply(0x5a, 80, TARGET)), client(GET), server(OK));
    }

    /** A SOCKS 5 greeting, no authentication, a CONNECT by name the proxy grants, then HTTP. */
    private static List<Message> socks5() {
        return List.of(client(v5Greeting(0)), server(v5Method(0)), client(v5WithName(1, "www.example.com", 80)),
                server(v5WithV4(0, new int[] {10, 1, 1, 9}, 40000)), client(GET), server(OK));
    }

    private static List<TunnelEvent> tunnels(List<Event> events) {
        return events.stream().filter(TunnelEvent.class::isInstance).map(TunnelEvent.class::cast).toList();
    }

    private static List<SocksRequest> socks(List<Event> events) {
        return events.stream().filter(SocksRequest.class::isInstance).map(SocksRequest.class::cast).toList();
    }

    private static FlowRecord conn(List<Event> events, int clientPort) {
        return CraftedSessions.flows(events).stream().filter(f -> f.id().origP() == clientPort).findFirst().orElseThrow();
    }

    @Test
    void twoConnectionsFromOneClientToOneProxyAreOneTunnelAndASecondClientHasItsOwn(@TempDir Path dir) {
        List<Event> events = new CraftedSessions()
                .tcp(CLIENT, 51000, PROXY, 1080, 0.05, socks4())
                .tcp(CLIENT, 51001, PROXY, 1080, 0.05, socks5())
                .tcp(OTHER_CLIENT, 52000, PROXY, 1080, 0.05, socks4())
                .events(dir);
        List<SocksRequest> rows = socks(events);
        assertThat(rows).extracting(SocksRequest::version).containsExactly(4, 5, 4);
        assertThat(tunnels(events)).hasSize(2);
        assertThat(tunnels(events).get(0)).satisfies(t -> {
            assertThat(t.action()).isEqualTo("Tunnel::DISCOVER");
            assertThat(t.tunnelType()).isEqualTo("Tunnel::SOCKS");
            assertThat(t.uid()).isNull();
            assertThat(t.id()).isEqualTo(new ConnId(CLIENT, 0, PROXY, 1080));
            // the SOCKS 4 request is the connection's first payload: socks.log's ts is its packet's
            assertThat(t.tsNanos()).isEqualTo(rows.get(0).tsNanos());
        });
        assertThat(tunnels(events).get(1)).satisfies(t -> {
            assertThat(t.action()).isEqualTo("Tunnel::DISCOVER");
            assertThat(t.uid()).isNull();
            assertThat(t.id()).isEqualTo(new ConnId(OTHER_CLIENT, 0, PROXY, 1080));
            assertThat(t.tsNanos()).isEqualTo(rows.get(2).tsNanos());
        });
    }

    @Test
    void requestsLessThanAnHourApartKeepTheTunnelAndAnHourWithoutOneExpiresIt(@TempDir Path dir) {
        // Each request refreshes the entry (Zeek's `in` test is a read of a &read_expire table): the
        // first one is 6,000 s old when the third comes, yet the tunnel is still the same.
        List<Event> events = new CraftedSessions()
                .at(0).tcp(CLIENT, 51000, PROXY, 1080, 0.05, socks4())
                .at(3000).tcp(CLIENT, 51001, PROXY, 1080, 0.05, socks5())
                .at(6000).tcp(CLIENT, 51002, PROXY, 1080, 0.05, socks4())
                .at(6000 + 3700).tcp(CLIENT, 51003, PROXY, 1080, 0.05, socks5())
                .events(dir);
        List<TunnelEvent> tunnels = tunnels(events);
        assertThat(tunnels).extracting(TunnelEvent::action)
                .containsExactly("Tunnel::DISCOVER", "Tunnel::EXPIRE", "Tunnel::DISCOVER");
        assertThat(tunnels).extracting(TunnelEvent::id).containsOnly(new ConnId(CLIENT, 0, PROXY, 1080));
        assertThat(tunnels).extracting(TunnelEvent::uid).containsOnlyNulls();
        assertThat(tunnels.get(0).tsNanos()).isEqualTo(socks(events).get(0).tsNanos());
        // expired at the first packet an hour after the last request: the fourth connection's SYN
        long lastRequest = socks(events).get(2).tsNanos();
        FlowRecord fourth = conn(events, 51003);
        assertThat(tunnels.get(1).tsNanos()).isEqualTo(fourth.tsNanos()).isGreaterThan(lastRequest + HOUR);
        // rediscovered at the fourth connection's request (SOCKS 5: after the greeting and the method)
        assertThat(tunnels.get(2).tsNanos()).isGreaterThan(fourth.tsNanos());
        assertThat(tunnels.get(2).tsNanos()).isLessThan(fourth.tsNanos() + fourth.durationNanos());
    }

    @Test
    void onPort1080AnUnansweredRequestIsATunnelButOffItOnlyOnceTheProxyAnswered(@TempDir Path dir) {
        List<Event> events = new CraftedSessions()
                // Zeek's analyzer is on port 1080 from the start: the request counts unanswered
                .tcp(CLIENT, 51000, PROXY, 1080, 0.05, List.of(client(v4Request(1, 80, TARGET, "bob", null))))
                // off port 1080 Zeek enables it on the proxy's answer: none came, no tunnel
                .tcp(CLIENT, 51001, PROXY, 9050, 0.05, List.of(client(v4Request(1, 80, TARGET, "bob", null))))
                // answered two seconds later: the replayed request counts at the answer's packet
                .tcp(OTHER_CLIENT, 52000, PROXY, 9050, 2.0, socks4())
                .events(dir);
        List<TunnelEvent> tunnels = tunnels(events);
        assertThat(tunnels).extracting(TunnelEvent::id)
                .containsExactly(new ConnId(CLIENT, 0, PROXY, 1080), new ConnId(OTHER_CLIENT, 0, PROXY, 9050));
        assertThat(tunnels).extracting(TunnelEvent::action).containsOnly("Tunnel::DISCOVER");
        // socks.log has only the answered one, stamped as Zeek stamps it: at its first SOCKS event, the
        // request, which Zeek reads off port 1080 only when it replays it at the answer
        assertThat(socks(events)).singleElement().satisfies(r -> {
            assertThat(r.id().respP()).isEqualTo(9050);
            assertThat(r.tsNanos()).isEqualTo(tunnels.get(1).tsNanos());
        });
        assertThat(events).filteredOn(e -> e instanceof io.sluice.event.FlowRecord f && f.id().respP() == 9050
                        && f.id().origH().equals(OTHER_CLIENT))
                .singleElement().satisfies(f -> assertThat(tunnels.get(1).tsNanos() - f.tsNanos())
                        .isBetween(2_000_000_000L, 2_100_000_000L));
    }

    @Test
    void aUdpAssociateIsATunnelButARequestZeeksAnalyzerRejectsIsNot(@TempDir Path dir) {
        byte[] associate = v5WithV4(3, new int[] {0, 0, 0, 0}, 0);
        byte[] reservedSet = v5WithV4(1, TARGET, 80);
        reservedSet[2] = 1; // RSV must be 0: Zeek's analyzer raises a violation and no socks_request
        List<Event> events = new CraftedSessions()
                .tcp(CLIENT, 51000, PROXY, 1080, 0.05, List.of(client(v5Greeting(0)), server(v5Method(0)), client(associate),
                        server(v5WithV4(0, new int[] {10, 1, 1, 9}, 40001))))
                .tcp(OTHER_CLIENT, 52000, PROXY, 1080, 0.05, List.of(client(v5Greeting(0)), server(v5Method(0)),
                        client(reservedSet), server(v5WithV4(0, new int[] {10, 1, 1, 9}, 40002))))
                .events(dir);
        assertThat(tunnels(events)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(new ConnId(CLIENT, 0, PROXY, 1080));
            assertThat(t.action()).isEqualTo("Tunnel::DISCOVER");
        });
    }
}
