package io.sluice.detect.dns;

import com.google.common.net.InternetDomainName;

/**
 * A DNS name split at its registered domain, public-suffix aware: {@code a.b.example.co.uk} is
 * subdomain {@code a.b}, registered domain {@code example.co.uk}, suffix {@code co.uk}, and the
 * label an owner chose, {@code example}.
 *
 * <p>The suffixes come from Guava's bundled copy of the Public Suffix List, private section
 * included, so the customer part of dynamic-DNS and hosting names ({@code x7kq.dyndns.org},
 * {@code foo.blogspot.com}) counts as registered, as a DNS analytic wants: every customer there is
 * a separate owner. A name under a suffix the list does not know (a typo, an internal zone, an
 * alternative root such as {@code .bazar}) falls back to its last label as the suffix.
 *
 * @param name the whole name, lowercased, without a trailing dot
 * @param registered the registered domain ({@code example.co.uk}); the name itself when it is a
 *     bare suffix or a single label
 * @param subdomain what stands left of the registered domain, "" when nothing does
 * @param suffix the public suffix ({@code co.uk}), or the last label when the list does not know it
 * @param label the registered domain's first label ({@code example})
 * @param suffixKnown whether the suffix is on the Public Suffix List
 */
public record RegisteredDomain(String name, String registered, String subdomain, String suffix, String label,
        boolean suffixKnown) {

    /** Names longer than DNS allows, or with characters no resolver sends, are split naively. */
    private static final int MAX_NAME = 253;

    /**
     * Labels handed to the list: its longest rules have five labels (wildcards included), so the
     * registered domain is decided by at most the last six; the rest of a long tunnel name is
     * subdomain whatever it holds, and leaving it out keeps the lookup cheap.
     */
    private static final int TAIL_LABELS = 8;

    /**
     * Recent splits, by query: the same names come again and again (every lookup of a popular
     * domain, every HTTP request to it), and the list lookup is the dearest step of the DNS
     * analytics. Direct-mapped by hash, so a slot holds the last query that landed there. Entries
     * are immutable, so threads sharing the cache see whole entries or none (final fields).
     */
    private static final int CACHE_SLOTS = 4096;
    private static final Cached[] CACHE = new Cached[CACHE_SLOTS];

    private record Cached(String query, RegisteredDomain split) {}

    /** Splits a query name; never throws: a name the list cannot parse is split at its last two labels. */
    public static RegisteredDomain of(String query) {
        if (query == null) return compute(null);
        int slot = (query.hashCode() * 0x9E3779B9 >>> 20) & (CACHE_SLOTS - 1);
        Cached c = CACHE[slot];
        if (c != null && c.query.equals(query)) return c.split;
        var split = compute(query);
        CACHE[slot] = new Cached(query, split);
        return split;
    }

    private static RegisteredDomain compute(String query) {
        String name = normalise(query);
        if (name.isEmpty()) return new RegisteredDomain("", "", "", "", "", false);
        int start = name.length();
        for (int labels = 0; labels < TAIL_LABELS && start > 0; labels++) start = name.lastIndexOf('.', start - 1);
        if (start > 0) {
            var tail = split(name.substring(start + 1));
            String sub = name.substring(0, start) + (tail.subdomain().isEmpty() ? "" : "." + tail.subdomain());
            return new RegisteredDomain(name, tail.registered(), sub, tail.suffix(), tail.label(), tail.suffixKnown());
        }
        return split(name);
    }

    private static RegisteredDomain split(String name) {
        if (name.length() <= MAX_NAME && plausible(name)) {
            try {
                var idn = InternetDomainName.from(name);
                if (idn.hasPublicSuffix()) {
                    String suffix = idn.publicSuffix().toString();
                    if (idn.isPublicSuffix()) return new RegisteredDomain(name, name, "", suffix, firstLabel(name), true);
                    String registered = idn.topDomainUnderRegistrySuffix().toString();
                    var top = idn.topPrivateDomain().toString();
                    // the private section (dyndns.org, blogspot.com) owns the split when it applies
                    registered = top.length() > registered.length() ? top : registered;
                    suffix = registered.substring(registered.indexOf('.') + 1);
                    return new RegisteredDomain(name, registered, sub(name, registered), suffix, firstLabel(registered), true);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // Guava rejects some names real traffic carries (e.g. labels with '_'); split naively below
            }
        }
        return naive(name);
    }

    private static RegisteredDomain naive(String name) {
        int last = name.lastIndexOf('.');
        if (last < 0) return new RegisteredDomain(name, name, "", name, name, false);
        int before = name.lastIndexOf('.', last - 1);
        String registered = name.substring(before + 1);
        return new RegisteredDomain(name, registered, sub(name, registered), name.substring(last + 1),
                firstLabel(registered), false);
    }

    private static String sub(String name, String registered) {
        return name.length() > registered.length() ? name.substring(0, name.length() - registered.length() - 1) : "";
    }

    private static String firstLabel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String normalise(String query) {
        if (query == null) return "";
        String s = query.strip().toLowerCase(java.util.Locale.ROOT);
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** Letters, digits, '-' and '.', no empty label: what Guava accepts without an exception. */
    private static boolean plausible(String name) {
        char prev = '.';
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && prev != '.');
            if (!ok) return false;
            prev = c;
        }
        return prev != '.';
    }
}
