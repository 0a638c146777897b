package io.sluice.protocol.tls.x509;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed certificates by the SHA-256 fingerprint of their DER, so that a certificate seen again
 * (the same server chain in every handshake) is not parsed again: on the benchmark capture 4,920
 * certificates are 38 distinct ones. Zeek keeps a cache of the same kind for the same reason. A
 * parse is a pure function of the bytes and {@link ParsedCertificate} is immutable, so one cache
 * serves every flow and pipeline in the process; a DER that does not parse is remembered too.
 * Bounded, least recently used out first.
 */
public final class CertificateCache {
    /** Entries kept; distinct certificates on a link are few next to this. */
    static final int CAPACITY = 4096;
    private static final Entry UNPARSABLE = new Entry(null, null);

    /** A parse and the JA4X computed from it (null for a DER that does not parse). */
    public record Entry(ParsedCertificate certificate, String ja4x) {}

    /** What a caller computes for a fingerprint that is not cached yet. */
    @FunctionalInterface
    public interface Parse {
        Entry parse();
    }

    private static final Map<String, Entry> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CertificateCache.Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private CertificateCache() {}

    /** The cached entry for the fingerprint, else {@code parse}'s result, which is then cached. */
    public static Entry get(String sha256Hex, Parse parse) {
        synchronized (CACHE) {
            Entry e = CACHE.get(sha256Hex);
            if (e != null) return e;
        }
        Entry fresh = parse.parse();
        if (fresh == null || fresh.certificate() == null) fresh = UNPARSABLE;
        synchronized (CACHE) {
            CACHE.put(sha256Hex, fresh);
        }
        return fresh;
    }

    /** Entries held now (tests). */
    static int size() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }
}
