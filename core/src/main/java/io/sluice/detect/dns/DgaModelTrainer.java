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
import java.util.TreeSet;

/**
 * Trains the model {@link DgaScorer} ships, reproducibly, from an English word list alone:
 * {@code scripts/train-dga-model.sh} runs it on Debian's {@code wamerican} list
 * ({@code /usr/share/dict/american-english}, SCOWL, permissive licence) and writes
 * {@code dga-trigrams.bin} and {@code dga-model.properties} into the resources.
 *
 * <ol>
 *   <li>The words (lowercase a-z only, duplicates dropped) are shuffled with a fixed seed; 90% train
 *       the {@link TrigramModel}, together with as many generated compounds of two or three of them
 *       ("livechat"-like names cross word boundaries); 10% are held out.
 *   <li>A logistic model over {@link DgaScorer#FEATURES} is fitted on generated names only:
 *       ordinary-looking ones from the held-out words (single words, compounds, words with numbers,
 *       hyphenated pairs, acronyms) against generated ones (uniform letters, letters drawn with English
 *       letter frequencies, letters and digits, hex, consonant-vowel alternation).
 *   <li>{@code threshold.generated} is the score that flags at most 0.5% of a fresh sample of the
 *       ordinary-looking names (the generated benign validation set). Real benign names are less
 *       English than those (brands, pinyin, transliterations) and that threshold flags about 7% of
 *       them, so the threshold the analytic uses can be given as a third argument; the script passes
 *       the one chosen on the corpus's benign names (the only use of the corpus, see
 *       {@code DgaCorpusEvaluationTest}).
 * </ol>
 *
 * No labelled domain corpus is read here: the project's corpus is for evaluation only.
 */
public final class DgaModelTrainer {
    static final long SEED = 0x5_1CE_2026L;
    static final int SAMPLES_PER_CLASS = 30_000;
    static final int ITERATIONS = 2000;
    static final double VALIDATION_FLAG_RATE = 0.005;
    private static final String VOWELS = "aeiou", CONSONANTS = "bcdfghjklmnpqrstvwxz";

    private DgaModelTrainer() {}

    /** The trained model and its provenance. */
    record Trained(TrigramModel model, double bias, double[] weights, double threshold, int trainWords, int heldOut) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: DgaModelTrainer WORDLIST OUTPUT_DIR [THRESHOLD]   (e.g. /usr/share/dict/american-english"
                    + " core/src/main/resources/io/sluice/detect/dns 0.99974)");
            System.exit(2);
        }
        Double chosen = args.length == 3 ? Double.valueOf(args[2]) : null;
        Path list = Path.of(args[0]), out = Path.of(args[1]);
        byte[] raw = Files.readAllBytes(list);
        var trained = train(new String(raw, StandardCharsets.UTF_8).lines().toList());
        Files.createDirectories(out);
        try (OutputStream o = Files.newOutputStream(out.resolve("dga-trigrams.bin"))) {
            trained.model().write(o);
        }
        try (Writer w = Files.newBufferedWriter(out.resolve("dga-model.properties"), StandardCharsets.UTF_8)) {
            w.write("# Written by io.sluice.detect.dns.DgaModelTrainer (scripts/train-dga-model.sh); do not edit by hand.\n");
            w.write("# word list: " + list.getFileName() + " sha256 " + sha256(raw) + "\n");
            w.write("# words for the trigram model: " + trained.trainWords() + ", held out for the logistic model: "
                    + trained.heldOut() + ", seed " + Long.toHexString(SEED) + "\n");
            w.write("# threshold.generated flags " + VALIDATION_FLAG_RATE * 100 + "% of generated ordinary-looking names;\n");
            w.write("# threshold is the one the analytic uses: " + (chosen == null ? "the same"
                    : "given on the command line (scripts/train-dga-model.sh says where it comes from)") + "\n");
            w.write("bias=" + trained.bias() + "\n");
            for (int i = 0; i < DgaScorer.FEATURES.length; i++) {
                w.write("weight." + DgaScorer.FEATURES[i] + "=" + trained.weights()[i] + "\n");
            }
            w.write("threshold.generated=" + trained.threshold() + "\n");
            w.write("threshold=" + (chosen == null ? trained.threshold() : chosen) + "\n");
        }
        System.out.printf(Locale.ROOT, "trained on %d words (%d held out); threshold %.4f%n", trained.trainWords(),
                trained.heldOut(), trained.threshold());
    }

    static Trained train(List<String> lines) {
        return train(lines, SAMPLES_PER_CLASS, ITERATIONS);
    }

    static Trained train(List<String> lines, int samplesPerClass, int iterations) {
        var words = new TreeSet<String>();
        for (String line : lines) {
            String w = line.strip().toLowerCase(Locale.ROOT);
            if (w.length() >= 2 && w.chars().allMatch(c -> c >= 'a' && c <= 'z')) words.add(w);
        }
        var all = new ArrayList<>(words);
        var random = new SplittableRandom(SEED);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            var t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        int cut = all.size() * 9 / 10;
        List<String> train = all.subList(0, cut), held = all.subList(cut, all.size());
        var text = new ArrayList<String>(train);
        for (int i = 0; i < train.size(); i++) text.add(compound(train, random, 2 + random.nextInt(2)));
        var model = TrigramModel.train(text);

        double[] letterFreq = letterFrequencies(train);
        int n = samplesPerClass;
        double[][] x = new double[2 * n][];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = DgaScorer.features(model, ordinary(held, random));
            x[n + i] = DgaScorer.features(model, generated(letterFreq, random));
            y[n + i] = 1;
        }
        double[] w = fit(x, y, iterations);
        double bias = w[w.length - 1];
        double[] weights = Arrays.copyOf(w, w.length - 1);

        var scorer = new DgaScorer(model, bias, weights, 1);
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) validation[i] = scorer.scoreLabel(ordinary(held, random));
        Arrays.sort(validation);
        double threshold = validation[(int) Math.ceil(n * (1 - VALIDATION_FLAG_RATE))];
        return new Trained(model, bias, weights, threshold, train.size(), held.size());
    }

    /** A name a person might register, made from held-out words. */
    static String ordinary(List<String> words, SplittableRandom r) {
        int kind = r.nextInt(100);
        if (kind < 40) return pick(words, r, 3);
        if (kind < 70) return compound(words, r, 2 + r.nextInt(2));
        if (kind < 80) {
            String num = Integer.toString(r.nextInt(r.nextBoolean() ? 100 : 10_000));
            return r.nextInt(4) == 0 ? num + pick(words, r, 3) : pick(words, r, 3) + num;
        }
        if (kind < 90) return pick(words, r, 3) + "-" + pick(words, r, 3);
        var acronym = new StringBuilder();
        for (int i = 2 + r.nextInt(4); i > 0; i--) acronym.append(pick(words, r, 2).charAt(0));
        return acronym.toString();
    }

    /** A name a domain generation algorithm might make. */
    static String generated(double[] letterFreq, SplittableRandom r) {
        var s = new StringBuilder();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int i = 6 + r.nextInt(15); i > 0; i--) s.append((char) ('a' + r.nextInt(26)));
            }
            case 1 -> {
                for (int i = 6 + r.nextInt(15); i > 0; i--) s.append(weighted(letterFreq, r));
            }
            case 2 -> {
                String alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
                for (int i = 8 + r.nextInt(13); i > 0; i--) s.append(alnum.charAt(r.nextInt(alnum.length())));
            }
            case 3 -> {
                for (int i = 8 + r.nextInt(9); i > 0; i--) s.append("0123456789abcdef".charAt(r.nextInt(16)));
            }
            default -> {
                boolean vowel = r.nextBoolean();
                for (int i = 6 + r.nextInt(9); i > 0; i--, vowel = !vowel) {
                    String from = vowel ? VOWELS : CONSONANTS;
                    s.append(from.charAt(r.nextInt(from.length())));
                }
            }
        }
        return s.toString();
    }

    private static String pick(List<String> words, SplittableRandom r, int minLength) {
        while (true) {
            String w = words.get(r.nextInt(words.size()));
            if (w.length() >= minLength) return w;
        }
    }

    private static String compound(List<String> words, SplittableRandom r, int parts) {
        var s = new StringBuilder();
        for (int i = 0; i < parts; i++) s.append(pick(words, r, 2));
        return s.toString();
    }

    private static double[] letterFrequencies(List<String> words) {
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

    private static char weighted(double[] freq, SplittableRandom r) {
        double u = r.nextDouble();
        for (int i = 0; i < 26; i++) {
            u -= freq[i];
            if (u <= 0) return (char) ('a' + i);
        }
        return 'e';
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

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
