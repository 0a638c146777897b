package io.sluice.detect.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Scores how likely a domain name was made by a domain generation algorithm (T1568.002), from 0
 * (chosen by a person) to 1 (generated). It looks at the label the owner registered ({@code
 * example} in {@code www.example.co.uk}, public-suffix aware, see {@link RegisteredDomain}) and
 * combines, in a logistic model, the {@link TrigramModel}'s surprise with the label's length, digit
 * share, character entropy, longest consonant run, vowel share (and its square: both too few and
 * too many vowels are unusual), letter/digit switches, whether it is written as a hexadecimal
 * digest, and whether its TLD belongs to an alternative root ({@link AlternativeRoots}) (the
 * features ATT&CK's guidance for T1568.002 lists: frequency analysis, Markov chains, entropy,
 * vowel ratio, n-grams).
 *
 * <p>The trigram table and the weights are trained by {@link DgaModelTrainer} only on word lists
 * Debian packages ship (English by default), the Public Suffix List's labels, real domain names
 * from Debian's package metadata ({@link DebianDomains}) and from ad, tracker and CDN lists
 * ({@link WebDomains}), and names it generates (compounds,
 * Pinyin, romaji, DGA-shaped strings); never on labelled DGA corpora. The shipped model and its
 * thresholds live in {@code dga-trigrams.bin} and {@code dga-model.properties} next to this class
 * (the threshold is the highest of bars set on held-out Debian names, web-infrastructure names,
 * suffix-list labels and generated names). {@code DgaCorpusEvaluationTest} measures it.
 *
 * <p>Known false positives: short acronyms and brand names that are not in the word lists
 * ("yceml"), CDN and cloud host names with hashes in them ("e1234.dscb.akamaiedge.net" scores its
 * registered label "akamaiedge", but a hashed registered label scores high). The analytic therefore
 * needs several such names, or NXDOMAIN answers, or a contact over HTTP/TLS, before it raises
 * severity. Labels a provider makes up ({@link AssignedLabels}: CloudFront distributions, API
 * Gateway ids) are not scored at all: no algorithm of the owner's can choose them. Known misses: DGAs that join dictionary words. Internationalised names are scored on
 * their decoded Latin letters ({@link IdnLabels}), and not at all when they have none.
 */
public final class DgaScorer {
    /** Feature order shared with the trainer and the properties file. */
    static final String[] FEATURES = {"bits", "logLength", "digitRatio", "entropy", "consonantRun", "vowelRatio",
        "switches", "bitsTimesLogLength", "hexForm", "alternativeRoot", "vowelRatioSquared"};
    /** Surprise assumed for a label with no letters at all ("163", "360"): that of an ordinary word. */
    static final double NEUTRAL_BITS = 3.0;

    /** One scored name with the numbers behind the score, for explanations. */
    public record Score(String name, String label, double score, double bitsPerChar, double entropy, double digitRatio,
            int consonantRun) {}

    private final TrigramModel model;
    private final double bias;
    private final double[] weights;
    private final double threshold;
    private final double suspiciousThreshold;

    DgaScorer(TrigramModel model, double bias, double[] weights, double threshold, double suspiciousThreshold) {
        this.model = model;
        this.bias = bias;
        this.weights = weights.clone();
        this.threshold = threshold;
        this.suspiciousThreshold = Math.min(threshold, suspiciousThreshold);
    }

    /** The model shipped with Sluice. */
    public static DgaScorer standard() {
        var cls = DgaScorer.class;
        try (InputStream bin = cls.getResourceAsStream("dga-trigrams.bin");
                InputStream props = cls.getResourceAsStream("dga-model.properties")) {
            if (bin == null || props == null) throw new IOException("the DGA model resources are missing from the class path");
            var p = new Properties();
            p.load(props);
            double[] w = new double[FEATURES.length];
            for (int i = 0; i < w.length; i++) w[i] = Double.parseDouble(p.getProperty("weight." + FEATURES[i]));
            double threshold = Double.parseDouble(p.getProperty("threshold"));
            return new DgaScorer(TrigramModel.read(bin), Double.parseDouble(p.getProperty("bias")), w, threshold,
                    Double.parseDouble(p.getProperty("threshold.suspicious", Double.toString(threshold))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the DGA model: " + e.getMessage(), e);
        }
    }

    /** The score at or above which a name counts as generated (chosen by the trainer on held-out names). */
    public double threshold() {
        return threshold;
    }

    /**
     * A lower bar (flags 1% of the trainer's generated ordinary names, several times that of real
     * ones), so a name above it is only suspicious, counted together with NXDOMAIN answers.
     */
    public double suspiciousThreshold() {
        return suspiciousThreshold;
    }

    public Score score(String domain) {
        return score(RegisteredDomain.of(domain));
    }

    /** The score of a name already split (saves the split when the caller has it). */
    public Score score(RegisteredDomain d) {
        String label = IdnLabels.scoredForm(d.label());
        double s = AssignedLabels.isAssigned(d.suffix()) ? 0 : score(label, AlternativeRoots.isAlternativeRoot(d.suffix()));
        return new Score(d.name(), d.label(), s, bits(label), NameStats.entropy(label), NameStats.digitRatio(label),
                NameStats.maxConsonantRun(label));
    }

    /** The score alone of a name already split: what the analytic needs per new name. */
    public double scoreOf(RegisteredDomain d) {
        if (AssignedLabels.isAssigned(d.suffix())) return 0;
        return score(IdnLabels.scoredForm(d.label()), AlternativeRoots.isAlternativeRoot(d.suffix()));
    }

    /** Score of one label (no public-suffix split, the suffix taken as an ordinary one; A-labels decoded). */
    public double scoreLabel(String label) {
        return score(IdnLabels.scoredForm(label), false);
    }

    /**
     * Score of a registered label and whether its suffix is an alternative root; the features are
     * computed into locals (this runs once per new registered domain, so nothing is allocated but
     * the entropy's counts). An empty label (an internationalised name with no Latin letters left,
     * see {@link IdnLabels}) scores 0: the model cannot judge it.
     */
    double score(String label, boolean alternativeRoot) {
        if (label.isEmpty()) return 0;
        double bits = bits(label), logLength = Math.log(label.length()), vowels = NameStats.vowelRatio(label);
        double z = bias + weights[0] * bits + weights[1] * logLength + weights[2] * NameStats.digitRatio(label)
                + weights[3] * NameStats.entropy(label) + weights[4] * NameStats.maxConsonantRun(label)
                + weights[5] * vowels + weights[6] * NameStats.letterDigitSwitches(label)
                + weights[7] * bits * logLength + weights[8] * (NameStats.isHexForm(label) ? 1 : 0)
                + weights[9] * (alternativeRoot ? 1 : 0) + weights[10] * vowels * vowels;
        return 1 / (1 + Math.exp(-z));
    }

    /** The same features as {@link #score(String, boolean)}, as an array, for the trainer. */
    static double[] features(TrigramModel model, String label, boolean alternativeRoot) {
        double bits = bits(model, label);
        double logLength = Math.log(label.length()), vowels = NameStats.vowelRatio(label);
        return new double[] {bits, logLength, NameStats.digitRatio(label), NameStats.entropy(label),
            NameStats.maxConsonantRun(label), vowels, NameStats.letterDigitSwitches(label),
            bits * logLength, NameStats.isHexForm(label) ? 1 : 0, alternativeRoot ? 1 : 0, vowels * vowels};
    }

    private double bits(String label) {
        return bits(model, label);
    }

    private static double bits(TrigramModel model, String label) {
        double b = model.bitsPerChar(label);
        return Double.isNaN(b) ? NEUTRAL_BITS : b;
    }
}
