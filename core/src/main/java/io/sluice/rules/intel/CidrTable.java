package io.sluice.rules.intel;

import io.sluice.packet.IpAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Longest-prefix lookup of 128-bit addresses (IPv4 mapped into {@code ::ffff:0:0/96}, as
 * {@link IpAddress} parses them): one hash table per prefix length present, probed from the
 * longest length down. A feed has few distinct lengths, so a lookup costs a handful of hash probes
 * whatever the number of networks.
 */
final class CidrTable<V> {

    private record Key(long hi, long lo) {}

    private final Map<Integer, Map<Key, V>> byLength = new HashMap<>();
    private int[] lengths = new int[0];

    /** Adds a network; {@code bits} counts over the 128-bit form (an IPv4 /24 is 120). The first value of a network wins. */
    void put(long hi, long lo, int bits, V value) {
        Key k = new Key(hi & maskHi(bits), lo & maskLo(bits));
        Map<Key, V> table = byLength.get(bits);
        if (table == null) {
            table = new HashMap<>();
            byLength.put(bits, table);
            var sorted = new TreeSet<Integer>(java.util.Comparator.reverseOrder());
            sorted.addAll(byLength.keySet());
            lengths = sorted.stream().mapToInt(Integer::intValue).toArray();
        }
        table.putIfAbsent(k, value);
    }

    /** The value of the longest network containing the address, or null. */
    V lookup(long hi, long lo) {
        for (int bits : lengths) {
            V v = byLength.get(bits).get(new Key(hi & maskHi(bits), lo & maskLo(bits)));
            if (v != null) return v;
        }
        return null;
    }

    int size() {
        int n = 0;
        for (var m : byLength.values()) n += m.size();
        return n;
    }

    private static long maskHi(int bits) {
        return bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static long maskLo(int bits) {
        return bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
    }
}
