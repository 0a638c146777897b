package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.ssh.SshHandshake;
import java.util.List;

/**
 * {@code ssh.log} → {@link SshHandshake}. Zeek before 8.0 logs the MD5 host key fingerprint as
 * {@code host_key}, which is Sluice's {@code host_key} too. HASSH fields are read under Sluice's
 * names and under the camelCase names of the hassh Zeek package.
 */
final class SshLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "ssh";
    }

    @Override
    public List<String> signature() {
        return List.of("auth_attempts");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new SshHandshake(r.requiredTime("ts"), r.required("uid"), r.connId(), r.integer("version"),
                r.bool("auth_success"), r.count("auth_attempts", 0), r.string("direction"), r.wire("client"),
                r.wire("server"), r.wire("cipher_alg"), r.wire("mac_alg"), r.wire("compression_alg"),
                r.wire("kex_alg"), r.wire("host_key_alg"), r.string("host_key_fingerprint"),
                r.string("host_key"), either(r, "hassh", "hassh"), eitherWire(r, "hassh_algorithms", "hasshAlgorithms"),
                either(r, "hassh_server", "hasshServer"),
                eitherWire(r, "hassh_server_algorithms", "hasshServerAlgorithms"), r.string("ja4ssh")));
    }

    /** A hash (ASCII) under Sluice's name or the hassh package's. */
    private static String either(ZeekRow r, String name, String other) {
        String v = r.string(name);
        return v != null ? v : r.string(other);
    }

    /** A list of algorithm names as sent (a wire string) under Sluice's name or the hassh package's. */
    private static String eitherWire(ZeekRow r, String name, String other) {
        String v = r.wire(name);
        return v != null ? v : r.wire(other);
    }
}
