package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowListenerTest {

    @Test
    void dispatchHandsEachKindToItsMethod() {
        var id = new ConnId("10.0.0.1", 40000, "10.0.0.2", 80);
        var creation = new ConnectionCreation(1, "C1", id, "tcp", ConnectionCreation.Outcome.ESTABLISHED, true, true, -1,
                "1:x=", "pcap");
        var flow = new FlowRecord(2, "C1", id, "tcp", null, null, null, null, "SF", null, null, 0, "ShAFf", 3, 120, 2, 80,
                List.of(), 6, -1, -1, "1:x=", null, null, "pcap", null);
        var tunnel = new TunnelEvent(3, "C2", id, "Tunnel::VXLAN", "Tunnel::DISCOVER");
        var weird = new Weird(4, "C1", id, "bad_TCP_checksum", null, false, "sluice", "pcap");
        List<String> calls = new ArrayList<>();
        FlowListener l = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation e) {
                calls.add("creation " + e.tsNanos());
            }

            @Override
            public void flowEnded(FlowRecord r) {
                calls.add("flow " + r.tsNanos());
            }

            @Override
            public void tunnel(TunnelEvent t) {
                calls.add("tunnel " + t.tsNanos());
            }

            @Override
            public void content(ContentEvent c) {
                calls.add("content " + c.getClass().getSimpleName());
            }
        };
        for (Event e : List.of(creation, flow, tunnel, weird)) l.dispatch(e);
        assertThat(calls).containsExactly("creation 1", "flow 2", "tunnel 3", "content Weird");
    }

    @Test
    void dispatchKnowsEveryKindOfEvent() {
        // dispatch is a chain of instanceof tests, not an exhaustive switch: a fifth kind of event
        // would compile without a branch, so the permitted kinds are pinned here.
        assertThat(Arrays.stream(Event.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("ConnectionCreation", "FlowRecord", "TunnelEvent", "ContentEvent");
    }
}
