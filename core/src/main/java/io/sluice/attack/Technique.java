package io.sluice.attack;

import java.util.regex.Pattern;

/**
 * An ATT&CK technique or sub-technique, by id ({@code T1046}, {@code T1071.004}). Names and
 * tactics are facts of the catalogue, not of the id, so they are looked up there when an alert is
 * written; a detector only declares ids.
 */
public record Technique(String id) {

    private static final Pattern ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    public Technique {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an ATT&CK technique id (want T1234 or T1234.001): " + id);
        }
    }

    public static Technique of(String id) {
        return new Technique(id);
    }

    public boolean isSubTechnique() {
        return id.length() > 5;
    }

    /** The parent technique of a sub-technique; the technique itself otherwise. */
    public Technique parent() {
        return isSubTechnique() ? new Technique(id.substring(0, 5)) : this;
    }

    @Override
    public String toString() {
        return id;
    }
}
