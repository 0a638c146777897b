package io.sluice.protocol.socks;

import static io.sluice.protocol.socks.SocksBytes.*;
import static io.sluice.testing.CraftedSessions.client;
import static io.sluice.testing.CraftedSessions.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.testing.CraftedSessions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SOCKS through the whole pipeline: identification, the socks.log row, and the relayed protocol's own log. */
class SocksSessionsTest {
    private static final byte[] GET = ascii("GET /a HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

    @Test
    void aProxiedHttpRequestIsLoggedTwiceOverAndTheServiceNamesBoth(@TempDir Path dir) {
        List<Event> events = new CraftedSessions()
                .tcp("10.1.1.5", 51000, "10.1.1.9", 1080, 0.05, List.of(
                        client(v5Greeting(0)), server(v5Method(0)),
                        client(v5WithName(1, "www.example.com", 80)), server(v5WithV4(0, new int[] {10, 1, 1, 9}, 40000)),
                        client(GET), server(OK)))
                .events(dir);
        var socks = events.stream().filter(SocksRequest.class::isInstance).map(SocksRequest.class::cast).toList();
        assertThat(socks).singleElement().satisfies(r -> {
            assertThat(r.requestName()).isEqualTo("www.example.com");
            assertThat(r.requestPort()).isEqualTo(80);
            assertThat(r.status()).isEqualTo("succeeded");
        });
        assertThat(events).filteredOn(HttpTransaction.class::isInstance).map(HttpTransaction.class::cast)
                .singleElement().satisfies(t -> assertThat(t.uri()).isEqualTo("/a"));
        FlowRecord conn = CraftedSessions.flows(events).get(0);
        assertThat(conn.service()).isEqualTo("socks,http");
        assertThat(conn.serviceNonStandardPort()).as("the relayed protocol is on the proxy's port by design").isNull();
        assertThat(socks.get(0).uid()).isEqualTo(conn.uid());
    }

    @Test
    void aBinaryProtocolThatStartsLikeSocksOffPort1080IsNotTakenForIt(@TempDir Path dir) {
        // 05 01 00 looks like a greeting, but more follows in the same message: not a SOCKS client.
        byte[] lookalike = concat(new byte[] {5, 1, 0}, ascii("some binary protocol payload"));
        List<Event> events = new CraftedSessions()
                .tcp("10.1.1.5", 51001, "10.1.1.9", 7000, 0.05, List.of(client(lookalike), server(new byte[] {5, 0, 1, 2})))
                .events(dir);
        assertThat(events).noneMatch(SocksRequest.class::isInstance);
        assertThat(CraftedSessions.flows(events).get(0).service()).isNullOrEmpty();
    }
}
