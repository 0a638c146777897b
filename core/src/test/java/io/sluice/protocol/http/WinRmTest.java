package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WinRmTest {

    private static RecordingContext request(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 5985);
        var d = new HttpDissector();
        d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
        d.onEnd(ctx);
        return ctx;
    }

    @Test
    void aWsmanPostIsHttpAndWinrm() {
        var ctx = request("POST /wsman HTTP/1.1\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                + "Host: dc01:5985\r\nContent-Length: 0\r\n\r\n");
        assertThat(ctx.confirmed).containsExactly("http", "winrm");
    }

    @Test
    void otherRequestsAreOnlyHttp() {
        assertThat(request("GET /wsman HTTP/1.1\r\nHost: a\r\n\r\n").confirmed).containsExactly("http");
        assertThat(request("POST /wsmanager HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").confirmed)
                .containsExactly("http");
        assertThat(request("POST /api/wsman HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").confirmed)
                .containsExactly("http");
    }

    @Test
    void recognisesTheTargetForms() {
        assertThat(WinRm.isWsmanRequest("POST", "/wsman")).isTrue();
        assertThat(WinRm.isWsmanRequest("POST", "/WSMAN?PSVersion=5.1")).isTrue();
        assertThat(WinRm.isWsmanRequest("POST", "/wsman-anon/identify")).isTrue();
        assertThat(WinRm.isWsmanRequest("POST", "http://dc01:5985/wsman")).isTrue();
        assertThat(WinRm.isWsmanRequest("POST", "http://dc01:5985")).isFalse();
        assertThat(WinRm.isWsmanRequest("POST", "wsman")).isFalse();
        assertThat(WinRm.isWsmanRequest("PUT", "/wsman")).isFalse();
        assertThat(WinRm.isWsmanRequest("POST", null)).isFalse();
    }
}
