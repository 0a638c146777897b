package io.sluice.detect;

import java.util.Map;
import java.util.TreeMap;

/**
 * Settings for the engine and the analytics, as flat dotted keys: {@code detectors.<id>.<param>}
 * (from the {@code detectors} section of {@code sluice.yaml}, or {@code --set} on the command line)
 * and {@code engine.<param>} for the engine. Values are kept as text and parsed when an analytic
 * asks for them, so a wrong value is reported with its key. Core does not read YAML; the app
 * flattens the file into this map.
 *
 * <p>An analytic reads its section in its {@code static Config config(DetectConfig c)}:
 * <pre>{@code
 * var s = c.detector("scan.horizontal");
 * return new Config(s.intValue("min_ports", 100), s.durationNanos("window", 60_000_000_000L));
 * }</pre>
 */
public final class DetectConfig {

    private static final DetectConfig EMPTY = new DetectConfig(Map.of());

    private final Map<String, String> values;

    private DetectConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static DetectConfig empty() {
        return EMPTY;
    }

    public static DetectConfig of(Map<String, String> values) {
        return new DetectConfig(values);
    }

    /** This configuration with one key set (later settings win, as {@code --set} over the file). */
    public DetectConfig with(String key, String value) {
        var copy = new TreeMap<>(values);
        copy.put(key, value);
        return new DetectConfig(copy);
    }

    /** All keys and values, sorted by key. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }

    /** The {@code detectors.<id>} section. */
    public Settings detector(String id) {
        return new Settings("detectors." + id + ".", values);
    }

    /** The {@code engine} section. */
    public Settings engine() {
        return new Settings("engine.", values);
    }

    /** Whether {@code detectors.<id>.enabled} leaves the analytic on (the default). */
    public boolean enabled(String id) {
        return detector(id).boolValue("enabled", true);
    }

    /** Typed reads of one section; each takes the default when the key is absent. */
    public static final class Settings {
        private final String prefix;
        private final Map<String, String> values;

        Settings(String prefix, Map<String, String> values) {
            this.prefix = prefix;
            this.values = values;
        }

        private String raw(String name) {
            var v = values.get(prefix + name);
            return v == null ? null : v.strip();
        }

        private IllegalArgumentException bad(String name, String want, String got) {
            return new IllegalArgumentException(
                    prefix + name + ": expected " + want + ", got '" + got + "'; fix it in sluice.yaml or --set");
        }

        public String stringValue(String name, String dflt) {
            var v = raw(name);
            return v == null ? dflt : v;
        }

        public int intValue(String name, int dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            try {
                return Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw bad(name, "an integer", v);
            }
        }

        public long longValue(String name, long dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw bad(name, "an integer", v);
            }
        }

        public double doubleValue(String name, double dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(name, "a number", v);
            }
        }

        public boolean boolValue(String name, boolean dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw bad(name, "true or false", v);
            };
        }

        /** A severity by name, in any case (info, low, medium, high, critical). */
        public Severity severityValue(String name, Severity dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            try {
                return Severity.valueOf(v.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(name, "one of info, low, medium, high, critical", v);
            }
        }

        /** A duration: a number with unit ns, us, ms, s, m, h or d; a bare number means seconds. */
        public long durationNanos(String name, long dfltNanos) {
            var v = raw(name);
            if (v == null) return dfltNanos;
            try {
                return Durations.parseNanos(v);
            } catch (IllegalArgumentException e) {
                throw bad(name, "a duration such as 90s, 5m or 1h", v);
            }
        }

        /** A comma-separated list (a YAML sequence arrives joined by commas). */
        public java.util.List<String> listValue(String name, java.util.List<String> dflt) {
            var v = raw(name);
            if (v == null) return dflt;
            if (v.isEmpty()) return java.util.List.of();
            var out = new java.util.ArrayList<String>();
            for (var part : v.split(",")) {
                if (!part.isBlank()) out.add(part.strip());
            }
            return java.util.List.copyOf(out);
        }
    }
}
