package io.sluice.detect.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A character trigram model of how the letters of ordinary names follow each other, used to tell
 * generated domain labels ("xjkqzpv", "dffgkmdfhgkp") from chosen ones ("livechat", "homedepot").
 * {@link #bitsPerChar} is the model's surprise: the mean of -log2 P(c | two letters before) over a
 * label's letters and the end of each letter run; ordinary words cost about 3 bits, uniformly
 * random letters about 5.
 *
 * <p>The alphabet is a-z plus one boundary symbol; digits, hyphens and other characters split a
 * label into letter runs, each scored as a word (digits are the other features' business, see
 * {@link DgaScorer}). Probabilities interpolate trigram, bigram and add-one unigram estimates with
 * fixed weights, and are stored quantised to 0.1 bit in one byte each (27³ = 19,683 bytes), so the
 * shipped resource is small and the model reproducible from its training text by
 * {@link DgaModelTrainer}.
 */
public final class TrigramModel {
    static final int SYMBOLS = 27; // 0 = boundary, 1..26 = a..z
    private static final int MAGIC = 0x534c5433; // "SLT3"
    private static final double L3 = 0.7, L2 = 0.2, L1 = 0.1;

    /** Quantised surprise in tenths of a bit, indexed by (a * 27 + b) * 27 + c. */
    private final byte[] tenthBits;

    private TrigramModel(byte[] tenthBits) {
        this.tenthBits = tenthBits;
    }

    /** Counts the letter trigrams of the training words (lowercase a-z; other characters split words). */
    public static TrigramModel train(Iterable<String> words) {
        long[] tri = new long[SYMBOLS * SYMBOLS * SYMBOLS];
        for (String w : words) {
            int a = 0, b = 0;
            boolean inRun = false;
            for (int i = 0; i <= w.length(); i++) {
                int c = i < w.length() ? symbol(w.charAt(i)) : 0;
                if (c == 0) {
                    if (inRun) tri[(a * SYMBOLS + b) * SYMBOLS] += 1;
                    a = b = 0;
                    inRun = false;
                    continue;
                }
                tri[(a * SYMBOLS + b) * SYMBOLS + c] += 1;
                a = b;
                b = c;
                inRun = true;
            }
        }
        long[] bi = new long[SYMBOLS * SYMBOLS], ctx2 = new long[SYMBOLS * SYMBOLS], ctx1 = new long[SYMBOLS],
                uni = new long[SYMBOLS];
        long total = 0;
        for (int a = 0; a < SYMBOLS; a++) {
            for (int b = 0; b < SYMBOLS; b++) {
                for (int c = 0; c < SYMBOLS; c++) {
                    long n = tri[(a * SYMBOLS + b) * SYMBOLS + c];
                    bi[b * SYMBOLS + c] += n;
                    ctx2[a * SYMBOLS + b] += n;
                    ctx1[b] += n;
                    uni[c] += n;
                    total += n;
                }
            }
        }
        byte[] table = new byte[tri.length];
        for (int a = 0; a < SYMBOLS; a++) {
            for (int b = 0; b < SYMBOLS; b++) {
                for (int c = 0; c < SYMBOLS; c++) {
                    double p1 = (uni[c] + 1.0) / (total + SYMBOLS);
                    double p2 = ctx1[b] == 0 ? p1 : (double) bi[b * SYMBOLS + c] / ctx1[b];
                    long n2 = ctx2[a * SYMBOLS + b];
                    double p = n2 == 0
                            ? 0.8 * p2 + 0.2 * p1
                            : L3 * tri[(a * SYMBOLS + b) * SYMBOLS + c] / n2 + L2 * p2 + L1 * p1;
                    long tenths = Math.round(-Math.log(p) / Math.log(2) * 10);
                    table[(a * SYMBOLS + b) * SYMBOLS + c] = (byte) Math.min(255, tenths);
                }
            }
        }
        return new TrigramModel(table);
    }

    /**
     * Mean surprise in bits over the letters of {@code label} and the end of each letter run;
     * {@link Double#NaN} when it has no letters.
     */
    public double bitsPerChar(CharSequence label) {
        int a = 0, b = 0, n = 0;
        long sum = 0;
        boolean inRun = false;
        for (int i = 0; i <= label.length(); i++) {
            int c = i < label.length() ? symbol(label.charAt(i)) : 0;
            if (c == 0) {
                if (inRun) {
                    sum += cost(a, b, 0);
                    n++;
                }
                a = b = 0;
                inRun = false;
                continue;
            }
            sum += cost(a, b, c);
            n++;
            a = b;
            b = c;
            inRun = true;
        }
        return n == 0 ? Double.NaN : sum / 10.0 / n;
    }

    private int cost(int a, int b, int c) {
        return tenthBits[(a * SYMBOLS + b) * SYMBOLS + c] & 0xff;
    }

    private static int symbol(char c) {
        if (c >= 'a' && c <= 'z') return c - 'a' + 1;
        if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
        return 0;
    }

    public void write(OutputStream out) throws IOException {
        var data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.write(tenthBits);
        data.flush();
    }

    public static TrigramModel read(InputStream in) {
        try {
            var data = new DataInputStream(in);
            if (data.readInt() != MAGIC) throw new IOException("not a Sluice trigram model");
            byte[] table = new byte[SYMBOLS * SYMBOLS * SYMBOLS];
            data.readFully(table);
            return new TrigramModel(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DGA trigram model: " + e.getMessage(), e);
        }
    }
}
