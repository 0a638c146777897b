package io.sluice.protocol.socks;

import static io.sluice.protocol.socks.SocksBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SocksDissectorTest {
    private static final int[] IP = {93, 184, 216, 34};
    private static final int[] PROXY = {10, 0, 0, 2};
    private static final byte[] GET = ascii("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n");
    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");

    private RecordingContext ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 1080);
    private final Dissector d = SocksProtocol.SIGNATURE.create();

    private void client(byte[] b) {
        d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    private void server(byte[] b) {
        d.onData(false, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    private SocksRequest row() {
        d.onEnd(ctx);
        List<SocksRequest> rows = ctx.eventsOf(SocksRequest.class);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /**
     * Zeek stamps socks.log at its first SOCKS event: the greeting and the method choice raise none,
     * so a SOCKS 5 row is timed at the login (or the request, without one), not the connection's first data.
     */
    @Test
    void aSocks5RowIsTimedAtItsLoginOrRequestNotItsGreeting() {
        ctx.ts = 1_000_000_000L;
        client(v5Greeting(0, 2));
        ctx.ts = 1_100_000_000L;
        server(v5Method(2));
        ctx.ts = 1_200_000_000L;
        client(login("alice", "s3cret"));
        ctx.ts = 1_300_000_000L;
        server(loginStatus(0));
        client(v5WithName(1, "example.com", 443));
        server(v5WithV4(0, PROXY, 40000));
        assertThat(row().tsNanos()).isEqualTo(1_200_000_000L);

        ctx = RecordingContext.tcp("10.0.0.1", 50001, "10.0.0.2", 1080);
        var withoutLogin = SocksProtocol.SIGNATURE.create();
        ctx.ts = 1_000_000_000L;
        withoutLogin.onData(true, ByteBuffer.wrap(v5Greeting(0)), 0, 3, ctx);
        ctx.ts = 1_100_000_000L;
        withoutLogin.onData(false, ByteBuffer.wrap(v5Method(0)), 0, 2, ctx);
        ctx.ts = 1_400_000_000L;
        byte[] request = v5WithName(1, "example.com", 443);
        withoutLogin.onData(true, ByteBuffer.wrap(request), 0, request.length, ctx);
        withoutLogin.onEnd(ctx);
        assertThat(ctx.eventsOf(SocksRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.tsNanos()).isEqualTo(1_400_000_000L));
    }

    @Test
    void socks4ConnectGrantedHandsTheRestToTheStreamLayer() {
        ctx.ts = 1_000_000_000L;
        client(v4Request(1, 80, IP, "bob", null));
        assertThat(d.tunnelledBytes()).isEqualTo(-1);
        ctx.ts = 2_000_000_000L;
        server(v4Reply(0x5a, 0, new int[] {0, 0, 0, 0}));
        assertThat(d.tunnelledBytes()).as("the grant ends the chunk: nothing of the relay in it yet").isZero();
        var r = row();
        assertThat(r.tsNanos()).isEqualTo(1_000_000_000L);
        assertThat(r.version()).isEqualTo(4);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.requestHost()).isEqualTo("93.184.216.34");
        assertThat(r.requestName()).isNull();
        assertThat(r.requestPort()).isEqualTo(80);
        assertThat(r.boundHost()).isEqualTo("0.0.0.0");
        assertThat(r.boundPort()).isZero();
        assertThat(r.user()).as("the SOCKS 4 user id is not Zeek's user").isNull();
        assertThat(ctx.confirmed).containsExactly("socks");
    }

    @Test
    void socks4aCarriesAHostName() {
        client(v4Request(1, 443, null, "fd7b", "login.live.com"));
        server(v4Reply(0x5a, 443, new int[] {131, 253, 61, 80}));
        var r = row();
        assertThat(r.requestName()).isEqualTo("login.live.com");
        assertThat(r.requestHost()).isNull();
        assertThat(r.requestPort()).isEqualTo(443);
        assertThat(r.boundHost()).isEqualTo("131.253.61.80");
        assertThat(r.boundPort()).isEqualTo(443);
    }

    @Test
    void socks4RejectionIsLoggedAndNothingIsRelayed() {
        client(v4Request(1, 80, IP, "", null));
        server(v4Reply(0x5b, 0, new int[] {0, 0, 0, 0}));
        client(GET);
        var r = row();
        assertThat(r.status()).isEqualTo("general SOCKS server failure");
        assertThat(ctx.confirmed).containsExactly("socks");
        assertThat(d.tunnelledBytes()).isEqualTo(-1);
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void socks5LoginAndADomainName() {
        client(v5Greeting(0, 2));
        server(v5Method(2));
        client(login("alice", "s3cret"));
        server(loginStatus(0));
        client(v5WithName(1, "example.com", 443));
        server(v5WithV4(0, PROXY, 39348));
        var r = row();
        assertThat(r.version()).isEqualTo(5);
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.password()).as("Zeek's default: passwords are not captured").isNull();
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.requestName()).isEqualTo("example.com");
        assertThat(r.requestPort()).isEqualTo(443);
        assertThat(r.boundHost()).isEqualTo("10.0.0.2");
        assertThat(r.boundPort()).isEqualTo(39348);
    }

    @Test
    void socks5FailedLoginIsTheStatus() {
        client(v5Greeting(2));
        server(v5Method(2));
        client(login("alice", "wrong"));
        server(loginStatus(1));
        var r = row();
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.status()).isEqualTo("general SOCKS server failure");
        assertThat(r.requestPort()).isNull();
    }

    @Test
    void socks5RefusedConnectAndIpv6Addresses() {
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) 0xb8;
        v6[15] = 1;
        client(v5Greeting(0));
        server(v5Method(0));
        client(v5WithV6(1, v6, 22));
        server(v5WithV4(5, new int[] {0, 0, 0, 0}, 0));
        var r = row();
        assertThat(r.requestHost()).isEqualTo("2001:db8::1");
        assertThat(r.requestPort()).isEqualTo(22);
        assertThat(r.status()).isEqualTo("Connection refused");
    }

    @Test
    void noAcceptableMethodEndsWithoutAStatus() {
        client(v5Greeting(2));
        server(v5Method(0xff));
        var r = row();
        assertThat(r.status()).isNull();
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void theRelaysBytesInTheGrantsOwnChunkAreHandedOn() {
        client(v5Greeting(0));
        server(v5Method(0));
        client(concat(v5WithV4(1, IP, 80), GET)); // the request and optimistic relayed bytes in one segment
        assertThat(d.tunnelledBytes()).isEqualTo(-1);
        server(concat(v5WithV4(0, PROXY, 40000), OK)); // the reply and the far end's answer, likewise
        assertThat(d.tunnelledBytes()).isEqualTo(OK.length);
        assertThat(row().status()).isEqualTo("succeeded");
    }

    @Test
    void bindRelaysAfterTheSecondAnswer() {
        client(v4Request(2, 20, IP, "", null));
        server(v4Reply(0x5a, 40001, PROXY));
        assertThat(d.tunnelledBytes()).as("the first answer only names the bound port").isEqualTo(-1);
        server(v4Reply(0x5a, 20, IP)); // the far end connected to the bound port
        assertThat(d.tunnelledBytes()).isZero();
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(SocksRequest.class)).singleElement().satisfies(r -> {
            assertThat(r.boundHost()).isEqualTo("93.184.216.34");
            assertThat(r.boundPort()).isEqualTo(20);
        });
        assertThat(ctx.confirmed).containsExactly("socks");
    }

    @Test
    void aServerThatDoesNotAnswerAsSocksGetsNoRow() {
        client(v4Request(1, 80, IP, "", null));
        server(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"));
        d.onEnd(ctx);
        assertThat(ctx.confirmed).isEmpty();
        assertThat(ctx.events).isEmpty();
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void messagesSplitAcrossSegmentsAreGathered() {
        byte[] request = v5WithName(1, "example.org", 8443);
        client(v5Greeting(0));
        server(new byte[] {5});
        server(new byte[] {0});
        for (byte b : request) client(new byte[] {b});
        server(v5WithName(0, "proxy.example.net", 1234));
        var r = row();
        assertThat(r.requestName()).isEqualTo("example.org");
        assertThat(r.requestPort()).isEqualTo(8443);
        assertThat(r.boundName()).isEqualTo("proxy.example.net");
        assertThat(r.boundPort()).isEqualTo(1234);
    }

    @Property(tries = 500)
    void randomConversationsNeverThrow(@ForAll @Size(max = 8) List<@Size(max = 40) byte[]> chunks, @ForAll boolean clientFirst) {
        var c = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 1080);
        var dissector = SocksProtocol.SIGNATURE.create();
        byte[] first = v5Greeting(0, 2);
        dissector.onData(true, ByteBuffer.wrap(first), 0, first.length, c);
        boolean fromOrig = clientFirst;
        for (byte[] chunk : chunks) {
            dissector.onData(fromOrig, ByteBuffer.wrap(chunk), 0, chunk.length, c);
            assertThat(dissector.tunnelledBytes()).isLessThanOrEqualTo(chunk.length);
            fromOrig = !fromOrig;
        }
        dissector.onEnd(c);
        assertThat(c.eventsOf(SocksRequest.class)).hasSizeLessThanOrEqualTo(1);
    }
}
