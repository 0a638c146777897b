package io.sluice.detect.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Japanese names in Hepburn romanisation ("rakuten", "nikkei", "iijima"): many Japanese sites
 * register them and no Debian word list holds them, so the DGA trainer generates them from the
 * kana table (each consonant row with the five vowels, Hepburn's shi, chi, tsu, fu, ji, the
 * palatalised kya/sho/ryu, and the moraic n). Vowel-rich names like these are what a model trained
 * on European words alone takes for consonant-vowel DGA output.
 */
final class RomajiNames {
    static final List<String> MORAE = morae();

    private RomajiNames() {}

    private static List<String> morae() {
        var out = new ArrayList<String>(List.of("a", "i", "u", "e", "o", "n", "ya", "yu", "yo", "wa"));
        for (String c : new String[] {"k", "s", "t", "n", "h", "m", "r", "g", "z", "d", "b", "p"}) {
            for (String v : new String[] {"a", "i", "u", "e", "o"}) {
                String m = c + v;
                m = switch (m) {
                    case "si" -> "shi";
                    case "ti" -> "chi";
                    case "tu" -> "tsu";
                    case "hu" -> "fu";
                    case "zi", "di" -> "ji";
                    case "du" -> "zu";
                    default -> m;
                };
                out.add(m);
            }
        }
        for (String c : new String[] {"ky", "sh", "ch", "ny", "hy", "my", "ry", "gy", "j", "by", "py"}) {
            for (String v : new String[] {"a", "u", "o"}) out.add(c + v);
        }
        return List.copyOf(out);
    }

    /** A name of two to five morae, with an occasional doubled consonant ("nikkei") or long vowel. */
    static String name(SplittableRandom r) {
        int n = 2 + r.nextInt(4);
        var s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String m = MORAE.get(r.nextInt(MORAE.size()));
            if (i > 0 && m.length() > 1 && "kstp".indexOf(m.charAt(0)) >= 0 && r.nextInt(8) == 0) s.append(m.charAt(0));
            s.append(m);
            if (r.nextInt(10) == 0) s.append(m.charAt(m.length() - 1) == 'o' ? 'u' : 'i');
        }
        return s.toString();
    }
}
