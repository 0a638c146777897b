package io.sluice.detect.dns;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real registered domain names of web infrastructure (advertising, tracking, analytics, CDN,
 * hosting, tag managers) and of the sites that embed it, taken from lists that packages ship under
 * licences that allow redistribution: the ad and tracker filter lists EasyList and EasyPrivacy (as
 * Debian's {@code webext-ublock-origin-firefox} ships them), Privacy Badger's seed data and
 * yellowlist (Debian's {@code webext-privacy-badger}) and the entity and host tables of the npm
 * package {@code third-party-web} ({@code entities.json}). {@code scripts/train-dga-model.sh} names the versions; the
 * shipped {@code web-domains.txt} records each file's sha256 and licence.
 *
 * <p>Why: {@link DebianDomains} gives names people chose for software projects, which are cleaner
 * than the names web traffic resolves. Ad, tracking and CDN services register machine-made-looking
 * labels (affiliate redirectors, hashed or clipped consonant strings) that are benign; the DGA
 * trainer ({@link DgaModelTrainer}) needs real examples of them on the benign side and a held-out
 * half of them for its threshold. No malware, phishing or DGA list is read (uBlock Origin's
 * {@code badware} and URLhaus lists, also in that package, are left out on purpose).
 *
 * <p>Each host is reduced to its registered domain with {@link DebianDomains#registeredOf}; hosts
 * with wildcards inside, prefixes ({@code ||ads.}), IP addresses and unknown suffixes are dropped.
 */
final class WebDomains {
    /** A host name as the lists write it, lowercase after folding. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9-]+(?:\\.[a-z0-9-]+)+");
    /** A JSON string literal. */
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A URL's host. */
    private static final Pattern URL_HOST = Pattern.compile("^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?([a-z0-9.-]+)");
    /** Filter options that name domains ({@code $domain=a.com|~b.com}). */
    private static final Set<String> DOMAIN_OPTIONS = Set.of("domain", "from", "to", "denyallow");

    /** The file formats read. */
    enum Format {
        /** Adblock Plus filter syntax (EasyPrivacy): blocked hosts and the sites filters apply on. */
        FILTERS,
        /**
         * Adblock Plus filter syntax, only the sites filters apply on (cosmetic filters' domains,
         * {@code domain=} options), not the blocked hosts: EasyList's blocked hosts hold the rotating
         * throw-away domains of pop-under and anti-adblock networks, made up by software to escape
         * the list (about a quarter of them score as generated), which belong on neither side.
         */
        SITES,
        /** One host a line ({@code #} comments). */
        HOSTS,
        /** Any JSON: every string that is a host, {@code *.host} or a URL. */
        JSON
    }

    private WebDomains() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WebDomains OUTPUT_FILE FORMAT:FILE:DESCRIPTION...   (FORMAT one of filters, sites,"
                    + " hosts, json; DESCRIPTION names the package, its version, the file and its licence)");
            System.exit(2);
        }
        var all = new TreeSet<String>();
        var sources = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split(":", 3);
            if (p.length < 3) throw new IllegalArgumentException("expected FORMAT:FILE:DESCRIPTION, got " + args[i]);
            var format = Format.valueOf(p[0].toUpperCase(Locale.ROOT));
            Path file = Path.of(p[1]);
            var found = new TreeSet<String>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) addFrom(format, line, found);
            all.addAll(found);
            sources.add(p[2] + ", sha256 " + DgaModelTrainer.sha256(Files.readAllBytes(file)) + ": " + found.size()
                    + " domains");
        }
        try (Writer w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            w.write("# Registered domains of web infrastructure (ad, tracking, analytics, CDN, hosting) and of the sites\n"
                    + "# that embed it, one a line, written by io.sluice.detect.dns.WebDomains\n"
                    + "# (REFRESH_WEB_DOMAINS=1 scripts/train-dga-model.sh). Names are facts; the lists they were read\n"
                    + "# from are credited here with their licences. Real benign names for the DGA trainer's fit and\n"
                    + "# threshold; " + all.size() + " domains from:\n");
            for (String s : sources) w.write("#   " + s + "\n");
            for (String d : all) w.write(d + "\n");
        }
        System.out.printf(Locale.ROOT, "%d registered domains from %d files%n", all.size(), sources.size());
    }

    /** Adds the registered domain of every host {@code line} names, read as {@code format}. */
    static void addFrom(Format format, String line, Set<String> domains) {
        switch (format) {
            case FILTERS -> addFromFilter(line, domains, true);
            case SITES -> addFromFilter(line, domains, false);
            case HOSTS -> {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) addHost(s, domains);
            }
            case JSON -> {
                Matcher m = JSON_STRING.matcher(line);
                while (m.find()) addHostOrUrl(m.group(1), domains);
            }
        }
    }

    /**
     * One Adblock Plus filter: the domains before a cosmetic separator ({@code a.com,~b.com##.ad}),
     * the host of a network filter anchored at a domain ({@code ||ads.example.com^}, {@code @@||...}),
     * and the domains in its {@code domain=}-style options; the network filter's host only when
     * {@code blockedHosts}.
     */
    static void addFromFilter(String line, Set<String> domains, boolean blockedHosts) {
        String f = line.strip();
        if (f.isEmpty() || f.startsWith("!") || f.startsWith("[")) return;
        int cosmetic = f.indexOf('#');
        if (cosmetic >= 0 && cosmetic + 1 < f.length() && "#@?$%".indexOf(f.charAt(cosmetic + 1)) >= 0) {
            for (String d : f.substring(0, cosmetic).split(",")) addHost(d.startsWith("~") ? d.substring(1) : d, domains);
            return;
        }
        if (f.startsWith("@@")) f = f.substring(2);
        if (f.startsWith("/")) return; // a regular expression
        int options = f.lastIndexOf('$');
        if (options >= 0) {
            for (String o : f.substring(options + 1).split(",")) {
                int eq = o.indexOf('=');
                if (eq < 0 || !DOMAIN_OPTIONS.contains(o.substring(0, eq).toLowerCase(Locale.ROOT))) continue;
                for (String d : o.substring(eq + 1).split("\\|")) addHost(d.startsWith("~") ? d.substring(1) : d, domains);
            }
            f = f.substring(0, options);
        }
        if (!blockedHosts) return;
        if (f.startsWith("||")) {
            int end = 2;
            while (end < f.length() && isHostChar(f.charAt(end))) end++;
            // the host must end at a separator, a path, a port or the end: "||ads." and "||ad*" are prefixes
            if (end == f.length() || "^/:|".indexOf(f.charAt(end)) >= 0) addHost(f.substring(2, end), domains);
        } else if (f.startsWith("|")) {
            addHostOrUrl(f.substring(1), domains);
        }
    }

    private static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-';
    }

    /** A host, a {@code *.host} pattern or a URL. */
    private static void addHostOrUrl(String s, Set<String> domains) {
        String lower = s.toLowerCase(Locale.ROOT);
        Matcher url = URL_HOST.matcher(lower);
        if (url.find()) {
            addHost(url.group(1), domains);
        } else {
            addHost(lower.startsWith("*.") ? lower.substring(2) : lower, domains);
        }
    }

    private static void addHost(String s, Set<String> domains) {
        String host = s.strip().toLowerCase(Locale.ROOT);
        if (host.endsWith(".") || !HOST.matcher(host).matches() || isAddress(host)) return;
        String registered = DebianDomains.registeredOf(host);
        // a label the provider made up (CloudFront, API Gateway) is not scored, so it is no sample
        if (registered != null && !AssignedLabels.isAssigned(RegisteredDomain.of(registered).suffix())) {
            domains.add(registered);
        }
    }

    private static boolean isAddress(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    /**
     * The shipped list's labels (see {@link DebianDomains#labels}) without those in {@code exclude}
     * (the Debian list's: a label must not sit in one list's fit half and another's held-out half).
     */
    static List<String> labels(Path list, java.util.SplittableRandom random, Set<String> exclude) throws IOException {
        var out = new ArrayList<String>();
        for (String l : DebianDomains.labels(list, random)) if (!exclude.contains(l)) out.add(l);
        return List.copyOf(out);
    }
}
