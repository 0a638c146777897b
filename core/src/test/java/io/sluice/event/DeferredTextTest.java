package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredTextTest {

    @Test
    void computesOnceOnFirstRead() {
        var calls = new AtomicInteger();
        DeferredText t = new DeferredText() {
            @Override
            protected String compute() {
                calls.incrementAndGet();
                return "1:abc=";
            }
        };
        assertThat(calls).hasValue(0);
        assertThat(t.get()).isEqualTo("1:abc=");
        assertThat(t.get()).isEqualTo("1:abc=");
        assertThat(calls).hasValue(1);
    }

    @Test
    void nullStaysUnset() {
        assertThat(DeferredText.of(null)).isNull();
        assertThat(DeferredText.textOf(null)).isNull();
    }

    @Test
    void recordsWithTheSameTextAreEqualHoweverItWasMade() {
        var id = new ConnId("10.0.0.1", 40000, "10.0.0.2", 80);
        DeferredText later = new DeferredText() {
            @Override
            protected String compute() {
                return "1:xyz=";
            }
        };
        var known = new ConnectionCreation(1, "C1", id, "tcp", ConnectionCreation.Outcome.ESTABLISHED, true, true, -1,
                "1:xyz=", "pcap");
        var deferred = new ConnectionCreation(1, "C1", id, "tcp", ConnectionCreation.Outcome.ESTABLISHED, true, true, -1,
                later, "pcap");
        assertThat(deferred).isEqualTo(known).hasSameHashCodeAs(known);
        assertThat(deferred.communityId()).isEqualTo("1:xyz=");
        assertThat(deferred.toString()).contains("1:xyz=");
        var other = new ConnectionCreation(1, "C1", id, "tcp", ConnectionCreation.Outcome.ESTABLISHED, true, true, -1,
                "1:other=", "pcap");
        assertThat(deferred).isNotEqualTo(other);
    }
}
