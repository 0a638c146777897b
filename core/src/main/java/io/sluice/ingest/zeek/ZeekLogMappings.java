package io.sluice.ingest.zeek;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Zeek logs Sluice reads, by {@code #path}, and recognition of a JSON row by its field set. */
final class ZeekLogMappings {
    /** Most specific signature first, so a log is not taken for one whose signature its fields include. */
    static final List<ZeekLogMapping> ALL = List.of(
            new ConnLogMapping(), new DnsLogMapping(), new HttpLogMapping(), new SslLogMapping(),
            new X509LogMapping(), new SmbFilesLogMapping(), new FilesLogMapping(), new DceRpcLogMapping(),
            new RdpLogMapping(), new SshLogMapping(), new SmbMappingLogMapping(), new DhcpLogMapping(),
            new KerberosLogMapping(), new SocksLogMapping(), new TunnelLogMapping());

    private ZeekLogMappings() {}

    static ZeekLogMapping byPath(String path) {
        for (ZeekLogMapping m : ALL) {
            if (m.path().equals(path)) return m;
        }
        return null;
    }

    /** The log whose signature fields are all present, or null. */
    static ZeekLogMapping byFields(Set<String> fields) {
        for (ZeekLogMapping m : ALL) {
            if (fields.containsAll(m.signature())) return m;
        }
        return null;
    }

    static ZeekLogMapping byFields(Map<String, ?> row) {
        return byFields(row.keySet());
    }

    /** "conn, dns, http, ..." for messages. */
    static String names() {
        var sb = new StringBuilder();
        for (ZeekLogMapping m : ALL) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(m.path());
        }
        return sb.toString();
    }
}
