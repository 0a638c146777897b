package io.sluice.flow;

import io.sluice.event.FlowListener;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import java.util.ArrayList;
import java.util.List;

final class RecordingListener implements FlowListener {
    final List<ConnectionCreation> created = new ArrayList<>();
    final List<FlowRecord> ended = new ArrayList<>();
    final List<TunnelEvent> tunnels = new ArrayList<>();

    @Override
    public void connectionCreated(ConnectionCreation event) {
        created.add(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        ended.add(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        tunnels.add(event);
    }

    FlowRecord only() {
        if (ended.size() != 1) throw new AssertionError("expected one record, got " + ended);
        return ended.get(0);
    }
}
