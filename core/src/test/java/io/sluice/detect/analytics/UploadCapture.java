package io.sluice.detect.analytics;

import io.sluice.capture.PcapWriter;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Crafts the traffic of the exfiltration and collection tests frame by frame: TCP connections that
 * carry many segments (uploads of megabytes, which {@link CraftedCapture}'s single-segment
 * conversations cannot), UDP datagrams and raw frames (GRE/ERSPAN, VXLAN). Written to a pcap and
 * run through the real pipeline with {@link CraftedCapture#eventsOf}.
 */
final class UploadCapture {
    private static final int SEGMENT = 60_000;
    private final List<Long> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private double t = 1_767_225_600.0;
    private int linkType = FrameBuilder.raw().linkType();

    /** Frames are Ethernet (built with {@link FrameBuilder#ethernet(String, String)}), not raw IP. */
    UploadCapture ethernet() {
        linkType = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").linkType();
        return this;
    }

    /** Moves the clock {@code seconds} forward. */
    UploadCapture after(double seconds) {
        t += seconds;
        return this;
    }

    /**
     * A TCP connection: handshake, the client's {@code hello}, then
     * {@code uploadBytes} more from the client in segments of 60,000 bytes of {@code filler}, the server's
     * {@code reply}, FINs.
     */
    UploadCapture tcpUpload(String client, int clientPort, String server, int serverPort, byte[] hello, byte[] reply,
            long uploadBytes, byte filler) {
        return tcpUpload(client, clientPort, server, serverPort, List.of(), hello, reply, uploadBytes, filler);
    }

    /**
     * Like {@link #tcpUpload(String, int, String, int, byte[], byte[], long, byte)}, with an exchange
     * first: each element "C:text" is sent by the client, "S:text" by the server, in order.
     */
    UploadCapture tcpUpload(String client, int clientPort, String server, int serverPort, List<String> exchange,
            byte[] hello, byte[] reply, long uploadBytes, byte filler) {
        long c = 1000, s = 5000;
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.SYN).seq(c).build());
        add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                .seq(s).ack(c + 1).build());
        c++;
        s++;
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK).seq(c).ack(s).build());
        for (String m : exchange) {
            byte[] p = m.substring(2).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (m.startsWith("C:")) {
                add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(c).ack(s).payload(p).build());
                c += p.length;
            } else {
                add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(s).ack(c).payload(p).build());
                s += p.length;
            }
        }
        if (hello.length > 0) {
            add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                    .seq(c).ack(s).payload(hello).build());
            c += hello.length;
        }
        byte[] chunk = new byte[SEGMENT];
        java.util.Arrays.fill(chunk, filler);
        for (long left = uploadBytes; left > 0; ) {
            int n = (int) Math.min(SEGMENT, left);
            byte[] p = n == SEGMENT ? chunk : java.util.Arrays.copyOf(chunk, n);
            add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK).seq(c).ack(s)
                    .payload(p).build());
            c += n;
            left -= n;
            if ((uploadBytes - left) % (SEGMENT * 8L) == 0) {
                add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK).seq(s).ack(c)
                        .build());
            }
        }
        if (reply.length > 0) {
            add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                    .seq(s).ack(c).payload(reply).build());
            s += reply.length;
        }
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(c).ack(s).build());
        add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(s).ack(c + 1).build());
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK).seq(c + 1).ack(s + 1)
                .build());
        t += 5;
        return this;
    }

    /** A UDP datagram. */
    UploadCapture udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        return frame(() -> FrameBuilder.raw().ipv4(src, dst).udp(srcPort, dstPort).payload(payload).build());
    }

    /** Any frame, built with {@link FrameBuilder#raw()} (or Ethernet after {@link #ethernet()}). */
    UploadCapture frame(Supplier<byte[]> frame) {
        add(frame.get());
        return this;
    }

    private void add(byte[] frame) {
        t += 0.001;
        times.add(Math.round(t * 1e9));
        frames.add(frame);
    }

    /** Writes the pcap into {@code dir} and returns every event the pipeline emitted, in order. */
    List<Event> events(Path dir) {
        var pcap = dir.resolve("upload.pcap");
        try (var w = PcapWriter.create(pcap, linkType, 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(times.get(i), frames.get(i), 0, frames.get(i).length, frames.get(i).length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CraftedCapture.eventsOf(pcap);
    }
}
