package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ContentEvent;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.flow.FlowConfig;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.ProtocolRegistry;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.ssh.SshProtocol;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.protocol.tls.TlsProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An HTTP CONNECT tunnel the proxy accepted carries another protocol, which Zeek's HTTP analyzer
 * hands to a fresh protocol detection: the tunnelled TLS (or SSH) session gets its own log row on
 * the same connection, as https-connect.pcap of the JA4 corpus shows in tshark and in Zeek.
 */
class ConnectTunnelTest {
    final List<FlowRecord> conns = new ArrayList<>();
    final List<ContentEvent> content = new ArrayList<>();
    final FlowListener listener = FlowListener.collecting(e -> {
        if (e instanceof FlowRecord r) conns.add(r);
        else if (e instanceof ContentEvent c) content.add(c);
    });

    static final String CONNECT = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n";

    void run(Conversation conv) {
        var registry = new ProtocolRegistry(List.of(HttpProtocol.SIGNATURE, TlsProtocol.SIGNATURE, SshProtocol.SIGNATURE));
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(), registry, listener);
        assertThat(pipeline.run(conv.source, null)).isNull();
        pipeline.finish();
    }

    <T> List<T> events(Class<T> type) {
        return content.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void tlsInsideAnAcceptedConnectIsLoggedOnTheSameConnection() {
        byte[] hello = clientHello("example.com");
        String ok = "HTTP/1.1 200 Connection established\r\n\r\n";
        var conv = new Conversation(3128).handshake()
                .c(1, CONNECT, 1)
                .s(1, ok, 1 + CONNECT.length())
                .c(1 + CONNECT.length(), hello, 1 + ok.length())
                .close(1 + CONNECT.length() + hello.length, 1 + ok.length());
        run(conv);

        var http = events(HttpTransaction.class);
        assertThat(http).hasSize(1);
        assertThat(http.get(0).method()).isEqualTo("CONNECT");
        assertThat(http.get(0).statusCode()).isEqualTo(200L);
        var tls = events(TlsHandshake.class);
        assertThat(tls).hasSize(1);
        assertThat(tls.get(0).serverName()).isEqualTo("example.com");
        assertThat(tls.get(0).uid()).isEqualTo(http.get(0).uid());
        assertThat(conns).hasSize(1);
        assertThat(conns.get(0).service()).isEqualTo("http,ssl");
        // the tunnelled protocol runs on the proxy's port by design, not on a non-standard one
        assertThat(conns.get(0).serviceNonStandardPort()).isNull();
    }

    @Test
    void bytesAfterTheProxysAnswerInTheSameSegmentStartTheTunnel() {
        // SSH's server speaks first: its banner can share the segment of the proxy's 200
        String ok = "HTTP/1.0 200 OK\r\n\r\nSSH-2.0-OpenSSH_9.6\r\n";
        String banner = "SSH-2.0-Client_1.0\r\n";
        var conv = new Conversation(8080).handshake()
                .c(1, CONNECT, 1)
                .s(1, ok, 1 + CONNECT.length())
                .c(1 + CONNECT.length(), banner, 1 + ok.length())
                .close(1 + CONNECT.length() + banner.length(), 1 + ok.length());
        run(conv);

        var ssh = events(SshHandshake.class);
        assertThat(ssh).hasSize(1);
        assertThat(ssh.get(0).server()).isEqualTo("SSH-2.0-OpenSSH_9.6");
        assertThat(ssh.get(0).client()).isEqualTo("SSH-2.0-Client_1.0");
        assertThat(conns.get(0).service()).isEqualTo("http,ssh");
    }

    @Test
    void aRefusedConnectStaysHttp() {
        String no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
        byte[] hello = clientHello("example.com");
        var conv = new Conversation(3128).handshake()
                .c(1, CONNECT, 1)
                .s(1, no, 1 + CONNECT.length())
                .c(1 + CONNECT.length(), hello, 1 + no.length())
                .close(1 + CONNECT.length() + hello.length, 1 + no.length());
        run(conv);

        assertThat(events(TlsHandshake.class)).isEmpty();
        assertThat(conns.get(0).service()).isEqualTo("http");
    }

    /** A TLS 1.2 ClientHello record with one cipher suite and a server_name extension. */
    static byte[] clientHello(String sni) {
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        var ext = new ByteArrayOutputStream();
        u16(ext, 0); // server_name
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0); // host_name
        u16(ext, name.length);
        ext.writeBytes(name);
        var body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        u16(body, 2);
        u16(body, 0xc02f);
        body.write(1);
        body.write(0); // null compression
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        var rec = new ByteArrayOutputStream();
        rec.write(22);
        u16(rec, 0x0301);
        u16(rec, body.size() + 4);
        rec.write(1); // ClientHello
        rec.write(0);
        u16(rec, body.size());
        rec.writeBytes(body.toByteArray());
        return rec.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
