package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.detect.DetectConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code sluice.yaml} into the flat dotted keys of {@link DetectConfig}: nested maps become
 * dotted paths ({@code detectors: {scan.horizontal: {min_hosts: 25}}} and
 * {@code detectors: {scan: {horizontal: {min_hosts: 25}}}} both give
 * {@code detectors.scan.horizontal.min_hosts = 25}); sequences are joined by commas; scalars are
 * kept as text for the analytic to parse. Also applies {@code --set key=value} overrides.
 */
final class SluiceYaml {

    private SluiceYaml() {
    }

    static Map<String, String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + " does not exist or is not a file");
        JsonNode root;
        try (var in = Files.newInputStream(file)) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        var out = new TreeMap<String, String>();
        if (root == null || root.isMissingNode() || root.isNull()) return out;
        if (!root.isObject()) throw new IOException(file + ": the top level must be a map (detectors:, engine:)");
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            var parts = new ArrayList<String>();
            for (var x : node) parts.add(x.isValueNode() ? x.asText() : x.toString());
            out.put(prefix, String.join(",", parts));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /** Applies {@code key=value} overrides; a malformed one is an IllegalArgumentException naming it. */
    static DetectConfig withOverrides(DetectConfig config, List<String> sets) {
        var c = config;
        for (var s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + s + ": want key=value, e.g. --set detectors.scan.horizontal.min_hosts=25");
            }
            c = c.with(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        return c;
    }

    /** Keys under {@code detectors.} that belong to none of the given detector ids (typos, removed analytics). */
    static List<String> unknownDetectorKeys(DetectConfig config, List<String> knownIds) {
        var unknown = new ArrayList<String>();
        for (var key : config.values().keySet()) {
            if (!key.startsWith("detectors.")) continue;
            boolean known = false;
            for (var id : knownIds) {
                if (key.startsWith("detectors." + id + ".")) {
                    known = true;
                    break;
                }
            }
            if (!known) unknown.add(key);
        }
        return unknown;
    }
}
