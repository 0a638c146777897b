package io.sluice.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ATT&CK technique names and tactics, as facts written in the project ({@code techniques.tsv} and
 * {@code tactics.tsv} next to this class, the techniques DS0029 names and their parents), which a
 * full STIX bundle can refresh ({@link #refreshedWith}). Alerts carry only technique ids; sinks look
 * the names and tactics up here when they write.
 */
public final class AttackCatalogue {

    /** The ATT&CK release the built-in facts come from. */
    public static final String BUILTIN_VERSION = "18.1";

    private final Map<String, TechniqueInfo> techniques;
    private final Map<String, Tactic> tacticsByShortName;
    private final String version;

    private AttackCatalogue(Map<String, TechniqueInfo> techniques, Map<String, Tactic> tactics, String version) {
        this.techniques = Map.copyOf(techniques);
        this.tacticsByShortName = Map.copyOf(tactics);
        this.version = version;
    }

    public static AttackCatalogue builtin() {
        var tactics = new LinkedHashMap<String, Tactic>();
        for (var f : rows("tactics.tsv", 3)) tactics.put(f[1], new Tactic(f[0], f[1], f[2]));
        var techniques = new TreeMap<String, TechniqueInfo>();
        for (var f : rows("techniques.tsv", 3)) {
            techniques.put(f[0], new TechniqueInfo(f[0], f[1], f[2].isEmpty() ? List.of() : List.of(f[2].split(","))));
        }
        return new AttackCatalogue(techniques, tactics, BUILTIN_VERSION);
    }

    private static List<String[]> rows(String resource, int columns) {
        var in = AttackCatalogue.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the build");
        var out = new ArrayList<String[]>();
        try (var br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = br.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                if (header) {
                    header = false;
                    continue;
                }
                var f = line.split("\t", -1);
                if (f.length != columns) throw new IllegalStateException(resource + ": bad row '" + line + "'");
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * This catalogue with the given facts replacing or adding to it (from a newer ATT&CK release);
     * techniques and tactics it does not mention keep their built-in facts.
     */
    public AttackCatalogue refreshedWith(Collection<TechniqueInfo> newer, Collection<Tactic> newerTactics, String newVersion) {
        var t = new TreeMap<>(techniques);
        for (var info : newer) t.put(info.id(), info);
        var tac = new LinkedHashMap<>(tacticsByShortName);
        for (var x : newerTactics) tac.put(x.shortName(), x);
        return new AttackCatalogue(t, tac, newVersion == null ? version : newVersion);
    }

    public String version() {
        return version;
    }

    public Optional<TechniqueInfo> technique(String id) {
        return Optional.ofNullable(techniques.get(id));
    }

    /** All techniques known, by id. */
    public Collection<TechniqueInfo> techniques() {
        return new TreeMap<>(techniques).values();
    }

    /** The technique's own name ("DNS" for T1071.004); the id when the catalogue does not know it. */
    public String name(String id) {
        var t = techniques.get(id);
        return t == null ? id : t.name();
    }

    /** "Application Layer Protocol: DNS" for a sub-technique, the name otherwise. */
    public String fullName(String id) {
        var t = Technique.of(id);
        if (!t.isSubTechnique()) return name(id);
        return name(t.parent().id()) + ": " + name(id);
    }

    /** The tactics of a technique (a sub-technique without its own falls back to its parent's). */
    public List<Tactic> tactics(String id) {
        var info = techniques.get(id);
        if ((info == null || info.tactics().isEmpty()) && Technique.of(id).isSubTechnique()) {
            info = techniques.get(id.substring(0, 5));
        }
        if (info == null) return List.of();
        var out = new ArrayList<Tactic>();
        for (var s : info.tactics()) {
            var tac = tacticsByShortName.get(s);
            out.add(tac != null ? tac : new Tactic("", s, s));
        }
        return out;
    }

    public Optional<Tactic> tactic(String shortName) {
        return Optional.ofNullable(tacticsByShortName.get(shortName));
    }
}
