package io.sluice.detect.dns;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real registered domain names that people chose, taken from Debian's package metadata: the hosts
 * of every URL (Homepage, Vcs-Browser, Vcs-Git, Vcs-Svn, links in descriptions) and the domains of
 * every e-mail address (Maintainer, Uploaders, Original-Maintainer) in the archive's
 * {@code Packages}, {@code Sources} and {@code Translation-en} files. Each host is split with
 * {@link RegisteredDomain} (public-suffix aware, private section included, so
 * {@code someone.github.io} gives {@code someone.github.io}); hosts under suffixes the list does not
 * know ({@code localhost}, {@code foo.local}, IP addresses) are dropped.
 *
 * <p>These are the DGA trainer's stand-in for real benign names ({@link DgaModelTrainer}): project
 * and personal domains from twenty years of free software, written by the people who registered
 * them. They are facts about public projects, so the extracted list is shipped
 * ({@code debian-domains.txt} next to this class) and {@code scripts/train-dga-model.sh} trains
 * from it offline; {@code REFRESH_DEBIAN_DOMAINS=1} rebuilds it from the archive.
 */
final class DebianDomains {
    /**
     * A URL's host ({@code https://host}, {@code git://host}, {@code svn+ssh://user@host}), an
     * e-mail address's domain ({@code <name@host>}), or a bare {@code www.} host in prose.
     */
    private static final Pattern HOST = Pattern.compile(
            "(?i)(?:[a-z][a-z0-9+.-]*://(?:[^\\s/@<>\"']*@)?|[a-z0-9._%+-]@|\\bwww\\.)([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");

    private DebianDomains() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DebianDomains OUTPUT_FILE CONTROL_FILE...   (decompressed Packages, Sources and"
                    + " Translation-en files of a Debian release)");
            System.exit(2);
        }
        var domains = new TreeSet<String>();
        var sources = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            var file = Path.of(args[i]);
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(line -> addFrom(line, domains));
            }
            sources.add(indexName(file.getFileName().toString()) + " sha256 "
                    + DgaModelTrainer.sha256(Files.readAllBytes(file)));
        }
        try (Writer w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            w.write("# Registered domains named in Debian package metadata (URL hosts and e-mail domains),\n"
                    + "# one a line, written by io.sluice.detect.dns.DebianDomains\n"
                    + "# (REFRESH_DEBIAN_DOMAINS=1 scripts/train-dga-model.sh). Real names people chose, for the\n"
                    + "# DGA trainer's fit and threshold; " + domains.size() + " domains from:\n");
            for (String s : sources) w.write("#   " + s + "\n");
            for (String d : domains) w.write(d + "\n");
        }
        System.out.printf(Locale.ROOT, "%d registered domains from %d files%n", domains.size(), sources.size());
    }

    /**
     * An apt list file's name without the mirror it came from ("bookworm_main_source_Sources" from
     * "MIRROR_debian_dists_bookworm_main_source_Sources"): the mirror does not change the content.
     */
    static String indexName(String fileName) {
        int dists = fileName.indexOf("_dists_");
        return dists < 0 ? fileName : fileName.substring(dists + "_dists_".length());
    }

    /** Adds the registered domain of every host named in {@code line}. */
    static void addFrom(String line, java.util.Set<String> domains) {
        Matcher m = HOST.matcher(line);
        while (m.find()) {
            String host = m.group(1).toLowerCase(Locale.ROOT);
            String start = m.group().toLowerCase(Locale.ROOT);
            if (start.startsWith("www.")) host = "www." + host;
            String registered = registeredOf(host);
            if (registered != null) domains.add(registered);
        }
    }

    /** The registered domain of a host, or null when the host has none worth keeping. */
    static String registeredOf(String host) {
        while (host.endsWith(".") || host.endsWith("-")) host = host.substring(0, host.length() - 1);
        var d = RegisteredDomain.of(host);
        if (!d.suffixKnown() || d.registered().equals(d.suffix()) || d.label().isEmpty()) return null;
        String label = d.label();
        if (label.startsWith("xn--") || label.startsWith("-") || label.endsWith("-")) return null;
        return d.registered();
    }

    /**
     * The shipped list's registered domains, reduced to one per distinct label (the scorer sees only
     * the label: {@code gnome.org} and {@code gnome.de} are one name to it, and a name must not sit
     * in both the fit and the held-out half), in the order of a shuffle with the given generator.
     */
    static List<String> labels(Path list, SplittableRandom random) throws IOException {
        var byLabel = new TreeMap<String, String>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String d = line.strip();
            if (d.isEmpty() || d.startsWith("#")) continue;
            byLabel.putIfAbsent(RegisteredDomain.of(d).label(), d);
        }
        var all = new ArrayList<>(byLabel.keySet());
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            var t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return List.copyOf(all);
    }
}
