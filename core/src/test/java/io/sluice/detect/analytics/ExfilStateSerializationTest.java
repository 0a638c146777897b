package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.SECOND;
import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state of the exfiltration analytics added with the coverage push is plain data: it survives
 * Java serialisation mid-window (as a Flink checkpoint would take it) and the detector goes on from
 * the copy as from the original, given the same last event or timer.
 */
class ExfilStateSerializationTest {

    /** Feeds all but the last event, copies the state, then gives the last event (or the timer) to both. */
    @SuppressWarnings("unchecked")
    private static <K, S> void sameAfterCopy(Detector<K, S> d, List<Event> events, boolean byTimer) throws Exception {
        var ctx = new RecordingContext();
        S state = null;
        K key = null;
        for (Event e : events.subList(0, events.size() - 1)) {
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
        var a = new RecordingContext();
        var b = new RecordingContext();
        Event last = events.get(events.size() - 1);
        S sa = d.onEvent(d.key(last), state, last, a);
        S sb = d.onEvent(d.key(last), copy, last, b);
        if (byTimer) {
            long at = ctx.timers.get(ctx.timers.size() - 1);
            d.onTimer(key, sa, at, a);
            d.onTimer(key, sb, at, b);
        }
        assertThat(a.alerts).as(d.id() + " alerts").isNotEmpty();
        assertThat(b.alerts).extracting(Alert::explanation).isEqualTo(a.alerts.stream().map(Alert::explanation).toList());
    }

    @Test
    void everyExfiltrationAnalyticsStateSerialises() throws Exception {
        var c = DetectConfig.empty();
        var web = new ArrayList<Event>();
        web.add(TestEvents.dns("10.0.0.90", "gitlab.com").answer("172.65.251.78", 300).at(0).build());
        for (int i = 0; i < 3; i++) {
            web.add(conn("10.0.0.90", "172.65.251.78", 443).at(10 + 60 * i).bytes(2L << 20, 40_000).flow());
        }
        sameAfterCopy(new WebServiceUploadDetector(WebServiceUploadDetector.config(c)), web, true);

        var ssh = new ArrayList<Event>();
        for (int i = 0; i < 4; i++) ssh.add(conn("10.0.0.77", "45.77.20.1", 22).service("ssh").at(3_600 * i).bytes(2L << 20, 0).flow());
        sameAfterCopy(new AltProtocolUploadDetector(AltProtocolUploadDetector.config(c)), ssh, true);

        var miner = new ArrayList<Event>();
        for (int h = 0; h < 3; h++) miner.add(conn("10.0.0.44", "51.15.65.182", 3333).at(h * 3600).duration(3_590).bytes(40_000, 70_000).flow());
        sameAfterCopy(new MiningPoolDetector(MiningPoolDetector.config(c)), miner, true);

        var hops = new ArrayList<Event>();
        for (int m = 0; m < 1_500; m += 60) hops.add(hop(m * 60, "00:00:5e:00:01:01", 40_000));
        hops.add(hop(90_000, "9a:3b:7c:11:22:33", 600_000));
        hops.add(hop(90_100, "9a:3b:7c:11:22:33", 600_000));
        sameAfterCopy(new NewEgressGatewayDetector(NewEgressGatewayDetector.config(c)), hops, false);
    }

    private static int n;

    private static FlowRecord hop(double at, String nextHop, long out) {
        return new FlowRecord(t(at), "Cser" + (n++), new ConnId("10.0.0.55", 50000, "93.184.216.34", 443), "tcp", "ssl",
                30 * SECOND, out, 20_000L, "SF", true, false, 0, "ShADadFf", 100, out + 4_000, 80, 23_200, List.of(), 6,
                -1, -1, null, "02:00:00:00:00:55", nextHop, "pcap", null);
    }
}
