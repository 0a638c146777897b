package io.sluice.rules.intel;

import io.sluice.packet.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Threat-intel indicators from any number of lists, indexed for lookups by what traffic shows: an
 * address (exact, then longest matching network), a DNS name (the name and each parent domain),
 * an HTTP request (host and URI), a fingerprint, a file's hash. Built once before a run, then read-only: lookups
 * may run from several threads. When two lists carry the same value, the first one added wins.
 */
public final class IntelSet {

    private final Map<String, Indicator> addresses = new HashMap<>();
    private final CidrTable<Indicator> networks = new CidrTable<>();
    private final Map<String, Indicator> domains = new HashMap<>();
    private final Map<String, Indicator> urls = new HashMap<>();
    private final Map<String, Indicator> fingerprints = new HashMap<>();
    private final Map<String, Indicator> fileHashes = new HashMap<>();
    private final Map<IndicatorType, Integer> counts = new EnumMap<>(IndicatorType.class);
    private final List<String> sources = new ArrayList<>();

    private static final IntelSet EMPTY = new IntelSet();

    public static IntelSet empty() {
        return EMPTY;
    }

    /** Builds a set from indicators (already normalised, as {@link IntelFileReader} makes them). */
    public static IntelSet of(List<Indicator> indicators) {
        var set = new IntelSet();
        for (Indicator i : indicators) set.add(i);
        return set;
    }

    private void add(Indicator i) {
        if (!sources.contains(i.source())) sources.add(i.source());
        boolean added = switch (i.type()) {
            case IP -> addresses.putIfAbsent(i.value(), i) == null;
            case CIDR -> addNetwork(i);
            case DOMAIN -> domains.putIfAbsent(i.value(), i) == null;
            case URL -> urls.putIfAbsent(i.value(), i) == null;
            case FINGERPRINT -> fingerprints.putIfAbsent(i.value(), i) == null;
            case FILE_HASH -> fileHashes.putIfAbsent(i.value(), i) == null;
        };
        if (added) counts.merge(i.type(), 1, Integer::sum);
    }

    private boolean addNetwork(Indicator i) {
        int slash = i.value().indexOf('/');
        String addr = i.value().substring(0, slash);
        int bits = Integer.parseInt(i.value().substring(slash + 1));
        long hi = IpAddress.parseHi(addr), lo = IpAddress.parseLo(addr);
        int before = networks.size();
        networks.put(hi, lo, addr.indexOf(':') >= 0 ? bits : bits + 96, i);
        return networks.size() > before;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Indicators kept, by type. */
    public Map<IndicatorType, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public List<String> sources() {
        return List.copyOf(sources);
    }

    /** The indicator of an address: an exact IP entry, else the longest listed network holding it. */
    public Indicator matchAddress(String ip) {
        if (ip == null || isEmpty()) return null;
        long hi, lo;
        try {
            hi = IpAddress.parseHi(ip);
            lo = IpAddress.parseLo(ip);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!addresses.isEmpty()) {
            Indicator exact = addresses.get(IpAddress.format(hi, lo));
            if (exact != null) return exact;
        }
        return networks.lookup(hi, lo);
    }

    /** The indicator of a DNS name or of its closest listed parent ("a.b.evil.example" matches "evil.example"). */
    public Indicator matchDomain(String name) {
        if (name == null || domains.isEmpty()) return null;
        String d = name.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        int from = 0;
        while (true) {
            Indicator i = domains.get(from == 0 ? d : d.substring(from));
            if (i != null) return i;
            int dot = d.indexOf('.', from);
            if (dot < 0) return null;
            from = dot + 1;
        }
    }

    /** The indicator of an HTTP request: its full URL, else the URL without its query string. */
    public Indicator matchUrl(String host, String uri) {
        if (urls.isEmpty()) return null;
        String key = IndicatorValues.requestKey(host, uri);
        if (key == null) return null;
        Indicator i = urls.get(key);
        if (i != null) return i;
        int q = key.indexOf('?');
        return q < 0 ? null : urls.get(key.substring(0, q));
    }

    /** The indicator of a JA3/JA3S/JA4/JA4S/HASSH value (case ignored). */
    public Indicator matchFingerprint(String fp) {
        if (fp == null || fp.isEmpty() || fingerprints.isEmpty()) return null;
        return fingerprints.get(fp.toLowerCase(Locale.ROOT));
    }

    /**
     * The indicator of a file's MD5, SHA-1 or SHA-256 (hex, case ignored). An MD5 is also looked up
     * among the fingerprints: a plain list's bare 32-digit value cannot say whether it is a JA3 or a
     * file's MD5, and is kept as a fingerprint.
     */
    public Indicator matchFileHash(String hex) {
        if (hex == null || hex.isEmpty() || isEmpty()) return null;
        String h = hex.toLowerCase(Locale.ROOT);
        Indicator i = fileHashes.get(h);
        if (i == null && h.length() == 32) i = fingerprints.get(h);
        return i;
    }
}
