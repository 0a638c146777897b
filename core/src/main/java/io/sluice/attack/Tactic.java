package io.sluice.attack;

/** An ATT&CK tactic: {@code TA0007}, short name {@code discovery}, name {@code Discovery}. */
public record Tactic(String id, String shortName, String name) {

    public String url() {
        return "https://attack.mitre.org/tactics/" + id + "/";
    }
}
