package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.snmp.SnmpSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flood and configuration-dump analytics keep plain data: their state, serialised half-way
 * through an attack as a checkpoint would take it, goes on to raise the same alerts as the original.
 */
class DenialOfServiceStateSerializationTest {

    private static final class Recording implements DetectorContext {
        final List<String> alerts = new ArrayList<>();

        @Override
        public long watermarkNanos() {
            return Long.MIN_VALUE;
        }

        @Override
        public void timer(long eventTimeNanos) {
        }

        @Override
        public void alert(Alert alert) {
            alerts.add(alert.severity() + " " + alert.explanation() + " " + alert.evidenceCount());
        }
    }

    @SuppressWarnings("unchecked")
    private static <K, S> void continuesFromACopy(Detector<K, S> d, List<Event> events) throws Exception {
        int half = events.size() / 2;
        S state = null;
        var ctx = new Recording();
        for (Event e : events.subList(0, half)) {
            K k = d.key(e);
            if (k != null) state = d.onEvent(k, state, e, ctx);
        }
        assertThat(state).as(d.id() + " keeps state half-way").isNotNull();
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        S copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (S) in.readObject();
        }
        var fromOriginal = new Recording();
        var fromCopy = new Recording();
        for (Event e : events.subList(half, events.size())) {
            K k = d.key(e);
            if (k == null) continue;
            state = d.onEvent(k, state, e, fromOriginal);
            copy = d.onEvent(k, copy, e, fromCopy);
        }
        assertThat(fromOriginal.alerts).as(d.id()).isNotEmpty();
        assertThat(fromCopy.alerts).as(d.id()).isEqualTo(fromOriginal.alerts);
    }

    @Test
    void floodsAndDumpsContinueFromACheckpoint() throws Exception {
        var syns = new ArrayList<Event>();
        for (int i = 0; i < 300; i++) syns.add(conn("198.51.100." + (i % 100 + 1), "10.0.0.80", 80).origPort(1024 + i)
                .at(i * 0.01).state("S0").creation());
        continuesFromACopy(new SynFloodDetector(SynFloodDetector.Config.DEFAULTS), syns);

        var accepted = new ArrayList<Event>();
        for (int i = 0; i < 1_200; i++) accepted.add(conn("198.51.100." + (i % 100 + 1), "10.0.0.80", 443).origPort(1024 + i)
                .at(i * 0.005).creation());
        continuesFromACopy(new ConnectionFloodDetector(ConnectionFloodDetector.Config.DEFAULTS), accepted);

        var reflected = new ArrayList<Event>();
        for (int r = 0; r < 30; r++) reflected.add(conn("10.0.0.9", "203.0.113." + (r + 1), 53).udp().origPort(40000 + r)
                .at(r * 0.1).bytes(0, 60_000).pkts(0, 40).flow());
        continuesFromACopy(new AmplificationDetector(AmplificationDetector.Config.DEFAULTS), reflected);

        var gets = new ArrayList<Event>();
        for (int i = 0; i < 800; i++) gets.add(new HttpTransaction(TestEvents.t(i * 0.01), "H" + i,
                new ConnId("10.1.0." + (i % 20 + 1), 40000, "10.0.0.80", 80), 1, "GET", "shop.example", "/", null, "1.1",
                "ua", null, 0, 0, null, null, null, null, null, null, null, null, null));
        continuesFromACopy(new AppFloodDetector(AppFloodDetector.Config.DEFAULTS), gets);

        var walk = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) walk.add(new SnmpSession(TestEvents.t(i), "S" + i, new ConnId("10.9.9.9", 50000 + i, "10.0.0.1", 161),
                1_000_000L, "2c", "public", 40, 0, 40, 0, null, null, List.of("get_request"),
                List.of("1.3.6.1.2.1.4.21.1.1." + i), null, null, 0));
        continuesFromACopy(new SnmpConfigDumpDetector(SnmpConfigDumpDetector.Config.DEFAULTS), walk);
    }
}
