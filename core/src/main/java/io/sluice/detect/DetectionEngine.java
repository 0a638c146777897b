package io.sluice.detect;

import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Runs detectors over a stream of events: keyed state, event-time timers, incident merging.
 *
 * <p>Time is the traffic's own. Events do not arrive in timestamp order (a {@link FlowRecord}
 * carries its start but is emitted when it ends), so the watermark follows each event's
 * <em>observed</em> time, {@code ts + duration} for a flow record and {@code ts} otherwise, minus
 * the allowed lateness. After each event the engine fires, in order, every timer the watermark has
 * passed (timer time strictly below the watermark, so events at exactly the timer's time are still
 * seen first), and closes incidents whose last evidence is more than the incident gap behind it.
 * {@link #finish()} fires what is left and closes every incident.
 *
 * <p>Each event is offered only to the detectors whose {@link Detector#consumes()} covers its class;
 * the list for a class is worked out the first time the class is seen and kept.
 *
 * <p>Output is deterministic for a given input: detectors run in id order; timers fire by time,
 * detector id, key text, then order of setting; alerts closed together are emitted by first time,
 * detector id, key text, incident key.
 *
 * <p>Not thread-safe: one engine per thread (on a cluster, one per key partition).
 */
public final class DetectionEngine {

    private final Slot[] slots;
    /**
     * Every detector's state of one key in one row, indexed by slot: most analytics key on a host,
     * so the detectors offered one event mostly ask for the same few keys (often the very same
     * String), and one lookup, kept for the next detector that returns that key, serves them all.
     */
    private final HashMap<Object, Row> rows = new HashMap<>();
    /** The last few keys looked up for the current event and their rows (null: none), round robin. */
    private static final int RECENT = 4;
    private final Object[] recentKeys = new Object[RECENT];
    private final Row[] recentRows = new Row[RECENT];
    private int recentNext;
    /** The slots (in id order) that consume each concrete event class seen so far. */
    private final IdentityHashMap<Class<?>, Slot[]> slotsByClass = new IdentityHashMap<>();
    /** The last class looked up: events of one class often come in runs. */
    private Class<?> lastClass;
    private Slot[] lastSlots;
    private final AlertSink sink;
    private final EngineOptions options;
    private final Context ctx = new Context();

    private final TimerQueue timers = new TimerQueue();
    private final HashMap<IncidentId, Open> open = new HashMap<>();
    /** Open incidents by the close time they had when queued; merges push it later, checked when polled. */
    private final PriorityQueue<Open> closeQueue = new PriorityQueue<>(Comparator.comparingLong(o -> o.closeAt));
    private long seq;

    private long maxObserved = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private boolean finished;
    private long events;
    private long alertsEmitted;

    public DetectionEngine(List<Detector<?, ?>> detectors, AlertSink sink) {
        this(detectors, sink, EngineOptions.defaults());
    }

    @SuppressWarnings("unchecked")
    public DetectionEngine(List<Detector<?, ?>> detectors, AlertSink sink, EngineOptions options) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.options = Objects.requireNonNull(options, "options");
        var sorted = new ArrayList<>(detectors);
        sorted.sort(Comparator.comparing(Detector::id));
        slots = new Slot[sorted.size()];
        for (int i = 0; i < slots.length; i++) {
            if (i > 0 && sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("two detectors share the id " + sorted.get(i).id());
            }
            slots[i] = new Slot(i, (Detector<Object, Object>) sorted.get(i));
        }
    }

    /** The time at which an event was seen complete: the end of a flow, the time of anything else. */
    public static long observedNanos(Event event) {
        if (event instanceof FlowRecord f && f.durationNanos() != null) return f.tsNanos() + f.durationNanos();
        return event.tsNanos();
    }

    public void accept(Event event) {
        if (finished) throw new IllegalStateException("the engine has finished");
        events++;
        long ts = event.tsNanos();
        Slot[] offered = slotsFor(event.getClass());
        forgetRecentKeys();
        for (int i = 0; i < offered.length; i++) {
            var slot = offered[i];
            if (slot.failure != null) continue;
            try {
                var key = slot.detector.key(event);
                if (key == null) continue;
                Row row = rowOf(key);
                ctx.enter(slot, key, ts, row);
                var before = row == null ? null : row.get(slot.index);
                var state = slot.detector.onEvent(key, before, event, ctx);
                // Most analytics update their state in place and hand back the same object, or decline an
                // event of a key they keep nothing for (null for null): neither needs a second lookup.
                if (state != before) {
                    Row now = store(slot, key, row, state);
                    if (now != row) rowChanged(key, now);
                    if (ctx.freshCount > 0) ctx.adopt(now);
                }
            } catch (RuntimeException bug) {
                forgetRecentKeys(); // fail() may have dropped rows
                fail(slot, bug);
            }
        }
        observe(observedNanos(event));
    }

    /**
     * Time passed without events: a live source was quiet until {@code observedNanos}, on the same
     * clock as the events' times. The watermark moves as an event seen complete at that time would
     * move it, so timers fire and incidents close on a quiet network too, not at the next event.
     */
    public void advanceTo(long observedNanos) {
        if (finished) throw new IllegalStateException("the engine has finished");
        observe(observedNanos);
    }

    private void observe(long observed) {
        if (observed > maxObserved) {
            maxObserved = observed;
            long wm = saturatingMinus(observed, options.allowedLatenessNanos());
            if (wm > watermark) watermark = wm;
        }
        fireTimers(watermark, false);
        if (!closeQueue.isEmpty() && watermark > closeQueue.peek().closeAt) closeIncidents(false);
    }

    /**
     * The row of {@code key}, from the keys the detectors before asked for on this event when it is
     * one of the same objects (most ask for the source or the destination address, often as the
     * very same String, in turns), else from the map.
     */
    private Row rowOf(Object key) {
        Object[] keys = recentKeys;
        for (int j = 0; j < RECENT; j++) {
            if (keys[j] == key) {
                return recentRows[j];
            }
        }
        Row row = rows.get(key);
        int j = recentNext;
        recentNext = (j + 1) & (RECENT - 1);
        keys[j] = key;
        recentRows[j] = row;
        return row;
    }

    /**
     * The key's row was made or dropped: an equal key object among the recent ones would still see
     * the old row, so they are forgotten, all but this one.
     */
    private void rowChanged(Object key, Row row) {
        forgetRecentKeys();
        recentKeys[0] = key;
        recentRows[0] = row;
        recentNext = 1;
    }

    private void forgetRecentKeys() {
        java.util.Arrays.fill(recentKeys, null);
    }

    private Slot[] slotsFor(Class<?> type) {
        if (type == lastClass) return lastSlots;
        Slot[] found = slotsByClass.get(type);
        if (found == null) {
            var list = new ArrayList<Slot>();
            for (var slot : slots) {
                if (slot.consumes(type)) list.add(slot);
            }
            found = list.toArray(new Slot[0]);
            slotsByClass.put(type, found);
        }
        lastClass = type;
        lastSlots = found;
        return found;
    }

    /** End of input: fires every pending timer in time order, then emits every open incident. */
    public void finish() {
        if (finished) return;
        long horizon = Math.max(maxObserved, timers.maxTime());
        fireTimers(horizon, true);
        finished = true;
        timers.clear();
        closeIncidents(true);
    }

    public long watermarkNanos() {
        return watermark;
    }

    public long events() {
        return events;
    }

    public long alertsEmitted() {
        return alertsEmitted;
    }

    /** Keys with state, over all detectors. */
    public long stateCount() {
        long n = 0;
        for (var s : slots) n += s.size;
        return n;
    }

    public int pendingTimers() {
        return timers.size();
    }

    /** Detector ids in the order they run. */
    public List<String> detectorIds() {
        var ids = new ArrayList<String>(slots.length);
        for (var s : slots) ids.add(s.detector.id());
        return ids;
    }

    /** Stores a detector's new state (null deletes it) in {@code row}, the key's row or null; returns the key's row now. */
    private Row store(Slot slot, Object key, Row row, Object state) {
        int i = slot.index;
        Object held = row == null ? null : row.get(i);
        if (state == null) {
            if (held == null) return row;
            row.set(i, null);
            slot.size--;
            if (row.count == 0) {
                rows.remove(key);
                return null;
            }
            return row;
        }
        if (held != null) {
            row.set(i, state);
            return row;
        }
        if (slot.size >= options.maxKeysPerDetector()) {
            // Full: the new key goes untracked (its timers, if it set any, find no state), while the
            // keys already held carry on; dropping the newest rather than evicting keeps runs repeatable.
            slot.untrackedKeys++;
            return row;
        }
        if (row == null) {
            row = new Row(slots.length);
            rows.put(key, row);
        }
        row.set(i, state);
        slot.size++;
        return row;
    }


    /**
     * An analytic that throws is switched off for the rest of the run and its state dropped, so one
     * analytic's bug on odd input costs its own alerts only; the others, and the logs, go on. Its
     * open incidents are still emitted. {@link #failures} reports it.
     */
    private void fail(Slot slot, RuntimeException bug) {
        slot.failure = bug;
        for (var it = rows.values().iterator(); it.hasNext(); ) {
            Row row = it.next();
            if (row.get(slot.index) == null) continue;
            row.set(slot.index, null);
            if (row.count == 0) it.remove();
        }
        slot.size = 0;
    }

    /** Per analytic id, the exception that switched it off; empty when none failed. */
    public Map<String, RuntimeException> failures() {
        var out = new TreeMap<String, RuntimeException>();
        for (var slot : slots) {
            if (slot.failure != null) out.put(slot.detector.id(), slot.failure);
        }
        return out;
    }

    /** Per analytic id, the new keys not tracked because it held {@code engine.max_keys} states; empty when none. */
    public Map<String, Long> untrackedKeys() {
        var out = new TreeMap<String, Long>();
        for (var slot : slots) {
            if (slot.untrackedKeys > 0) out.put(slot.detector.id(), slot.untrackedKeys);
        }
        return out;
    }

    /**
     * Fires timers strictly below {@code limit} while streaming, or up to and including it at finish
     * (where the watermark steps to each timer's time, so analytics reading it see the timer's time).
     */
    private void fireTimers(long limit, boolean atFinish) {
        while (!timers.isEmpty()) {
            long time = timers.peekTime();
            if (atFinish ? time > limit : time >= limit) break;
            var t = timers.poll();
            if (atFinish && time > watermark) watermark = time;
            Slot slot = slots[t.slot];
            if (slot.failure != null) continue;
            // the row the key had when the timer was set (or got in that call), while it lives (a row
            // leaves the map only empty)
            Row row = t.row instanceof Row r && r.count > 0 ? r : rows.get(t.key);
            ctx.enter(slot, t.key, time, row);
            try {
                var before = row == null ? null : row.get(slot.index);
                var state = slot.detector.onTimer(t.key, before, time, ctx);
                if (state != before) {
                    Row now = store(slot, t.key, row, state);
                    if (ctx.freshCount > 0) ctx.adopt(now);
                }
            } catch (RuntimeException bug) {
                fail(slot, bug);
            }
        }
    }

    private void closeIncidents(boolean all) {
        var closing = new ArrayList<Open>();
        if (all) {
            closing.addAll(open.values());
            open.clear();
            closeQueue.clear();
        } else {
            while (!closeQueue.isEmpty() && watermark > closeQueue.peek().closeAt) {
                var o = closeQueue.poll();
                long closeAt = saturatingPlus(o.alert.lastNanos(), options.incidentGapNanos());
                if (watermark > closeAt) {
                    open.remove(o.id);
                    closing.add(o);
                } else {
                    o.closeAt = closeAt; // merged since it was queued: wait for its new close time
                    closeQueue.add(o);
                }
            }
        }
        closing.sort(Open.ORDER);
        for (var o : closing) {
            alertsEmitted++;
            sink.accept(o.alert);
        }
    }

    private void raise(Slot slot, Object key, Alert alert, long defaultTime) {
        if (!alert.detectorId().equals(slot.detector.id())) {
            throw new IllegalArgumentException("detector " + slot.detector.id() + " raised an alert built for "
                    + alert.detectorId() + "; use Alert.builder(id())");
        }
        var a = alert.withDefaultTime(defaultTime);
        var id = new IncidentId(slot.index, a.incident() != null ? a.incident() : null, a.incident() != null ? 0 : ++seq);
        var existing = open.get(id);
        if (existing != null) {
            existing.alert = existing.alert.merge(a);
        } else {
            var o = new Open(id, a, slot.detector.id(), String.valueOf(key), ++seq);
            o.closeAt = saturatingPlus(a.lastNanos(), options.incidentGapNanos());
            open.put(id, o);
            closeQueue.add(o);
        }
    }

    private static long saturatingMinus(long a, long b) {
        long r = a - b;
        return r > a ? Long.MIN_VALUE : r;
    }

    private static long saturatingPlus(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    private static final class Slot {
        final int index;
        final Detector<Object, Object> detector;
        /** Keys this detector holds state for (in {@link #rows}). */
        int size;
        /** New keys not stored because it held {@code engine.max_keys} states. */
        long untrackedKeys;
        /** What switched this analytic off, or null while it runs. */
        RuntimeException failure;
        private final Class<?>[] consumed;

        Slot(int index, Detector<Object, Object> detector) {
            this.index = index;
            this.detector = detector;
            this.consumed = detector.consumes().toArray(new Class<?>[0]);
        }

        boolean consumes(Class<?> type) {
            for (var c : consumed) {
                if (c.isAssignableFrom(type)) return true;
            }
            return false;
        }
    }

    /**
     * The states of one key, by slot index; grown to the highest slot that stored one. {@code count}
     * is how many are set: the row goes when the last one does.
     */
    private static final class Row {
        Object[] states;
        int count;

        Row(int slots) {
            states = new Object[Math.min(slots, 8)];
        }

        Object get(int i) {
            Object[] a = states;
            return i < a.length ? a[i] : null;
        }

        void set(int i, Object state) {
            if (i >= states.length) {
                if (state == null) return;
                states = java.util.Arrays.copyOf(states, Math.max(i + 1, 2 * states.length));
            }
            Object old = states[i];
            states[i] = state;
            if (old == null && state != null) count++;
            else if (old != null && state == null) count--;
        }
    }

    private record IncidentId(int slot, String incident, long unique) {
        // written out: looked up for every alert an analytic raises, and the record's generated
        // methods run through method handles that the launcher's shallow inlining leaves as calls
        @Override
        public int hashCode() {
            return (31 * slot + Objects.hashCode(incident)) * 31 + Long.hashCode(unique);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IncidentId i && slot == i.slot && unique == i.unique && Objects.equals(incident, i.incident);
        }
    }

    private static final class Open {
        static final Comparator<Open> ORDER = Comparator.<Open>comparingLong(o -> o.alert.firstNanos())
                .thenComparing(o -> o.detectorId)
                .thenComparing(o -> o.keyText)
                .thenComparing(o -> o.alert.incident(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(o -> o.seq);

        final IncidentId id;
        Alert alert;
        long closeAt;
        final String detectorId;
        final String keyText;
        final long seq;

        Open(IncidentId id, Alert alert, String detectorId, String keyText, long seq) {
            this.id = id;
            this.alert = alert;
            this.detectorId = detectorId;
            this.keyText = keyText;
            this.seq = seq;
        }
    }

    /** One context, re-pointed at the current detector and key before each call. */
    private final class Context implements DetectorContext {
        private Slot slot;
        private Object key;
        private Row row;
        private long now;
        /** Timers set in this call while the key had no row: they get the row the call leaves it. */
        private final TimerQueue.Timer[] fresh = new TimerQueue.Timer[4];
        private int freshCount;

        void enter(Slot slot, Object key, long now, Row row) {
            this.slot = slot;
            this.key = key;
            this.row = row;
            this.now = now;
            this.freshCount = 0;
        }

        void adopt(Row row) {
            for (int i = 0; i < freshCount; i++) fresh[i].row = row;
            freshCount = 0;
        }

        @Override
        public long watermarkNanos() {
            return watermark;
        }

        @Override
        public void timer(long eventTimeNanos) {
            if (finished) return;
            var t = timers.add(eventTimeNanos, slot.index, key, row, seq + 1);
            if (t == null) return;
            seq++;
            if (row == null && freshCount < fresh.length) fresh[freshCount++] = t;
        }

        @Override
        public void alert(Alert alert) {
            raise(slot, key, alert, now);
        }
    }
}
