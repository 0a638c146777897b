package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state of the scan, sweep, long-connection and port-knock analytics is plain data: it
 * survives Java serialisation mid-incident (as a checkpoint would take it) and the detector goes
 * on from the copy as from the original.
 */
class ScanStateSerializationTest {

    @SuppressWarnings("unchecked")
    private static <K, S> Object roundTrip(Detector<K, S> d, List<Event> events) throws Exception {
        var ctx = new RecordingContext();
        S state = null;
        K key = null;
        for (Event e : events) {
            K k = d.key(e);
            if (k == null) continue;
            key = k;
            state = d.onEvent(k, state, e, ctx);
        }
        assertThat(state).as(d.id() + " keeps state").isNotNull();
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        S copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (S) in.readObject();
        }
        // The copy answers its timer as the original would.
        long at = ctx.timers.get(ctx.timers.size() - 1);
        var a = new RecordingContext();
        var b = new RecordingContext();
        d.onTimer(key, state, at, a);
        d.onTimer(key, copy, at, b);
        assertThat(b.alerts).extracting(Alert::explanation).isEqualTo(a.alerts.stream().map(Alert::explanation).toList());
        return copy;
    }

    @Test
    void everyAnalyticsStateSerialises() throws Exception {
        var c = DetectConfig.empty();
        var scan = new ArrayList<Event>();
        for (int i = 1; i <= 40; i++) {
            scan.addAll(conn("10.0.0.66", "10.1.0." + i, 445).origPort(50_000 + i).at(i * 0.1).state("S0").both());
            scan.addAll(conn("10.0.0.66", "10.1.0.1", 1000 + i).origPort(51_000 + i).at(i * 0.1).state("REJ").both());
        }
        assertThat(roundTrip(new VerticalScanDetector(VerticalScanDetector.config(c)), scan)).isNotNull();
        assertThat(roundTrip(new HorizontalScanDetector(HorizontalScanDetector.config(c)), scan)).isNotNull();
        assertThat(roundTrip(new TrwScanDetector(TrwScanDetector.config(c)), scan)).isNotNull();

        var pings = new ArrayList<Event>();
        for (int i = 1; i <= 30; i++) {
            pings.addAll(conn("10.0.0.66", "10.3.0." + i, 0).icmp().origPort(8).at(i).duration(0.01).pkts(1, i % 2).both());
        }
        assertThat(roundTrip(new IcmpSweepDetector(IcmpSweepDetector.config(c)), pings)).isNotNull();

        var tunnel = List.<Event>of(conn("10.0.0.23", "8.26.56.10", 22).at(0).duration(5 * 3600).flow());
        assertThat(roundTrip(new LongConnectionDetector(LongConnectionDetector.config(c)), tunnel)).isNotNull();

        var knock = new ArrayList<Event>();
        knock.addAll(conn("198.51.100.77", "10.0.0.30", 7000).at(1).state("S0").both());
        knock.addAll(conn("198.51.100.77", "10.0.0.30", 8000).origPort(49153).at(1.5).state("S0").both());
        knock.addAll(conn("198.51.100.77", "10.0.0.30", 9000).origPort(49154).at(2).state("S0").both());
        knock.addAll(conn("198.51.100.77", "10.0.0.30", 22).origPort(49155).at(3).both());
        assertThat(roundTrip(new PortKnockDetector(PortKnockDetector.config(c)), knock)).isNotNull();
    }
}
