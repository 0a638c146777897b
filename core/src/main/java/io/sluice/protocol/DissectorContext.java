package io.sluice.protocol;

import io.sluice.event.ConnId;
import io.sluice.event.Event;

/** What a dissector may know and do about its connection; implemented by the flow layer. */
public interface DissectorContext {

    String uid();

    ConnId id();

    /** "tcp" or "udp". */
    String proto();

    /** Time of the packet whose bytes are being delivered, nanoseconds since the epoch. */
    long tsNanos();

    /** Whether the originator is in the configured local networks (Zeek's Site::is_local_addr). */
    boolean origIsLocal();

    /** Whether the responder is in the configured local networks. */
    boolean respIsLocal();

    /** Emits a protocol event (a row of dns.log, http.log, ...). */
    void emit(Event event);

    /**
     * The protocol is confirmed on this connection: {@code name} joins the conn record's
     * {@code service} (Zeek's names: "dns", "http", "ssl", "ssh", "quic", ...).
     */
    void confirm(String name);

    /**
     * A protocol violation or oddity, written to weird.log (Zeek's weird names where Zeek has one).
     * {@code addl} is a wire string ({@link io.sluice.event.WireText}), written as Zeek writes bytes:
     * pass bytes off the wire as they are, and a detail made as text (a name decoded from UTF-16, an
     * exception's message) through {@link io.sluice.event.WireText#ofText}; ASCII is both.
     */
    void weird(String name, String addl);

    /**
     * The client asked the proxy it is connected to (the responder) to relay a connection: as Zeek's
     * SOCKS script on every {@code socks_request}, the flow layer registers a tunnel of
     * {@code tunnelType} (Zeek's {@code Tunnel::Type} name, {@code "Tunnel::SOCKS"}) whose id is
     * this connection's with {@code orig_p} 0, so that all of a client's connections to one proxy
     * port are one tunnel. tunnel.log gets a {@code Tunnel::DISCOVER} row (no uid) when the tunnel
     * is not active, at this packet's time; every call refreshes it; it is written again with
     * {@code Tunnel::EXPIRE} after {@code Tunnel::expiration_interval} (1 h) of packet time without
     * a call. Call it when Zeek raises the request event, not earlier.
     */
    default void registerProxyTunnel(String tunnelType) {}

    /**
     * Announces a connection that will come next (Zeek's {@code Analyzer::schedule_analyzer}): when
     * the flow layer creates a connection to {@code respH}:{@code respP} over {@code proto} ("tcp" or
     * "udp") from {@code origH} (any originator when null) within {@code timeoutNanos} of this
     * packet's time, {@code service} joins that connection's {@code service} and the expectation is
     * consumed. Addresses are text as in {@link ConnId}; text that is not an address literal is
     * ignored. The table is bounded (oldest dropped), so an expectation is a hint, not a promise.
     */
    default void expectConnection(String origH, String respH, int respP, String proto, String service, long timeoutNanos) {}

    /**
     * As {@link #expectConnection(String, String, int, String, String, long)}, handing {@code attachment}
     * to the announced connection's dissectors through {@link #expectation()} (Zeek passes the
     * announcing connection's state the same way), so that both connections can write one record.
     */
    default void expectConnection(String origH, String respH, int respP, String proto, String service, Object attachment,
            long timeoutNanos) {
        expectConnection(origH, respH, respP, proto, service, timeoutNanos);
    }

    /**
     * A new file-analysis id for a file this connection carries (Zeek's {@code fuid}: 'F' and base62
     * digits). The flow layer draws them from the run's seeded generator, so runs are reproducible;
     * this default (for contexts outside the flow layer) is random.
     */
    default String newFileId() {
        return "F" + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * The hashes to compute over the files this connection carries ({@code DissectionConfig.fileHashes}:
     * "md5", "sha1", "sha256"); none by default.
     */
    default java.util.Set<String> fileHashes() {
        return java.util.Set.of();
    }

    /** Where the files this connection carries are written to disk; {@code FileExtraction.NONE} by default. */
    default io.sluice.protocol.files.HeldBytesBudget heldFileBytes() {
        return io.sluice.protocol.files.HeldBytesBudget.UNBOUNDED;
    }

    default io.sluice.protocol.files.FileExtraction fileExtraction() {
        return io.sluice.protocol.files.FileExtraction.NONE;
    }

    /** The attachment of the announcement this connection fulfilled, or null. */
    default Object expectation() {
        return null;
    }
}
