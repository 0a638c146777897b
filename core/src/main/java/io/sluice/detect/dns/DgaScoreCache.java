package io.sluice.detect.dns;

/**
 * Remembers the last names {@link DgaScorer} scored, so the public-suffix split and the score are
 * computed once per name rather than once per DNS transaction: most lookups repeat a handful of
 * popular names across every client.
 *
 * <p>Direct-mapped by the name's hash (a colliding name replaces the one in its slot), fixed size,
 * no locks: a slot holds an immutable record, and a reader that races a writer sees either the old
 * or the new record whole (final fields), and at worst scores a name again.
 */
public final class DgaScoreCache {
    /** A name, its split and its score. */
    public record Scored(String name, RegisteredDomain domain, double score) {}

    private final DgaScorer scorer;
    private final Scored[] slots;
    private final int mask;

    /** @param slots rounded up to a power of two */
    public DgaScoreCache(DgaScorer scorer, int slots) {
        this.scorer = scorer;
        int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.slots = new Scored[size];
        this.mask = size - 1;
    }

    /** The split and score of {@code name} (already lowercased by the caller or not: the split normalises). */
    public Scored score(String name) {
        int h = name.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        Scored s = slots[i];
        if (s != null && s.name().equals(name)) return s;
        var d = RegisteredDomain.of(name);
        s = new Scored(name, d, scorer.scoreOf(d));
        slots[i] = s;
        return s;
    }

    public DgaScorer scorer() {
        return scorer;
    }
}
