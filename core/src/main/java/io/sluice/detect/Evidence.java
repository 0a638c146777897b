package io.sluice.detect;

/**
 * One event an alert rests on: its connection uid (the key into conn.log, dns.log, ...) and its
 * Community ID, so the analyst can find it in Sluice's logs and in other tools. Either may be null.
 */
public record Evidence(String uid, String communityId) {
}
