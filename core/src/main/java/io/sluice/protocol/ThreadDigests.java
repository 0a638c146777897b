package io.sluice.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MD5 and SHA-256 instances of the calling thread, for the fingerprints dissectors compute per
 * handshake or request (JA3, JA4, JA4H, HASSH, certificate fingerprints): looking a digest up
 * with {@code MessageDigest.getInstance} cost as much as hashing the short strings they hash.
 * A caller uses the instance for one whole {@code digest} and keeps no reference: the next call
 * on the thread gets the same object back, reset by the previous {@code digest}.
 */
public final class ThreadDigests {
    private static final ThreadLocal<ThreadDigests> PER_THREAD = new ThreadLocal<>();

    private final MessageDigest md5, sha256;

    private ThreadDigests() {
        try {
            md5 = MessageDigest.getInstance("MD5");
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 and SHA-256 are required of every Java runtime", e);
        }
    }

    private static ThreadDigests get() {
        ThreadDigests d = PER_THREAD.get();
        if (d == null) {
            d = new ThreadDigests();
            PER_THREAD.set(d);
        }
        return d;
    }

    /** The thread's MD5, reset. */
    public static MessageDigest md5() {
        MessageDigest md = get().md5;
        md.reset(); // in case a caller's digest was interrupted by an exception
        return md;
    }

    /** The thread's SHA-256, reset. */
    public static MessageDigest sha256() {
        MessageDigest md = get().sha256;
        md.reset();
        return md;
    }
}
