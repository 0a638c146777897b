package io.sluice.detect.dns;

/**
 * Character statistics of a DNS label or name that the DNS analytics share: Shannon entropy,
 * digit and vowel shares, the longest consonant run, and letter/digit switches. Plain functions
 * over a string, called once per event (never per packet).
 */
public final class NameStats {
    private NameStats() {}

    /** Shannon entropy of the characters of {@code s}, in bits per character; 0 for "". */
    public static double entropy(CharSequence s) {
        int n = s.length();
        if (n == 0) return 0;
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++; else other++;
        }
        double h = 0;
        for (int k : counts) h += term(k, n);
        return h + term(other, n);
    }

    private static double term(int k, int n) {
        if (k == 0) return 0;
        double p = (double) k / n;
        return -p * Math.log(p) / Math.log(2);
    }

    public static double digitRatio(CharSequence s) {
        if (s.isEmpty()) return 0;
        int d = 0;
        for (int i = 0; i < s.length(); i++) if (isDigit(s.charAt(i))) d++;
        return (double) d / s.length();
    }

    /** Share of vowels (a, e, i, o, u, y) among the letters; 0 when there are no letters. */
    public static double vowelRatio(CharSequence s) {
        int letters = 0, vowels = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isLetter(c)) {
                letters++;
                if (isVowel(c)) vowels++;
            }
        }
        return letters == 0 ? 0 : (double) vowels / letters;
    }

    /** The longest run of consecutive consonants (letters other than a, e, i, o, u, y). */
    public static int maxConsonantRun(CharSequence s) {
        int best = 0, run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            run = isLetter(c) && !isVowel(c) ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** How often a letter is followed by a digit or a digit by a letter ("db54a845" has 3). */
    public static int letterDigitSwitches(CharSequence s) {
        int switches = 0;
        for (int i = 1; i < s.length(); i++) {
            char a = s.charAt(i - 1), b = s.charAt(i);
            if ((isLetter(a) && isDigit(b)) || (isDigit(a) && isLetter(b))) switches++;
        }
        return switches;
    }

    /**
     * Whether {@code s} looks like a hexadecimal digest or part of one: at least 8 characters, all
     * 0-9 and a-f, with both digits and letters ("db54a845"); labels cut from an MD5 or SHA-256 of a
     * seed and date are one of the common DGA forms, and few chosen names are written that way.
     */
    public static boolean isHexForm(CharSequence s) {
        if (s.length() < 8) return false;
        boolean digit = false, letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) digit = true;
            else if (c >= 'a' && c <= 'f') letter = true;
            else return false;
        }
        return digit && letter;
    }

    /** The longest label of a dotted name. */
    public static int longestLabel(CharSequence name) {
        int best = 0, run = 0;
        for (int i = 0; i < name.length(); i++) {
            run = name.charAt(i) == '.' ? 0 : run + 1;
            best = Math.max(best, run);
        }
        return best;
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }
}
