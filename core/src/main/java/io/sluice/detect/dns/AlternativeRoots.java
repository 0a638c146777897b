package io.sluice.detect.dns;

import java.util.Set;

/**
 * Top-level domains of alternative DNS roots: names no ICANN registrar sells and only a resolver
 * configured for that root (or a bot's own resolver code) can look up. Bots use them because no
 * registry can seize their domains: BazarBackdoor's generated names end in {@code .bazar} (EmerDNS),
 * Necurs and others have used {@code .bit} (Namecoin). Ordinary clients in an enterprise resolve
 * none of them, so {@link DgaScorer} treats the suffix as a feature of its own.
 *
 * <p>The list: EmerDNS ({@code bazar coin emc lib}), Namecoin ({@code bit}) and OpenNIC's own
 * TLDs as that project lists them. A name is checked on its last label only.
 */
public final class AlternativeRoots {
    private static final Set<String> TLDS = Set.of("bazar", "coin", "emc", "lib", "bit", "bbs", "chan", "cyb", "dyn",
            "epic", "fur", "geek", "gopher", "indy", "libre", "neo", "null", "o", "oss", "oz", "parody", "pirate");

    private AlternativeRoots() {}

    /** Whether the last label of {@code suffix} (a public suffix or a bare TLD) is an alternative-root TLD. */
    public static boolean isAlternativeRoot(String suffix) {
        int dot = suffix.lastIndexOf('.');
        return TLDS.contains(dot < 0 ? suffix : suffix.substring(dot + 1));
    }
}
