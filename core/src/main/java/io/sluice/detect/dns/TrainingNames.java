package io.sluice.detect.dns;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The two kinds of registered label the DGA trainer makes up: names a person might choose (from
 * held-out dictionary words and generated Pinyin) and names a domain generation algorithm might
 * make. The generated forms follow what is published about DGA families' output, written here from
 * those descriptions (no family's code): uniformly random letters of 6 to 25 characters (Murofet,
 * Necurs, Zloader, Pykspa), letters drawn with the letter frequencies of the words (families that
 * weight their alphabet), letters and digits (GameOver Zeus), hexadecimal digests cut to 8-32
 * characters (MD5/SHA labels), and consonant-vowel alternation (Simda, Pushdo, Kraken,
 * BazarBackdoor's 2021 names); about one in ten gets an alternative-root TLD ({@link
 * AlternativeRoots}: BazarBackdoor's {@code .bazar}, Namecoin's {@code .bit}). Word-list DGAs
 * (Suppobox, Matsnu, Nymaim2) are left out on purpose: their names are English compounds, which is
 * what the ordinary side is made of, so they are the NXDOMAIN evidence's job.
 *
 * <p>The ordinary side follows how sites are named: single words and compounds of any of the
 * languages, Pinyin and Japanese romaji, words with numbers, hyphenated pairs, acronyms, acronyms with a service word
 * ("rlcdn"), words with a prefix or suffix ("ebay", "spotify"), clipped compounds ("microsoft"),
 * bare numbers ("163"), and vowel-less spellings ("crwdcntrl", "flickr").
 */
final class TrainingNames {
    /** One ordinary name in this many is a real registered label (suffix-list and Debian fit halves). */
    static final int REAL_EVERY = 5;
    private static final String VOWELS = "aeiou", CONSONANTS = "bcdfghjklmnpqrstvwxz";
    private static final String[] PREFIXES = {"e", "i", "my", "go", "the", "get", "we", "u", "x", "m"};
    /** What short service names end in: an acronym and a word for what the host serves ("rlcdn"). */
    private static final String[] TECH = {"cdn", "api", "img", "ads", "srv", "static", "media", "tv", "net", "data", "js",
        "ad", "dn", "tag", "pix", "mail", "web", "app", "cloud", "online"};
    private static final String[] SUFFIXES = {"ly", "ify", "hub", "app", "online", "tv", "24", "365", "net", "web",
        "shop", "news", "s", "er", "club", "pro", "cdn", "api", "static", "media", "info"};

    /** A label with whether its suffix is an alternative root. */
    record Name(String label, boolean alternativeRoot) {}

    private final List<String> words;
    private final List<String> registered;
    private final double[] letterFrequencies;

    /**
     * @param words dictionary words to build names from
     * @param registered real registered labels (the fit halves of the Public Suffix List's labels and
     *     of the Debian and web-infrastructure domains), drawn as they are for one ordinary name in
     *     {@value #REAL_EVERY}; may be empty
     */
    TrainingNames(List<String> words, List<String> registered, double[] letterFrequencies) {
        this.words = words;
        this.registered = registered;
        this.letterFrequencies = letterFrequencies;
    }

    /** A label a person might register. */
    String ordinary(SplittableRandom r) {
        if (!registered.isEmpty() && r.nextInt(REAL_EVERY) == 0) return registered.get(r.nextInt(registered.size()));
        int kind = r.nextInt(100);
        if (kind < 5) return withoutVowels(r.nextBoolean() ? pick(r, 4) : compound(r, 2));
        if (kind < 9) return acronym(r, 2 + r.nextInt(3)) + TECH[r.nextInt(TECH.length)];
        if (kind < 28) return pick(r, 3);
        if (kind < 48) return compound(r, 2 + (r.nextInt(4) == 0 ? 1 : 0));
        if (kind < 54) return PinyinNames.name(r);
        if (kind < 58) return RomajiNames.name(r);
        if (kind < 64) {
            String num = Integer.toString(r.nextInt(r.nextBoolean() ? 100 : 10_000));
            return r.nextInt(4) == 0 ? num + pick(r, 3) : pick(r, 3) + num;
        }
        if (kind < 70) return pick(r, 3) + "-" + pick(r, 3);
        if (kind < 77) return acronym(r, 2 + r.nextInt(4)) + (r.nextInt(5) == 0 ? Integer.toString(r.nextInt(100)) : "");
        if (kind < 83) return PREFIXES[r.nextInt(PREFIXES.length)] + pick(r, 3);
        if (kind < 89) return pick(r, 3) + SUFFIXES[r.nextInt(SUFFIXES.length)];
        if (kind < 95) { // a clipped word joined to another: "micro" + "soft", "insta" + "gram"
            String a = pick(r, 5);
            return a.substring(0, 3 + r.nextInt(a.length() - 3)) + pick(r, 3);
        }
        if (kind < 97) return Integer.toString(10 + r.nextInt(9990));
        String w = pick(r, 5); // a brand spelling without its last vowel: "flickr", "tumblr"
        int v = w.length() - 2;
        return VOWELS.indexOf(w.charAt(v)) >= 0 ? w.substring(0, v) + w.substring(v + 1) : w;
    }

    /** A label a domain generation algorithm might make, and its suffix kind. */
    Name generated(SplittableRandom r) {
        var s = new StringBuilder();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int i = 6 + r.nextInt(20); i > 0; i--) s.append((char) ('a' + r.nextInt(26)));
            }
            case 1 -> {
                for (int i = 6 + r.nextInt(15); i > 0; i--) s.append(weighted(r));
            }
            case 2 -> {
                String alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
                for (int i = 8 + r.nextInt(25); i > 0; i--) s.append(alnum.charAt(r.nextInt(alnum.length())));
            }
            case 3 -> {
                for (int i = 8 + r.nextInt(25); i > 0; i--) s.append("0123456789abcdef".charAt(r.nextInt(16)));
            }
            default -> {
                boolean vowel = r.nextBoolean();
                for (int i = 6 + r.nextInt(9); i > 0; i--, vowel = !vowel) {
                    String from = vowel ? VOWELS : CONSONANTS;
                    s.append(from.charAt(r.nextInt(from.length())));
                    if (!vowel && r.nextInt(6) == 0) s.append(CONSONANTS.charAt(r.nextInt(CONSONANTS.length())));
                }
            }
        }
        return new Name(s.toString(), r.nextInt(10) == 0);
    }

    private String acronym(SplittableRandom r, int letters) {
        var acronym = new StringBuilder();
        for (int i = letters; i > 0; i--) acronym.append(pick(r, 2).charAt(0));
        return acronym.toString();
    }

    /** Ad-tech and CDN spelling: every vowel after the first letter dropped ("crowdcontrol" → "crwdcntrl"). */
    static String withoutVowels(String w) {
        var s = new StringBuilder(w.length());
        s.append(w.charAt(0));
        for (int i = 1; i < w.length(); i++) if (VOWELS.indexOf(w.charAt(i)) < 0) s.append(w.charAt(i));
        return s.toString();
    }

    private String pick(SplittableRandom r, int minLength) {
        while (true) {
            String w = words.get(r.nextInt(words.size()));
            if (w.length() >= minLength) return w;
        }
    }

    String compound(SplittableRandom r, int parts) {
        var s = new StringBuilder();
        for (int i = 0; i < parts; i++) s.append(pick(r, 2));
        return s.toString();
    }

    private char weighted(SplittableRandom r) {
        double u = r.nextDouble();
        for (int i = 0; i < 26; i++) {
            u -= letterFrequencies[i];
            if (u <= 0) return (char) ('a' + i);
        }
        return 'e';
    }

    static double[] letterFrequencies(List<String> words) {
        double[] f = new double[26];
        double total = 0;
        for (String w : words) {
            for (int i = 0; i < w.length(); i++) {
                f[w.charAt(i) - 'a']++;
                total++;
            }
        }
        for (int i = 0; i < 26; i++) f[i] /= total;
        return f;
    }
}
