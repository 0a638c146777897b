package io.sluice.attack;

import java.util.List;

/**
 * What ATT&CK says about a technique: its name (a sub-technique's own name, without the parent's)
 * and the short names of its tactics.
 */
public record TechniqueInfo(String id, String name, List<String> tactics) {

    public TechniqueInfo {
        Technique.of(id);
        tactics = List.copyOf(tactics);
    }

    public String url() {
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }
}
