package io.sluice.pipeline;

import io.sluice.packet.craft.FrameBuilder;
import java.nio.charset.StandardCharsets;

/**
 * Crafted TCP frames between a client and a server with sequence numbers relative to each side's
 * ISN, so tests can send segments in any order: {@code c(1, "abc")} is the client's payload at
 * stream offset 1 (the first byte after the SYN).
 */
final class Conversation {
    static final String CLIENT = "10.0.0.1", SERVER = "10.0.0.2";
    final FramesSource source = new FramesSource("conversation");
    final int clientPort, serverPort;
    final long clientIsn, serverIsn;
    private double t = 1.0;

    Conversation(int serverPort, long clientIsn, long serverIsn) {
        this.clientPort = 40000;
        this.serverPort = serverPort;
        this.clientIsn = clientIsn;
        this.serverIsn = serverIsn;
    }

    Conversation(int serverPort) {
        this(serverPort, 1000, 5000);
    }

    private double tick() {
        t += 0.01;
        return t;
    }

    Conversation handshake() {
        source.add(tick(), FrameBuilder.raw().ipv4(CLIENT, SERVER).tcp(clientPort, serverPort).flags(FrameBuilder.SYN)
                .seq(clientIsn).build());
        source.add(tick(), FrameBuilder.raw().ipv4(SERVER, CLIENT).tcp(serverPort, clientPort)
                .flags(FrameBuilder.SYN | FrameBuilder.ACK).seq(serverIsn).ack(u32(clientIsn + 1)).build());
        source.add(tick(), FrameBuilder.raw().ipv4(CLIENT, SERVER).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                .seq(u32(clientIsn + 1)).ack(u32(serverIsn + 1)).build());
        return this;
    }

    /** Client payload at relative offset {@code rel}, acking the server's data up to {@code serverAck}. */
    Conversation c(long rel, String text, long serverAck) {
        return c(rel, text.getBytes(StandardCharsets.ISO_8859_1), serverAck);
    }

    Conversation c(long rel, String text) {
        return c(rel, text, 1);
    }

    Conversation c(long rel, byte[] data, long serverAck) {
        source.add(tick(), FrameBuilder.raw().ipv4(CLIENT, SERVER).tcp(clientPort, serverPort)
                .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(u32(clientIsn + rel)).ack(u32(serverIsn + serverAck))
                .payload(data).build());
        return this;
    }

    /** Server payload at relative offset {@code rel}, acking the client's data up to {@code clientAck}. */
    Conversation s(long rel, String text, long clientAck) {
        source.add(tick(), FrameBuilder.raw().ipv4(SERVER, CLIENT).tcp(serverPort, clientPort)
                .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(u32(serverIsn + rel)).ack(u32(clientIsn + clientAck))
                .payload(text.getBytes(StandardCharsets.ISO_8859_1)).build());
        return this;
    }

    /** A bare ack from the server of the client's data up to {@code clientAck}. */
    Conversation serverAck(long rel, long clientAck) {
        source.add(tick(), FrameBuilder.raw().ipv4(SERVER, CLIENT).tcp(serverPort, clientPort)
                .flags(FrameBuilder.ACK).seq(u32(serverIsn + rel)).ack(u32(clientIsn + clientAck)).build());
        return this;
    }

    /** FIN from both sides and the last acks. */
    Conversation close(long clientRel, long serverRel) {
        source.add(tick(), FrameBuilder.raw().ipv4(CLIENT, SERVER).tcp(clientPort, serverPort)
                .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(u32(clientIsn + clientRel)).ack(u32(serverIsn + serverRel))
                .build());
        source.add(tick(), FrameBuilder.raw().ipv4(SERVER, CLIENT).tcp(serverPort, clientPort)
                .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(u32(serverIsn + serverRel))
                .ack(u32(clientIsn + clientRel + 1)).build());
        source.add(tick(), FrameBuilder.raw().ipv4(CLIENT, SERVER).tcp(clientPort, serverPort)
                .flags(FrameBuilder.ACK).seq(u32(clientIsn + clientRel + 1)).ack(u32(serverIsn + serverRel + 1)).build());
        return this;
    }

    Conversation raw(byte[] frame) {
        source.add(tick(), frame);
        return this;
    }

    static long u32(long v) {
        return v & 0xFFFFFFFFL;
    }
}
