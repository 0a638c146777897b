package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;

/** Hands every event to two listeners, the first one first (the logs, then detection). */
final class TeeListener implements FlowListener {
    private final FlowListener first;
    private final FlowListener second;

    TeeListener(FlowListener first, FlowListener second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void connectionCreated(ConnectionCreation event) {
        first.connectionCreated(event);
        second.connectionCreated(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        first.flowEnded(record);
        second.flowEnded(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        first.tunnel(event);
        second.tunnel(event);
    }

    @Override
    public void content(ContentEvent event) {
        first.content(event);
        second.content(event);
    }

    @Override
    public void flushOutput() {
        first.flushOutput();
        second.flushOutput();
    }

    @Override
    public void quietUntil(long clockNanos) {
        first.quietUntil(clockNanos);
        second.quietUntil(clockNanos);
    }
}
