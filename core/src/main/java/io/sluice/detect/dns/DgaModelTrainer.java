package io.sluice.detect.dns;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the model {@link DgaScorer} ships, reproducibly, from word lists Debian packages ship and
 * names this code generates; {@code scripts/train-dga-model.sh} runs it and writes
 * {@code dga-trigrams.bin} and {@code dga-model.properties} into the resources.
 *
 * <ol>
 *   <li>Each word list is folded to a-z ({@link TrainingWords}), shuffled with a fixed seed and cut
 *       to its cap; 90% of each list trains the {@link TrigramModel}, together with as many
 *       generated compounds of two or three of those words ("livechat"-like names cross word
 *       boundaries) and generated Pinyin and romaji names ({@link PinyinNames}, {@link RomajiNames}); 10% are held out.
 *   <li>The labels of the Public Suffix List's rules (Debian's {@code publicsuffix}: place names
 *       under {@code jp}, {@code no}, {@code it}, hosting companies in the private section) are the
 *       only real registered names used; they are split in two halves, one for the fit and one for
 *       the threshold.
 *   <li>A logistic model over {@link DgaScorer#FEATURES} is fitted ({@link TrainingNames}):
 *       ordinary-looking names made from the held-out words, one in ten a real label from the fit
 *       half, against DGA-shaped ones.
 *   <li>The thresholds are chosen on names the fit never saw: {@code threshold} is the lowest score
 *       that flags at most {@value #FLAG_RATE} of a fresh sample of generated ordinary-looking names
 *       and at most {@value #REAL_FLAG_RATE} of the validation half of the real labels (the stricter
 *       of the two wins), so that it flags under the 1% the analytic may flag of real names with
 *       room to spare; {@code threshold.suspicious} flags {@value #SUSPICIOUS_RATE} of the generated
 *       ones.
 * </ol>
 *
 * No labelled domain corpus is read here: the project's corpus is for evaluation only.
 */
public final class DgaModelTrainer {
    static final long SEED = 0x5_1CE_2026L;
    static final int SAMPLES_PER_CLASS = 40_000;
    static final int PINYIN_NAMES = 20_000;
    static final int ITERATIONS = 2000;
    static final double FLAG_RATE = 0.001, REAL_FLAG_RATE = 0.005, SUSPICIOUS_RATE = 0.01;

    private DgaModelTrainer() {}

    /** The trained model, its thresholds and what it was checked on. */
    record Trained(TrigramModel model, double bias, double[] weights, double threshold, double suspiciousThreshold,
            int trainWords, int heldOut, double validationAuc, double realValidationAuc) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: DgaModelTrainer OUTPUT_DIR SUFFIX_LIST WORDLIST[:CAP]...   (e.g. core/src/main/resources/io/"
                    + "sluice/detect/dns /usr/share/publicsuffix/public_suffix_list.dat"
                    + " /usr/share/dict/american-english-huge:150000 /usr/share/dict/french:15000)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        var random = new SplittableRandom(SEED);
        var suffixes = TrainingWords.registeredLabels(Path.of(args[1]), random);
        var lists = new ArrayList<TrainingWords.WordList>();
        for (int i = 2; i < args.length; i++) {
            int colon = args[i].lastIndexOf(':');
            int cap = colon < 0 ? Integer.MAX_VALUE : Integer.parseInt(args[i].substring(colon + 1));
            lists.add(TrainingWords.read(Path.of(colon < 0 ? args[i] : args[i].substring(0, colon)), cap, random));
        }
        var words = new ArrayList<List<String>>();
        for (var l : lists) words.add(l.words());
        var trained = train(words, suffixes.words(), SAMPLES_PER_CLASS, ITERATIONS);
        Files.createDirectories(out);
        try (OutputStream o = Files.newOutputStream(out.resolve("dga-trigrams.bin"))) {
            trained.model().write(o);
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("dga-model.properties"), StandardCharsets.UTF_8)) {
            w.write("# Written by io.sluice.detect.dns.DgaModelTrainer (scripts/train-dga-model.sh); do not edit by hand.\n");
            w.write("# registered labels: " + suffixes.source() + " sha256 " + suffixes.sha256() + ", labels "
                    + suffixes.words().size() + "\n");
            for (var l : lists) w.write("# word list: " + l.source() + " sha256 " + l.sha256() + ", words used " + l.words().size() + "\n");
            w.write("# words for the trigram model: " + trained.trainWords() + ", held out for the logistic model: "
                    + trained.heldOut() + ", seed " + Long.toHexString(SEED) + "\n");
            w.write(String.format(Locale.ROOT, "# threshold flags at most %.1f%% of generated ordinary-looking names and %.1f%% of"
                    + " the held-out registered labels; threshold.suspicious %.1f%% of the generated ones%n", FLAG_RATE * 100,
                    REAL_FLAG_RATE * 100, SUSPICIOUS_RATE * 100));
            w.write(String.format(Locale.ROOT, "# AUC against generated DGA-shaped names: %.4f on generated ordinary names, %.4f on"
                    + " held-out registered labels%n", trained.validationAuc(), trained.realValidationAuc()));
            w.write("bias=" + trained.bias() + "\n");
            for (int i = 0; i < DgaScorer.FEATURES.length; i++) {
                w.write("weight." + DgaScorer.FEATURES[i] + "=" + trained.weights()[i] + "\n");
            }
            w.write("threshold=" + trained.threshold() + "\n");
            w.write("threshold.suspicious=" + trained.suspiciousThreshold() + "\n");
        }
        System.out.printf(Locale.ROOT, "trained on %d words (%d held out); threshold %.6f, suspicious from %.6f;"
                + " validation AUC %.4f (generated), %.4f (registered labels)%n", trained.trainWords(), trained.heldOut(),
                trained.threshold(), trained.suspiciousThreshold(), trained.validationAuc(), trained.realValidationAuc());
    }

    /** Trains on word lists already folded and cut ({@link TrainingWords#select}). */
    static Trained train(List<List<String>> lists, List<String> registered, int samplesPerClass, int iterations) {
        var random = new SplittableRandom(SEED ^ 0x7A1);
        var train = new ArrayList<String>();
        var held = new ArrayList<String>();
        for (var list : lists) {
            int cut = list.size() * 9 / 10;
            train.addAll(list.subList(0, cut));
            held.addAll(list.subList(cut, list.size()));
        }
        var text = new ArrayList<String>(train);
        var trainNames = new TrainingNames(train, List.of(), TrainingNames.letterFrequencies(train));
        for (int i = 0; i < train.size(); i++) text.add(trainNames.compound(random, 2 + random.nextInt(2)));
        for (int i = 0; i < PINYIN_NAMES; i++) text.add(PinyinNames.name(random));
        for (int i = 0; i < PINYIN_NAMES; i++) text.add(RomajiNames.name(random));
        var model = TrigramModel.train(text);

        var fitLabels = registered.subList(0, registered.size() / 2);
        var validationLabels = registered.subList(registered.size() / 2, registered.size());
        var names = new TrainingNames(held, fitLabels, TrainingNames.letterFrequencies(train));
        var plainNames = new TrainingNames(held, List.of(), TrainingNames.letterFrequencies(train));
        int n = samplesPerClass;
        double[][] x = new double[2 * n][];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = DgaScorer.features(model, names.ordinary(random), false);
            var g = names.generated(random);
            x[n + i] = DgaScorer.features(model, g.label(), g.alternativeRoot());
            y[n + i] = 1;
        }
        double[] w = fit(x, y, iterations);
        double bias = w[w.length - 1];
        double[] weights = Arrays.copyOf(w, w.length - 1);

        var scorer = new DgaScorer(model, bias, weights, 1, 1);
        int v = 2 * n;
        double[] ordinary = new double[v], generated = new double[v];
        for (int i = 0; i < v; i++) {
            ordinary[i] = scorer.score(plainNames.ordinary(random), false);
            var g = names.generated(random);
            generated[i] = scorer.score(g.label(), g.alternativeRoot());
        }
        Arrays.sort(ordinary);
        double threshold = lowestFlagging(ordinary, FLAG_RATE);
        double suspicious = lowestFlagging(ordinary, SUSPICIOUS_RATE);
        double realAuc = Double.NaN;
        if (!validationLabels.isEmpty()) {
            double[] real = new double[validationLabels.size()];
            for (int i = 0; i < real.length; i++) real[i] = scorer.score(validationLabels.get(i), false);
            Arrays.sort(real);
            threshold = Math.max(threshold, lowestFlagging(real, REAL_FLAG_RATE));
            realAuc = auc(generated, real);
        }
        return new Trained(model, bias, weights, threshold, suspicious, train.size(), held.size(), auc(generated, ordinary),
                realAuc);
    }

    /** The lowest score that, as a threshold (score >= it flags), flags at most {@code rate} of {@code sorted}. */
    static double lowestFlagging(double[] sorted, double rate) {
        int allowed = (int) Math.floor(sorted.length * rate);
        if (allowed == 0) return Math.nextUp(sorted[sorted.length - 1]);
        return Math.nextUp(sorted[sorted.length - allowed - 1]);
    }

    /** Probability that a generated name outscores an ordinary one (ties half); {@code negatives} sorted. */
    static double auc(double[] positives, double[] negatives) {
        double sum = 0;
        for (double p : positives) {
            int lo = lowerBound(negatives, p), hi = lo;
            while (hi < negatives.length && negatives[hi] == p) hi++;
            sum += lo + (hi - lo) / 2.0;
        }
        return sum / ((double) positives.length * negatives.length);
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /**
     * Logistic regression by full-batch gradient descent on standardised features with a small L2
     * penalty; returns raw-scale weights with the bias last.
     */
    static double[] fit(double[][] x, double[] y, int iterations) {
        int n = x.length, k = x[0].length;
        double[] mean = new double[k], sd = new double[k];
        for (double[] row : x) for (int j = 0; j < k; j++) mean[j] += row[j] / n;
        for (double[] row : x) for (int j = 0; j < k; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < k; j++) sd[j] = Math.max(Math.sqrt(sd[j]), 1e-9);
        double[] w = new double[k];
        double b = 0, rate = 0.5, l2 = 1e-4;
        double[] grad = new double[k];
        for (int iter = 0; iter < iterations; iter++) {
            Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                for (int j = 0; j < k; j++) z += w[j] * (x[i][j] - mean[j]) / sd[j];
                double err = 1 / (1 + Math.exp(-z)) - y[i];
                for (int j = 0; j < k; j++) grad[j] += err * (x[i][j] - mean[j]) / sd[j];
                gb += err;
            }
            for (int j = 0; j < k; j++) w[j] -= rate * (grad[j] / n + l2 * w[j]);
            b -= rate * gb / n;
        }
        double[] out = new double[k + 1];
        double bias = b;
        for (int j = 0; j < k; j++) {
            out[j] = w[j] / sd[j];
            bias -= w[j] * mean[j] / sd[j];
        }
        out[k] = bias;
        return out;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
