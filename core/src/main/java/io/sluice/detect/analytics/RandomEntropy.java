package io.sluice.detect.analytics;

/**
 * The Shannon entropy that {@code n} uniformly random bytes show on average, in bits per byte, as
 * measured by counting (the plug-in estimate {@link io.sluice.packet.ByteEntropy} makes): not 8, since
 * a short sample cannot hold every byte value equally often, but 5.77 for 64 bytes, 6.55 for
 * 128, 7.17 for 256 and 7.81 for 1,024 (the asymptotic bias correction, 255/(2n ln 2) bits below
 * 8, holds only for n well above 256 and says 7.28 for 256). Exact: each of the 256 values occurs a Binomial(n, 1/256)
 * number of times, so the expectation is {@code -256 Σ P(c) (c/n) log2(c/n)} over counts c.
 */
final class RandomEntropy {
    private RandomEntropy() {}

    private static final int MAX = 65_536;
    /** Computed on first use per length; 0 until then. A race computes the same value twice. */
    private static final double[] EXPECTED = new double[MAX + 1];

    static double expected(int n) {
        if (n <= 1) return 0;
        int k = Math.min(n, MAX);
        double e = EXPECTED[k];
        if (e == 0) {
            e = compute(k);
            EXPECTED[k] = e;
        }
        return e;
    }

    private static double compute(int n) {
        double q = 1.0 / 256;
        double pmf = Math.exp(n * Math.log1p(-q)); // P(count = 0)
        double mean = n * q;
        double sum = 0;
        for (int c = 1; c <= n; c++) {
            pmf *= (double) (n - c + 1) / c * q / (1 - q);
            double share = (double) c / n;
            sum += pmf * share * Math.log(share);
            if (c > mean && pmf < 1e-18) break;
        }
        return -256 * sum / Math.log(2);
    }
}
