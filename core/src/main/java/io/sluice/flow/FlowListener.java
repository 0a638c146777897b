package io.sluice.flow;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;

/**
 * Where the flow table sends what it learns. Called on the packet thread, in traffic order;
 * implementations must not keep the {@link Flow} beyond the call.
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
}
