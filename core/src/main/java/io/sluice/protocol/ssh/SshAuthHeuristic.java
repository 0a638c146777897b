package io.sluice.protocol.ssh;

/**
 * Zeek's guess at SSH2 authentication from the sizes of encrypted deliveries (SSH_Analyzer::
 * ProcessEncrypted in src/analyzer/protocol/ssh/SSH.cc). Once the client has sent encrypted data,
 * the server's first encrypted delivery is taken as SERVICE_ACCEPT; a later one 16 bytes shorter
 * is USERAUTH_SUCCESS; the first other size (after skipping one pre-auth banner more than 256
 * bytes larger) is USERAUTH_FAILURE, and each repeat of that size is another failed attempt.
 * Sizes are of stream deliveries (one TCP segment each), as in Zeek.
 */
final class SshAuthHeuristic {
    /** What a delivery told: nothing, a failed attempt, or success. */
    static final int NOTHING = 0, FAILED = 1, SUCCEEDED = 2;

    private boolean decided;
    private boolean sawClientData;
    private boolean skippedBanner;
    private long serviceAcceptSize;
    private long failureSize;

    boolean decided() {
        return decided;
    }

    int encrypted(boolean fromOrig, long len) {
        if (decided) return NOTHING;
        if (fromOrig) {
            sawClientData = true;
            return NOTHING;
        }
        if (!sawClientData) return NOTHING;
        if (serviceAcceptSize == 0) {
            serviceAcceptSize = len;
            return NOTHING;
        }
        if (failureSize == 0 && len + 16 == serviceAcceptSize) {
            decided = true; // "none" authentication accepted
            return SUCCEEDED;
        }
        if (failureSize == 0) {
            if (!skippedBanner && len - serviceAcceptSize > 256) {
                skippedBanner = true;
                return NOTHING;
            }
            failureSize = len;
            return NOTHING;
        }
        if (len == failureSize) return FAILED;
        if (len - serviceAcceptSize == -16) {
            decided = true;
            return SUCCEEDED;
        }
        return NOTHING;
    }
}
