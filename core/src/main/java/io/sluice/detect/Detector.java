package io.sluice.detect;

import io.sluice.attack.Technique;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.List;
import java.util.Set;

/**
 * An analytic: keyed state plus event-time timers. The engine groups events by {@link #key}, hands
 * each key's state to {@link #onEvent}, and calls {@link #onTimer} when the watermark passes a
 * timer the detector set. The same class runs in the local engine and in Flink, so the state must
 * be plain serialisable data (records, lists, maps of those) and the detector itself holds no
 * mutable fields.
 *
 * @param <K> the key the detector groups on (a record or String)
 * @param <S> plain, serialisable state
 */
public interface Detector<K, S> {

    /** Stable, dotted: "scan.horizontal", "dns.dga". */
    String id();

    /** The ATT&CK techniques it can report. */
    List<Technique> techniques();

    /** The DS0029 components it reads. */
    Set<Ds0029Component> components();

    /**
     * The event types (records or interfaces) this detector's {@link #key} can return a key for. The
     * engine offers a detector only events of these types, so an analytic that reads flows is not
     * asked about every DNS answer. The default, every {@link Event}, is always correct but costs a
     * {@code key} call per event; a detector that declares types must declare every type its
     * {@code key} accepts.
     */
    default Set<Class<? extends Event>> consumes() {
        return Set.of(Event.class);
    }

    /** The key for this event; null when the event is not for this detector. */
    K key(Event event);

    /** State is null on the first event of a key; returns the new state (null deletes it). */
    S onEvent(K key, S state, Event event, DetectorContext ctx);

    /**
     * A timer set for this key fired; same return rule as {@link #onEvent}. As in Flink, a timer
     * does not keep state alive: {@code state} is null when an earlier timer or event of this key
     * dropped it, and the analytic then has nothing to do (TimerWithoutStateTest holds every
     * analytic of the standard set to that).
     */
    S onTimer(K key, S state, long timerNanos, DetectorContext ctx);
}
