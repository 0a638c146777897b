package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.Tactic;
import io.sluice.attack.TechniqueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads ATT&CK technique and tactic facts from STIX, to refresh the built-in catalogue
 * ({@code --attack-bundle}): either one bundle file ({@code enterprise-attack.json}, a STIX
 * {@code bundle} with {@code objects}) or a folder laid out as MITRE's cti repository keeps it
 * ({@code attack-pattern/*.json}, {@code x-mitre-tactic/*.json}, each a bundle of one object).
 * Revoked and deprecated techniques are skipped. The ATT&CK id is the {@code external_id} of the
 * {@code mitre-attack} external reference; tactics are the {@code mitre-attack} kill-chain phases.
 */
final class StixBundle {

    record Facts(List<TechniqueInfo> techniques, List<Tactic> tactics, String version) {}

    private StixBundle() {
    }

    static AttackCatalogue refresh(AttackCatalogue builtin, Path path) throws IOException {
        var facts = load(path);
        if (facts.techniques().isEmpty()) {
            throw new IOException(path + " holds no ATT&CK techniques (attack-pattern objects with a mitre-attack id)");
        }
        return builtin.refreshedWith(facts.techniques(), facts.tactics(), facts.version());
    }

    static Facts load(Path path) throws IOException {
        var mapper = new ObjectMapper();
        var techniques = new ArrayList<TechniqueInfo>();
        var tactics = new ArrayList<Tactic>();
        String[] version = {null};
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path, 2)) {
                files = s.filter(p -> p.toString().endsWith(".json"))
                        .filter(p -> {
                            var dir = p.getParent().getFileName().toString();
                            return dir.equals("attack-pattern") || dir.equals("x-mitre-tactic") || dir.equals("x-mitre-collection");
                        })
                        .sorted().toList();
            }
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new IOException(path + " does not exist; give enterprise-attack.json or a folder of STIX objects");
        }
        for (var f : files) {
            JsonNode root;
            try (var in = Files.newInputStream(f)) {
                root = mapper.readTree(in);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(f + " is not JSON: " + e.getOriginalMessage());
            }
            var objects = root.has("objects") ? root.get("objects") : mapper.createArrayNode().add(root);
            for (var o : objects) collect(o, techniques, tactics, version);
        }
        return new Facts(techniques, tactics, version[0]);
    }

    private static void collect(JsonNode o, List<TechniqueInfo> techniques, List<Tactic> tactics, String[] version) {
        var type = o.path("type").asText();
        if (o.path("revoked").asBoolean(false) || o.path("x_mitre_deprecated").asBoolean(false)) return;
        switch (type) {
            case "attack-pattern" -> {
                var id = mitreId(o);
                if (id == null || !id.matches("T\\d{4}(\\.\\d{3})?")) return;
                var phases = new ArrayList<String>();
                for (var k : o.path("kill_chain_phases")) {
                    if (k.path("kill_chain_name").asText().equals("mitre-attack")) phases.add(k.path("phase_name").asText());
                }
                techniques.add(new TechniqueInfo(id, o.path("name").asText(), phases));
            }
            case "x-mitre-tactic" -> {
                var id = mitreId(o);
                var shortName = o.path("x_mitre_shortname").asText(null);
                if (id != null && shortName != null) tactics.add(new Tactic(id, shortName, o.path("name").asText()));
            }
            case "x-mitre-collection" -> version[0] = o.path("x_mitre_version").asText(null);
            default -> { }
        }
    }

    private static String mitreId(JsonNode o) {
        for (var ref : o.path("external_references")) {
            if (ref.path("source_name").asText().equals("mitre-attack") && ref.has("external_id")) {
                return ref.get("external_id").asText();
            }
        }
        return null;
    }
}
