package io.sluice.ingest.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one default Jackson {@link ObjectMapper} of the log readers, built on first use. Creating a
 * mapper loads and initialises a few hundred classes (about 50 ms at start-up); a run over captures
 * only never parses JSON, and the formats are registered before the inputs are sniffed, so the
 * readers must not build it in their static initialisers.
 */
public final class SharedMapper {
    private SharedMapper() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Thread-safe once built; callers never reconfigure it. */
    public static ObjectMapper get() {
        return Holder.MAPPER;
    }
}
