package io.sluice.protocol.ssh;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one SSH session, as a row of Zeek's {@code ssh.log} (Zeek 8
 * field names and order, with {@code host_key_fingerprint}), plus Sluice's additions:
 * {@code host_key} (the MD5 form Zeek logs with policy/protocols/ssh/md5-host-key-logging),
 * HASSH and HASSHServer with the algorithm strings they hash, and the first JA4SSH window.
 * Nullable fields are unset in the log.
 */
public record SshHandshake(
        long tsNanos,
        String uid,
        ConnId id,
        Integer version,
        Boolean authSuccess,
        long authAttempts,
        String direction,
        String client,
        String server,
        String cipherAlg,
        String macAlg,
        String compressionAlg,
        String kexAlg,
        String hostKeyAlg,
        String hostKeyFingerprint,
        String hostKey,
        String hassh,
        String hasshAlgorithms,
        String hasshServer,
        String hasshServerAlgorithms,
        String ja4ssh)
        implements ContentEvent {

    /** The same row with another timestamp (for comparisons that ignore when it happened). */
    public SshHandshake withTs(long ts) {
        return new SshHandshake(ts, uid, id, version, authSuccess, authAttempts, direction, client, server, cipherAlg,
                macAlg, compressionAlg, kexAlg, hostKeyAlg, hostKeyFingerprint, hostKey, hassh, hasshAlgorithms,
                hasshServer, hasshServerAlgorithms, ja4ssh);
    }

    public static final LogSchema SCHEMA = LogSchema.named("ssh")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("version", "count")
            .field("auth_success", "bool")
            .field("auth_attempts", "count")
            .field("direction", "enum")
            .field("client", "string")
            .field("server", "string")
            .field("cipher_alg", "string")
            .field("mac_alg", "string")
            .field("compression_alg", "string")
            .field("kex_alg", "string")
            .field("host_key_alg", "string")
            .field("host_key_fingerprint", "string")
            .field("host_key", "string")
            .field("hassh", "string")
            .field("hassh_algorithms", "string")
            .field("hassh_server", "string")
            .field("hassh_server_algorithms", "string")
            .field("ja4ssh", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        if (version == null) out.unset(); else out.count(version);
        if (authSuccess == null) out.unset(); else out.bool(authSuccess);
        out.count(authAttempts);
        out.stringOrUnset(direction);
        out.wireOrUnset(client);
        out.wireOrUnset(server);
        out.wireOrUnset(cipherAlg);
        out.wireOrUnset(macAlg);
        out.wireOrUnset(compressionAlg);
        out.wireOrUnset(kexAlg);
        out.wireOrUnset(hostKeyAlg);
        out.stringOrUnset(hostKeyFingerprint);
        out.stringOrUnset(hostKey);
        out.stringOrUnset(hassh);
        out.wireOrUnset(hasshAlgorithms);
        out.stringOrUnset(hasshServer);
        out.wireOrUnset(hasshServerAlgorithms);
        out.stringOrUnset(ja4ssh);
    }
}
