package io.sluice.detect.analytics;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PcapWriter;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.flow.FlowConfig;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Crafts TCP conversations frame by frame, writes them to a pcap and runs the real pipeline (decode,
 * flow table, stream reassembly, content identification) over it, so an analytic's test sees the
 * events that traffic of that kind produces, not hand-built records.
 */
final class CraftedCapture {
    private final List<long[]> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private double t = 1_767_225_600.0;

    /** The next conversation starts {@code seconds} after 2026-01-01T00:00:00Z (for timed series). */
    CraftedCapture at(double seconds) {
        t = 1_767_225_600.0 + seconds;
        return this;
    }

    /** A TCP connection: handshake, the server's then the client's payload, FINs. */
    CraftedCapture tcp(String client, int clientPort, String server, int serverPort, String serverSays, String clientSays) {
        return conversation(client, clientPort, server, serverPort, serverSays, clientSays, true);
    }

    /** A TCP connection where the client speaks first (HTTP): handshake, request, response, FINs. */
    CraftedCapture request(String client, int clientPort, String server, int serverPort, String clientSays, String serverSays) {
        return conversation(client, clientPort, server, serverPort, serverSays, clientSays, false);
    }

    private CraftedCapture conversation(String client, int clientPort, String server, int serverPort, String serverSays,
            String clientSays, boolean serverFirst) {
        long cIsn = 1000, sIsn = 5000;
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.SYN).seq(cIsn).build());
        add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                .seq(sIsn).ack(cIsn + 1).build());
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                .seq(cIsn + 1).ack(sIsn + 1).build());
        byte[] s = serverSays.getBytes(StandardCharsets.ISO_8859_1);
        byte[] c = clientSays.getBytes(StandardCharsets.ISO_8859_1);
        if (serverFirst) {
            if (s.length > 0) {
                add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(sIsn + 1).ack(cIsn + 1).payload(s).build());
            }
            if (c.length > 0) {
                add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(cIsn + 1).ack(sIsn + 1 + s.length).payload(c).build());
            }
        } else {
            if (c.length > 0) {
                add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(cIsn + 1).ack(sIsn + 1).payload(c).build());
            }
            if (s.length > 0) {
                add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(sIsn + 1).ack(cIsn + 1 + c.length).payload(s).build());
            }
        }
        long cEnd = cIsn + 1 + c.length, sEnd = sIsn + 1 + s.length;
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(cEnd).ack(sEnd).build());
        add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(sEnd).ack(cEnd + 1).build());
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                .seq(cEnd + 1).ack(sEnd + 1).build());
        t += 5;
        return this;
    }

    /** A UDP exchange: the client's datagram, then the server's answer (none when {@code answer} is null). */
    CraftedCapture udp(String client, int clientPort, String server, int serverPort, byte[] request, byte[] answer) {
        add(FrameBuilder.raw().ipv4(client, server).udp(clientPort, serverPort).payload(request).build());
        if (answer != null) add(FrameBuilder.raw().ipv4(server, client).udp(serverPort, clientPort).payload(answer).build());
        t += 5;
        return this;
    }

    private void add(byte[] frame) {
        t += 0.01;
        times.add(new long[] {Math.round(t * 1e9)});
        frames.add(frame);
    }

    /** Writes the pcap into {@code dir} and returns every event the pipeline emitted, in order. */
    List<Event> events(Path dir) {
        var pcap = dir.resolve("crafted.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(times.get(i)[0], frames.get(i), 0, frames.get(i).length, frames.get(i).length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return eventsOf(pcap);
    }

    /** Every event the real pipeline emits for a capture (crafted here, or a corpus file), in order. */
    static List<Event> eventsOf(Path pcap) {
        return eventsOf(pcap, FlowConfig.defaults());
    }

    /** {@link #eventsOf(Path)} with this flow configuration (checksums off, as {@code analyze -C}). */
    static List<Event> eventsOf(Path pcap, FlowConfig flows) {
        var events = new ArrayList<Event>();
        var listener = FlowListener.collecting(events::add);
        var pipeline = new PacketPipeline(flows, DissectionConfig.defaults(), Protocols.standard(), listener);
        try (var source = CaptureInputs.open(pcap)) {
            var damage = pipeline.run(source, null);
            if (damage != null) throw new IllegalStateException(damage.describe());
        } catch (Exception e) {
            throw new IllegalStateException("the crafted capture did not run: " + e, e);
        }
        pipeline.finish();
        return events;
    }
}
