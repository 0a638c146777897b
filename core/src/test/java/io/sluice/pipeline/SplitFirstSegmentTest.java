package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ContentEvent;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.flow.FlowConfig;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.ProtocolRegistry;
import io.sluice.protocol.ftp.FtpProtocol;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.ssh.SshProtocol;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.protocol.tls.TlsProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sender that cuts its first bytes into a tiny segment ("G" then "ET / HTTP/1.1", one byte of a
 * TLS record header) must not hide its protocol or lose those bytes: tshark and Zeek look at the
 * stream, not at segments. Each case was a crafted capture where tshark showed the full message
 * and Sluice logged a method "T", a ClientHello-less TLS session or no server banner.
 */
class SplitFirstSegmentTest {
    final List<FlowRecord> conns = new ArrayList<>();
    final List<ContentEvent> content = new ArrayList<>();
    final FlowListener listener = FlowListener.collecting(e -> {
        if (e instanceof FlowRecord r) conns.add(r);
        else if (e instanceof ContentEvent c) content.add(c);
    });

    void run(Conversation conv) {
        var registry = new ProtocolRegistry(List.of(HttpProtocol.SIGNATURE, TlsProtocol.SIGNATURE, SshProtocol.SIGNATURE,
                FtpProtocol.SIGNATURE));
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(), registry, listener);
        assertThat(pipeline.run(conv.source, null)).isNull();
        pipeline.finish();
    }

    <T> List<T> events(Class<T> type) {
        return content.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void httpRequestLineCutAfterTwoBytes() {
        String req = "GET /split HTTP/1.1\r\nHost: h.example\r\n\r\n";
        String resp = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        run(new Conversation(80).handshake()
                .c(1, req.substring(0, 2), 1).c(3, req.substring(2), 1)
                .s(1, resp, 1 + req.length())
                .close(1 + req.length(), 1 + resp.length()));
        var http = events(HttpTransaction.class);
        assertThat(http).hasSize(1);
        assertThat(http.get(0).method()).isEqualTo("GET");
        assertThat(http.get(0).uri()).isEqualTo("/split");
        assertThat(http.get(0).statusCode()).isEqualTo(200L);
    }

    @Test
    void tlsClientHelloCutAfterItsFirstByte() {
        byte[] hello = ConnectTunnelTest.clientHello("one.example");
        run(new Conversation(443).handshake()
                .c(1, Arrays.copyOfRange(hello, 0, 1), 1).c(2, Arrays.copyOfRange(hello, 1, hello.length), 1)
                .close(1 + hello.length, 1));
        var tls = events(TlsHandshake.class);
        assertThat(tls).hasSize(1);
        assertThat(tls.get(0).serverName()).isEqualTo("one.example");
        assertThat(tls.get(0).ja3()).isNotNull();
        assertThat(tls.get(0).sslHistory()).isEqualTo("C");
    }

    @Test
    void sshServerBannerCutAfterItsFirstByte() {
        String server = "SSH-2.0-OpenSSH_9.6\r\n", client = "SSH-2.0-Client_1\r\n";
        run(new Conversation(22).handshake()
                .s(1, server.substring(0, 1), 1).s(2, server.substring(1), 1)
                .c(1, client, 1 + server.length())
                .close(1 + client.length(), 1 + server.length()));
        var ssh = events(SshHandshake.class);
        assertThat(ssh).hasSize(1);
        assertThat(ssh.get(0).server()).isEqualTo("SSH-2.0-OpenSSH_9.6");
        assertThat(ssh.get(0).client()).isEqualTo("SSH-2.0-Client_1");
        assertThat(conns.get(0).service()).isEqualTo("ssh");
    }
}
