package io.sluice.testing;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PcapWriter;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.flow.FlowConfig;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Crafts TCP sessions of several messages each way (split into segments of at most 1,400 bytes),
 * optionally picked up midstream (no handshake), and UDP exchanges, writes them to a pcap and runs
 * the real pipeline (decode, flow table, reassembly, identification, dissectors) over it. For tests
 * of what the content layer measures on payload no dissector knows, and of analytics over it.
 */
public final class CraftedSessions {
    /** One message: who sends it and its bytes. */
    public record Message(boolean fromClient, byte[] bytes) {}

    public static Message client(byte[] b) {
        return new Message(true, b);
    }

    public static Message server(byte[] b) {
        return new Message(false, b);
    }

    private static final int MSS = 1400;
    private final List<Long> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private double t = 1_767_225_600.0;

    /** The next session starts {@code seconds} after 2026-01-01T00:00:00Z. */
    public CraftedSessions at(double seconds) {
        t = 1_767_225_600.0 + seconds;
        return this;
    }

    /** A TCP session with its handshake, the messages in order, {@code gap} seconds apart, then FINs. */
    public CraftedSessions tcp(String client, int clientPort, String server, int serverPort, double gap, List<Message> messages) {
        return tcp(client, clientPort, server, serverPort, gap, messages, true);
    }

    /** A TCP session seen from its middle: no SYNs, the messages, then FINs. */
    public CraftedSessions tcpMidstream(String client, int clientPort, String server, int serverPort, double gap,
            List<Message> messages) {
        return tcp(client, clientPort, server, serverPort, gap, messages, false);
    }

    private CraftedSessions tcp(String client, int clientPort, String server, int serverPort, double gap,
            List<Message> messages, boolean handshake) {
        long c = 1000, s = 5000;
        if (handshake) {
            add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.SYN).seq(c).build());
            add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                    .seq(s).ack(c + 1).build());
            add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                    .seq(c + 1).ack(s + 1).build());
        }
        c++;
        s++;
        for (Message m : messages) {
            byte[] b = m.bytes();
            for (int off = 0; off < b.length; off += MSS) {
                int n = Math.min(MSS, b.length - off);
                byte[] seg = java.util.Arrays.copyOfRange(b, off, off + n);
                if (m.fromClient()) {
                    add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort)
                            .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(c).ack(s).payload(seg).build());
                    c += n;
                } else {
                    add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort)
                            .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(s).ack(c).payload(seg).build());
                    s += n;
                }
            }
            // the peer acknowledges what it got
            if (m.fromClient()) {
                add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.ACK).seq(s).ack(c).build());
            } else {
                add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK).seq(c).ack(s).build());
            }
            t += gap;
        }
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(c).ack(s).build());
        add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort).flags(FrameBuilder.FIN | FrameBuilder.ACK)
                .seq(s).ack(c + 1).build());
        add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                .seq(c + 1).ack(s + 1).build());
        t += 5;
        return this;
    }

    /** UDP datagrams between two ports, in order, {@code gap} seconds apart. */
    public CraftedSessions udp(String client, int clientPort, String server, int serverPort, double gap, List<Message> messages) {
        for (Message m : messages) {
            if (m.fromClient()) add(FrameBuilder.raw().ipv4(client, server).udp(clientPort, serverPort).payload(m.bytes()).build());
            else add(FrameBuilder.raw().ipv4(server, client).udp(serverPort, clientPort).payload(m.bytes()).build());
            t += gap;
        }
        t += 5;
        return this;
    }

    private void add(byte[] frame) {
        t += 0.01;
        times.add(Math.round(t * 1e9));
        frames.add(frame);
    }

    /** Every event of the real pipeline with the default content settings. */
    public List<Event> events(Path dir) {
        return events(dir, DissectionConfig.defaults());
    }

    /** Every event of the real pipeline, in order. */
    public List<Event> events(Path dir, DissectionConfig content) {
        var pcap = dir.resolve("sessions.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(times.get(i), frames.get(i), 0, frames.get(i).length, frames.get(i).length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var events = new ArrayList<Event>();
        var pipeline = new PacketPipeline(FlowConfig.defaults(), content, Protocols.standard(),
                FlowListener.collecting(events::add));
        try (var source = CaptureInputs.open(pcap)) {
            var damage = pipeline.run(source, null);
            if (damage != null) throw new IllegalStateException(damage.describe());
        } catch (Exception e) {
            throw new IllegalStateException("the crafted capture did not run: " + e, e);
        }
        pipeline.finish();
        return events;
    }

    /** The conn records among the events. */
    public static List<FlowRecord> flows(List<Event> events) {
        var out = new ArrayList<FlowRecord>();
        for (Event e : events) if (e instanceof FlowRecord f) out.add(f);
        return out;
    }
}
