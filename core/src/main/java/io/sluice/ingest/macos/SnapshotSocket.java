package io.sluice.ingest.macos;

import io.sluice.event.ProcessInfo;

/**
 * One socket of a connection-table snapshot ({@code lsof -i}, {@code nettop}): a listener (remote
 * null) or a connected socket, with the process that holds it.
 *
 * @param state the TCP state as the tool prints it (upper-cased), or null (UDP)
 */
record SnapshotSocket(int proto, String local, int localPort, String remote, int remotePort, String state,
        ProcessInfo process) {

    boolean listening() {
        return remote == null;
    }

    /** "host:port", "[v6]:port", "v6.port" (nettop), "*:port", "*.*"; returns {host, port} or null. */
    static String[] endpoint(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            return close < 0 ? null : new String[] {s.substring(1, close), s.substring(close + 2)};
        }
        int colons = s.length() - s.replace(":", "").length();
        int sep = colons > 1 ? s.lastIndexOf('.') : colons == 1 ? s.indexOf(':') : s.lastIndexOf('.');
        if (sep <= 0) return null;
        return new String[] {s.substring(0, sep), s.substring(sep + 1)};
    }
}
