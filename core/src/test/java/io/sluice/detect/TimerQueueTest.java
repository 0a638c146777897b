package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    /** The firing order the engine documents: time, slot, key text, order of setting. */
    private static final Comparator<long[]> ORDER = Comparator.<long[]>comparingLong(t -> t[0])
            .thenComparingLong(t -> t[1])
            .thenComparing(t -> "k" + t[2])
            .thenComparingLong(t -> t[3]);

    @Test
    void tiesOnTimeAndSlotGoByKeyTextThenOrderOfSetting() {
        var q = new TimerQueue();
        long seq = 0;
        q.add(5, 1, "b", null, ++seq);
        q.add(5, 1, "a", null, ++seq);
        q.add(5, 0, "z", null, ++seq);
        q.add(4, 9, "z", null, ++seq);
        assertThat(q.add(5, 1, "a", null, ++seq)).as("pending duplicate").isNull();
        var order = new ArrayList<String>();
        while (!q.isEmpty()) {
            var t = q.poll();
            order.add(t.time + "/" + t.slot + "/" + t.key);
        }
        assertThat(order).containsExactly("4/9/z", "5/0/z", "5/1/a", "5/1/b");
    }

    @Test
    void aTimerEqualToOneAlreadyFiredIsAddedAgain() {
        var q = new TimerQueue();
        assertThat(q.add(7, 2, "k", null, 1)).isNotNull();
        assertThat(q.poll().key).isEqualTo("k");
        assertThat(q.add(7, 2, "k", null, 2)).isNotNull();
        assertThat(q.size()).isEqualTo(1);
    }

    /**
     * Against a plain model (a list sorted on every poll, duplicates found by scanning): the same
     * timers added, the same refused, the same polled in the same order, through growth of both
     * arrays and many removals from the set.
     */
    @Property(tries = 300)
    void behavesLikeASortedListWithoutPendingDuplicates(
            @ForAll @Size(max = 600) List<@IntRange(min = 0, max = 2_000) Integer> ops) {
        var q = new TimerQueue();
        var model = new ArrayList<long[]>();
        long seq = 0;
        for (int op : ops) {
            if (op % 5 == 0) {
                if (model.isEmpty()) {
                    assertThat(q.isEmpty()).isTrue();
                    continue;
                }
                model.sort(ORDER);
                long[] expected = model.remove(0);
                assertThat(q.peekTime()).isEqualTo(expected[0]);
                var t = q.poll();
                assertThat(new long[] {t.time, t.slot, Long.parseLong(((String) t.key).substring(1)), t.seq})
                        .containsExactly(expected);
            } else {
                long time = op % 23;
                int slot = op % 3;
                long key = op % 37;
                boolean pending = false;
                for (long[] m : model) pending |= m[0] == time && m[1] == slot && m[2] == key;
                var added = q.add(time, slot, "k" + key, null, seq + 1);
                assertThat(added == null).isEqualTo(pending);
                if (added != null) model.add(new long[] {time, slot, key, ++seq});
            }
            assertThat(q.size()).isEqualTo(model.size());
        }
        long max = Long.MIN_VALUE;
        for (long[] m : model) max = Math.max(max, m[0]);
        assertThat(q.maxTime()).isEqualTo(max);
    }
}
