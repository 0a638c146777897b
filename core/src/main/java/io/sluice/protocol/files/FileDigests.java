package io.sluice.protocol.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fresh MD5, SHA-1 and SHA-256 instances for one file each: cloned from the calling thread's
 * prototypes, because {@code MessageDigest.getInstance} looks the provider up on every call and a
 * busy connection opens a file per HTTP body.
 */
final class FileDigests {
    private static final ThreadLocal<MessageDigest[]> PROTOTYPES = ThreadLocal.withInitial(() -> new MessageDigest[] {
        instance("MD5"), instance("SHA-1"), instance("SHA-256")});

    private FileDigests() {}

    static MessageDigest md5() {
        return copy(0);
    }

    static MessageDigest sha1() {
        return copy(1);
    }

    static MessageDigest sha256() {
        return copy(2);
    }

    private static MessageDigest copy(int i) {
        MessageDigest proto = PROTOTYPES.get()[i];
        try {
            return (MessageDigest) proto.clone();
        } catch (CloneNotSupportedException e) {
            return instance(proto.getAlgorithm()); // a provider whose digests cannot be cloned
        }
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
