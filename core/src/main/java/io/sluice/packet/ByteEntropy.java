package io.sluice.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Shannon entropy of a byte range, in bits per byte (0 for constant or empty data, 8 for uniformly
 * random bytes). Keeps one scratch histogram, so an instance is reused across packets and is not
 * thread-safe.
 */
public final class ByteEntropy {
    private static final double LN2 = Math.log(2);
    private final int[] histogram = new int[256];

    /** Entropy of {@code buf[off, off+len)} (absolute indexing); 0 for no bytes. */
    public double bits(ByteBuffer buf, int off, int len) {
        if (len <= 0) return 0;
        int[] h = histogram;
        Arrays.fill(h, 0);
        for (int i = off, end = off + len; i < end; i++) h[buf.get(i) & 0xff]++;
        double nats = 0;
        double n = len;
        for (int c : h) {
            if (c == 0) continue;
            double p = c / n;
            nats -= p * Math.log(p);
        }
        return nats / LN2;
    }
}
