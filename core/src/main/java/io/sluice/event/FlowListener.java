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

    /**
     * A live source paused, or a second of wall time passed on a busy one: write out what is held
     * in buffers, so that readers of the logs (tail -f, a SIEM shipper) see the rows written so far.
     * Changes nothing else; files and traces end in the same bytes with or without it.
     */
    default void flushOutput() {}

    /**
     * A live source was quiet: no traffic will end a connection or complete an event before
     * {@code clockNanos} (the packets' clock) any more, so time-driven work (detection's timers,
     * incidents to close) may move on to it. Comes in order with the events; never from files,
     * whose time moves with their packets only.
     */
    default void quietUntil(long clockNanos) {}

    /**
     * Hands {@code event} to the method for its kind. Written as instanceof tests rather than a
     * switch over the sealed {@link Event}: a pattern switch is linked at its first run by
     * generating a class (SwitchBootstraps), which the JVM's start-up cache does not keep, and that
     * cost 20-30 ms of every analyze run, three times over in the places that dispatch events.
     * {@code FlowListenerTest} checks that every permitted kind arrives.
     */
    default void dispatch(Event event) {
        if (event instanceof ContentEvent c) content(c);
        else if (event instanceof FlowRecord r) flowEnded(r);
        else if (event instanceof ConnectionCreation c) connectionCreated(c);
        else if (event instanceof TunnelEvent t) tunnel(t);
        else throw new IllegalArgumentException("no listener method for " + event.getClass().getName());
    }

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
