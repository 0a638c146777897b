package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static FlowRecord flow(String origH, long origIpBytes, long respIpBytes) {
        return new FlowRecord(1L, "C1", new ConnId(origH, 40000, "192.0.2.1", 80), "tcp", null, null, null, null, "SF",
                null, null, 0, "ShADadFf", 5, origIpBytes, 5, respIpBytes, List.of(), 6, 0, 0, (String) null, null, null,
                null, null, null, null, null);
    }

    @Test
    void ranksHostsByBytesThenByName() {
        var s = new RunSummary();
        s.flow(flow("10.0.0.2", 100, 50));
        s.flow(flow("10.0.0.1", 100, 50));
        s.flow(flow("10.0.0.3", 10, 0));
        s.flow(flow("10.0.0.3", 500, 0));
        s.flow(flow("10.0.0.4", 1, 0));

        assertThat(s.topTalkers(3)).containsExactly(
                new RunSummary.TopTalker("10.0.0.3", 510, 2),
                new RunSummary.TopTalker("10.0.0.1", 150, 1),
                new RunSummary.TopTalker("10.0.0.2", 150, 1));
        assertThat(s.topTalkers(10)).hasSize(4);
        assertThat(s.topTalkers(0)).isEmpty();
        assertThat(s.byConnState()).containsExactly(Map.entry("SF", 5L));
        assertThat(s.byProtocol()).containsOnlyKeys("tcp");
        assertThat(s.byProtocol().get("tcp")).containsExactly(5, 50, 811);
    }

    @Test
    void countsByProtocolAndStateWhateverTheOrder() {
        var s = new RunSummary();
        String[] protos = {"tcp", "udp", "tcp", "icmp", "udp", "tcp"};
        String[] states = {"SF", "S0", "S0", "OTH", null, "SF"};
        for (int i = 0; i < protos.length; i++) {
            var f = flow("10.0.0." + i, 10, 0);
            s.flow(new FlowRecord(f.tsNanos(), f.uid(), f.id(), new String(protos[i]), null, null, null, null,
                    states[i] == null ? null : new String(states[i]), null, null, 0, null, 1, 10, 1, 0, List.of(), 6, 0, 0,
                    (String) null, null, null, null, null, null, null, null));
        }
        assertThat(s.byConnState()).containsExactly(Map.entry("-", 1L), Map.entry("OTH", 1L), Map.entry("S0", 2L),
                Map.entry("SF", 2L));
        assertThat(s.byProtocol().get("tcp")[0]).isEqualTo(3);
        assertThat(s.byProtocol().get("udp")[0]).isEqualTo(2);
        assertThat(s.byProtocol().get("icmp")[0]).isEqualTo(1);
    }

    private static FlowRecord withService(long tsNanos, String service) {
        var f = flow("10.0.0.1", 10, 0);
        return new FlowRecord(tsNanos, f.uid(), f.id(), "tcp", service, null, null, null, "SF", null, null, 0, null, 1, 10, 1, 0,
                List.of(), 6, 0, 0, (String) null, null, null, null, null, null, null, null);
    }

    @Test
    void countsServicesWithinACapAndConnectionsByStartTime() {
        var s = new RunSummary();
        long t0 = 1_772_442_000_000_000_000L;
        s.flow(withService(t0, "dns"));
        s.flow(withService(t0 + 1_000_000_000L, new String("dns")));
        s.flow(withService(t0 + 2_000_000_000L, null));
        s.flow(withService(t0 - 5_000_000_000L, "http,ssl"));
        assertThat(s.byService()).containsExactly(Map.entry("-", 1L), Map.entry("dns", 2L), Map.entry("http,ssl", 1L));
        assertThat(s.starts().total()).isEqualTo(4);
        assertThat(s.starts().firstNanos()).isEqualTo(t0 - 5_000_000_000L);

        // a Zeek log read as input can name any service: the distinct ones are capped, the rest summed
        var many = new RunSummary();
        for (int i = 0; i < RunSummary.MAX_SERVICES + 50; i++) many.flow(withService(t0, "svc" + i));
        assertThat(many.byService()).hasSize(RunSummary.MAX_SERVICES + 1).containsEntry(RunSummary.OTHER_SERVICES, 50L);
        assertThat(many.byService().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RunSummary.MAX_SERVICES + 50);
    }

    @Test
    void equalsSortingEveryHost() {
        var random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int flows = random.nextInt(300), n = 1 + random.nextInt(12);
            assertPicksAsSortingDoes(random, flows, n);
        }
    }

    private static void assertPicksAsSortingDoes(SplittableRandom random, int flows, int n) {
        var s = new RunSummary();
        Map<String, long[]> expected = new TreeMap<>();
        for (int i = 0; i < flows; i++) {
            String host = "10.0." + random.nextInt(37) + ".1"; // repeats, so hosts add up several flows
            long bytes = random.nextInt(40); // small, so ties are common
            s.flow(flow(host, bytes, 0));
            long[] e = expected.computeIfAbsent(host, k -> new long[2]);
            e[0] += bytes;
            e[1]++;
        }
        var all = new ArrayList<RunSummary.TopTalker>();
        expected.forEach((h, e) -> all.add(new RunSummary.TopTalker(h, e[0], e[1])));
        all.sort(Comparator.comparingLong(RunSummary.TopTalker::bytes).reversed().thenComparing(RunSummary.TopTalker::host));

        assertThat(s.topTalkers(n)).containsExactlyElementsOf(all.subList(0, Math.min(n, all.size())));
    }
}
