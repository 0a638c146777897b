package io.sluice.detect.dns;

import java.net.IDN;
import java.text.Normalizer;

/**
 * Turns an internationalised label in its DNS form (an A-label, {@code xn--} and Punycode, RFC
 * 5891) into the letters its owner chose, folded to a-z, for {@link DgaScorer}: the Punycode tail
 * ("xn--axdiseoweb-y9a") is an encoding of where the non-ASCII letters go, so scored as it stands it
 * reads as random letters and digits whatever the name means. Latin letters lose their accents
 * ("diseño" → "diseno"); letters of other scripts are dropped, as the trigram model knows only
 * a-z; digits and hyphens stay. Plain labels come back as they are.
 */
final class IdnLabels {
    private static final String ACE_PREFIX = "xn--";

    private IdnLabels() {}

    /**
     * The label to score: {@code label} itself unless it is an A-label, else its folded Unicode
     * form ("" when nothing Latin is left).
     */
    static String scoredForm(String label) {
        if (!label.startsWith(ACE_PREFIX)) return label;
        String unicode;
        try {
            unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return label; // not valid Punycode: score what was sent
        }
        if (unicode.startsWith(ACE_PREFIX)) return label; // toUnicode gives the input back when it cannot decode it
        String decomposed = Normalizer.normalize(unicode.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
        var out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out.append(c);
        }
        return out.toString();
    }
}
