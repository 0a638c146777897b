package io.sluice.detect.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class FirstSeenSetProperties {

    /** Sightings of keys k0..k9 at times; the same sightings in any order give the same set. */
    @Property(tries = 200)
    void firstSeenIsTheMinimumWhateverTheOrder(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 9) Integer> keys,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rnd = new Random(seed);
        var sightings = new ArrayList<long[]>();
        for (int k : keys) sightings.add(new long[] {k, 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000) * 1000L});
        var expected = new HashMap<String, Long>();
        for (long[] s : sightings) expected.merge("k" + s[0], s[1], Math::min);

        var shuffled = new ArrayList<>(sightings);
        Collections.shuffle(shuffled, rnd);
        var set = new FirstSeenSet(100);
        for (long[] s : shuffled) set.add("k" + s[0], s[1]);

        assertThat(set.entries()).isEqualTo(expected);
        for (var e : expected.entrySet()) {
            assertThat(set.seenBefore(e.getKey(), e.getValue())).isFalse();
            assertThat(set.seenBefore(e.getKey(), e.getValue() + 1000)).isTrue();
        }
        assertThat(set.seenBefore("never", Long.MAX_VALUE)).isFalse();
    }

    @Property(tries = 100)
    void aFullSetDropsAndCountsButKeepsWhatItHas(@ForAll @IntRange(min = 1, max = 20) int cap,
            @ForAll @IntRange(min = 0, max = 60) int distinct) {
        var set = new FirstSeenSet(cap);
        for (int i = 0; i < distinct; i++) set.add("k" + i, 10L * i);
        assertThat(set.size()).isEqualTo(Math.min(cap, distinct));
        assertThat(set.dropped()).isEqualTo(Math.max(0, distinct - cap));
        assertThat(set.saturated()).isEqualTo(distinct > cap);
        for (int i = 0; i < Math.min(cap, distinct); i++) assertThat(set.firstSeen("k" + i)).isEqualTo(10L * i);
    }

    @Property(tries = 100)
    void restoredEntriesAreHistoryForAnyTime(@ForAll long ts, @ForAll long now) {
        var set = new FirstSeenSet(4);
        set.restore("k", ts);
        assertThat(set.seenBefore("k", now)).isTrue();
        assertThat(set.firstSeen("k")).isEqualTo(ts & ~1L);
        set.add("k", ts - 10); // an earlier sighting in this run keeps the entry historic
        assertThat(set.seenBefore("k", Long.MIN_VALUE)).isTrue();
    }
}
