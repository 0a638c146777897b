package io.sluice.event;

import java.util.function.Consumer;

/**
 * Where the flow table sends what it learns: the event sink of stage 1. Called on the packet
 * thread, in traffic order. It lives with the event records, not in the flow package, because it
 * only speaks in events, and content-layer helpers (ARP, DHCP aggregation) use it too without
 * importing the flow layer.
 */
public interface FlowListener {

    /** A connection's creation, once its outcome is known (TCP) or at its first packet (others). */
    void connectionCreated(ConnectionCreation event);

    /** A connection ended (closed, timed out, evicted, or flushed at the end of input). */
    void flowEnded(FlowRecord record);

    /** A tunnel was discovered or closed. */
    void tunnel(TunnelEvent event);

    /** A protocol dissector's event (dns, http, ssl, weird, ...). */
    default void content(ContentEvent event) {}

    /** A listener that hands every event, of all four kinds, to {@code sink} in the order it comes. */
    static FlowListener collecting(Consumer<? super Event> sink) {
        return new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {
                sink.accept(event);
            }

            @Override
            public void flowEnded(FlowRecord record) {
                sink.accept(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {
                sink.accept(event);
            }

            @Override
            public void content(ContentEvent event) {
                sink.accept(event);
            }
        };
    }
}
