package io.sluice.rules.intel;

/**
 * One indicator from a threat-intel list.
 *
 * @param type   what kind of value it is
 * @param value  normalised: lower case, domains without a trailing dot, URLs without scheme
 * @param source the list's name (file name or a name given on the command line)
 * @param label  what the list says about it (malware family, threat, comment), or null
 */
public record Indicator(IndicatorType type, String value, String source, String label) {

    /** "evil.example (domain, abuse-feed: Emotet)". */
    public String describe() {
        return value + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + " on list " + source
                + (label == null || label.isBlank() ? "" : ": " + label) + ")";
    }
}
