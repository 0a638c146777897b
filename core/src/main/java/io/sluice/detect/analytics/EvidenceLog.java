package io.sluice.detect.analytics;

import io.sluice.detect.Alert;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The events an incident rests on that no alert has carried yet: the first {@link Alert#MAX_EVIDENCE}
 * kept, all counted. The engine adds each alert's evidence to the incident, so every update hands
 * over only what is new and the incident's count stays exact.
 */
final class EvidenceLog implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int limit;
    /** uid and Community ID of each kept event, side by side: plain strings checkpoint anywhere. */
    private final List<String> uids = new ArrayList<>();
    private final List<String> communityIds = new ArrayList<>();
    private long pending;
    private long reported;

    /** Keeps up to what an alert keeps. */
    EvidenceLog() {
        this(Alert.MAX_EVIDENCE);
    }

    /** Keeps fewer, for state held for many keys at once (every host pair of a day). */
    EvidenceLog(int limit) {
        this.limit = Math.min(limit, Alert.MAX_EVIDENCE);
    }

    void add(String uid, String communityId) {
        pending++;
        // Once an alert carried the first entries, the incident has all it keeps; only count.
        if (reported + uids.size() < limit) {
            uids.add(uid);
            communityIds.add(communityId);
        }
    }

    /** Forgets what no alert carried yet (the count starts over). */
    void clear() {
        uids.clear();
        communityIds.clear();
        pending = 0;
    }

    boolean hasNew() {
        return pending > 0;
    }

    /** Moves what is new into the alert being built. */
    void drainInto(Alert.Builder alert) {
        for (int i = 0; i < uids.size(); i++) alert.evidence(uids.get(i), communityIds.get(i));
        alert.evidenceCount(pending);
        reported += uids.size();
        uids.clear();
        communityIds.clear();
        pending = 0;
    }
}
