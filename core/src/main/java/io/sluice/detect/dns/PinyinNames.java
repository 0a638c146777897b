package io.sluice.detect.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hanyu Pinyin syllables (tones dropped) and names made of them ("taobao", "xinhua", "zhihu"):
 * many of the most visited Chinese sites register such names, and no Debian word list holds them, so
 * the DGA trainer generates them. The syllables come from the standard initial × final table with
 * its main spelling rules (j, q, x take only i- and ü-finals, ü written u; y and w begin the finals
 * that have no initial; zh, ch, sh, r, z, c, s take -i but no other i-final); a few combinations the
 * table lacks slip through, which does not matter for letter statistics.
 */
final class PinyinNames {
    private static final String[] PLAIN_FINALS = {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong"};
    private static final String[] I_FINALS = {"i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong"};
    private static final String[] U_FINALS = {"u", "ua", "uo", "uai", "ui", "uan", "un", "uang"};
    private static final String[] UE_FINALS = {"u", "ue", "uan", "un"};
    static final List<String> SYLLABLES = syllables();

    private PinyinNames() {}

    private static List<String> syllables() {
        var out = new ArrayList<String>();
        for (String f : PLAIN_FINALS) if (!f.equals("ong")) out.add(f);
        out.add("er");
        for (String i : new String[] {"b", "p", "m", "f", "d", "t", "n", "l"}) {
            for (String f : PLAIN_FINALS) out.add(i + f);
            if (!i.equals("f")) for (String f : I_FINALS) if (!f.equals("iong") && !f.equals("ia")) out.add(i + f);
            out.add(i + "u");
            if ("dtnl".contains(i)) for (String f : new String[] {"uo", "uan", "un"}) out.add(i + f);
        }
        for (String i : new String[] {"g", "k", "h", "zh", "ch", "sh", "r", "z", "c", "s"}) {
            for (String f : PLAIN_FINALS) out.add(i + f);
            if (i.length() == 2 || "rzcs".contains(i)) out.add(i + "i");
            for (String f : U_FINALS) {
                if ("rzcs".contains(i) && i.length() == 1 && (f.equals("ua") || f.equals("uai") || f.equals("uang"))) continue;
                out.add(i + f);
            }
        }
        for (String i : new String[] {"j", "q", "x"}) {
            for (String f : I_FINALS) out.add(i + f);
            for (String f : UE_FINALS) out.add(i + f);
        }
        for (String f : new String[] {"a", "o", "e", "ao", "ou", "an", "en", "ang", "ong", "i", "in", "ing", "u", "uan",
            "ue", "un"}) {
            out.add("y" + f);
        }
        for (String f : new String[] {"a", "o", "ai", "ei", "an", "en", "ang", "eng", "u"}) out.add("w" + f);
        return List.copyOf(out);
    }

    /** A name of one to four syllables, two most often. */
    static String name(SplittableRandom r) {
        int n = 1 + r.nextInt(3) + (r.nextInt(4) == 0 ? 1 : 0);
        var s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(SYLLABLES.get(r.nextInt(SYLLABLES.size())));
        return s.toString();
    }
}
