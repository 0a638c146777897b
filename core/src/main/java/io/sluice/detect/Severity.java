package io.sluice.detect;

/** How bad an alert is, in OCSF's scale ({@code severity_id} 1..5). */
public enum Severity {
    INFO(1, "Informational"),
    LOW(2, "Low"),
    MEDIUM(3, "Medium"),
    HIGH(4, "High"),
    CRITICAL(5, "Critical");

    private final int ocsfId;
    private final String ocsfName;

    Severity(int ocsfId, String ocsfName) {
        this.ocsfId = ocsfId;
        this.ocsfName = ocsfName;
    }

    /** OCSF {@code severity_id}. */
    public int ocsfId() {
        return ocsfId;
    }

    /** OCSF {@code severity} caption. */
    public String ocsfName() {
        return ocsfName;
    }

    public Severity max(Severity other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }
}
