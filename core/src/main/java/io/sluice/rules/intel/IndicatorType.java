package io.sluice.rules.intel;

/** The kinds of network indicator Sluice matches. */
public enum IndicatorType {
    /** One IPv4 or IPv6 address. */
    IP,
    /** A network in CIDR notation. */
    CIDR,
    /** A domain; matches the name itself and every name under it. */
    DOMAIN,
    /** A URL, matched on host, path and query (scheme and default port ignored). */
    URL,
    /** A client or server fingerprint: JA3/JA3S or HASSH (MD5 hex), JA4/JA4S/JA4H/JA4SSH. */
    FINGERPRINT,
    /**
     * The MD5, SHA-1 or SHA-256 of a file's content (files.log). A bare 32-digit hex value in a
     * plain list is read as a {@link #FINGERPRINT}; file MD5s are looked up among those too.
     */
    FILE_HASH
}
