package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The deferred Community ID is the one hashed at once, whichever thread reads it first. */
class FlowCommunityIdTest {

    @Property(tries = 300)
    void equalsTheDirectHash(@ForAll long a, @ForAll long b, @ForAll @IntRange(max = 255) int proto,
            @ForAll @IntRange(max = 65535) int sport, @ForAll @IntRange(max = 65535) int dport,
            @ForAll boolean v4, @ForAll boolean oneWay, @ForAll @IntRange(max = 65535) int seed) {
        Flow f = flow(v4 ? 0 : a, v4 ? 0xFFFF00000000L | (a & 0xFFFFFFFFL) : b, v4 ? 0 : b,
                v4 ? 0xFFFF00000000L | (b & 0xFFFFFFFFL) : a, proto, sport, dport, oneWay);
        String direct = new CommunityId(seed).compute(f.origHi, f.origLo, f.respHi, f.respLo, proto, sport, dport, oneWay);
        assertThat(new FlowCommunityId(seed, f).get()).isEqualTo(direct);
    }

    @Test
    void keepsTheTupleItWasMadeWithWhenTheFlowIsReused() {
        Flow f = flow(0, 0xFFFF0A000001L, 0, 0xFFFF0A000002L, 6, 40000, 80, false);
        var id = new FlowCommunityId(0, f);
        f.reset();
        f.respPort = 443;
        assertThat(id.get()).isEqualTo(new CommunityId(0).compute(0, 0xFFFF0A000001L, 0, 0xFFFF0A000002L, 6, 40000, 80, false));
    }

    @Test
    void threadsThatHashAtOnceAgree() throws Exception {
        List<FlowCommunityId> ids = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        CommunityId direct = new CommunityId(7);
        for (int i = 0; i < 2000; i++) {
            Flow f = flow(0, 0xFFFF0A000000L | i, 0, 0xFFFFC0000200L | (i * 7 & 0xFF), 17, 1024 + i, 53, false);
            ids.add(new FlowCommunityId(7, f));
            expected.add(direct.compute(f.origHi, f.origLo, f.respHi, f.respLo, 17, 1024 + i, 53, false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<String>>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                readers.add(() -> ids.stream().map(FlowCommunityId::get).toList());
            }
            for (Future<List<String>> r : pool.invokeAll(readers)) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Flow flow(long oHi, long oLo, long rHi, long rLo, int proto, int sport, int dport, boolean oneWay) {
        Flow f = new Flow();
        f.origHi = oHi;
        f.origLo = oLo;
        f.respHi = rHi;
        f.respLo = rLo;
        f.ipProto = proto;
        f.origPort = sport;
        f.respPort = dport;
        f.oneWayIcmp = oneWay;
        return f;
    }
}
