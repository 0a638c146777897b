package io.sluice.bench;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;

/**
 * Counts the events the flow table emits and keeps the last one in a field: a store to the heap
 * that the JIT cannot remove, so building the events stays in the measurement.
 */
final class CountingListener implements FlowListener {
    long events;
    Object last;

    @Override
    public void connectionCreated(ConnectionCreation event) {
        events++;
        last = event;
    }

    @Override
    public void flowEnded(FlowRecord record) {
        events++;
        last = record;
    }

    @Override
    public void tunnel(TunnelEvent event) {
        events++;
        last = event;
    }
}
