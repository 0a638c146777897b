package io.sluice.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Linux kernel dropped before the collector saw it, read from procfs: per socket, the
 * {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} (datagrams that did
 * not fit the socket's receive buffer, among others), and machine-wide the {@code Udp:
 * RcvbufErrors} counter of {@code /proc/net/snmp}. Elsewhere (no procfs) every value is -1,
 * meaning unknown.
 */
final class KernelUdpDrops {
    private static final Path UDP = Path.of("/proc/net/udp");
    private static final Path UDP6 = Path.of("/proc/net/udp6");
    private static final Path SNMP = Path.of("/proc/net/snmp");

    private final Path udp;
    private final Path udp6;
    private final Path snmp;

    KernelUdpDrops() {
        this(UDP, UDP6, SNMP);
    }

    /** For tests: the three files from elsewhere. */
    KernelUdpDrops(Path udp, Path udp6, Path snmp) {
        this.udp = udp;
        this.udp6 = udp6;
        this.snmp = snmp;
    }

    /**
     * Datagrams dropped by the kernel on the UDP sockets bound to local {@code port}, summed over
     * IPv4 and IPv6 sockets; -1 when procfs cannot be read or no such socket is listed.
     */
    long socketDrops(int port) {
        long v4 = socketDrops(udp, port);
        long v6 = socketDrops(udp6, port);
        if (v4 < 0 && v6 < 0) return -1;
        return Math.max(v4, 0) + Math.max(v6, 0);
    }

    private static long socketDrops(Path table, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException | SecurityException e) {
            return -1;
        }
        long sum = -1;
        for (int i = 1; i < lines.size(); i++) {
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops"
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) continue;
            String local = f[1];
            int colon = local.lastIndexOf(':');
            if (colon < 0) continue;
            int p;
            long drops;
            try {
                p = Integer.parseInt(local.substring(colon + 1), 16);
                drops = Long.parseLong(f[f.length - 1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (p != port) continue;
            sum = Math.max(sum, 0) + drops;
        }
        return sum;
    }

    /** The machine-wide count of UDP datagrams dropped for a full receive buffer; -1 when unknown. */
    long receiveBufferErrors() {
        List<String> lines;
        try {
            lines = Files.readAllLines(snmp);
        } catch (IOException | SecurityException e) {
            return -1;
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
            String names = lines.get(i);
            String values = lines.get(i + 1);
            if (!names.startsWith("Udp: ") || !values.startsWith("Udp: ")) continue;
            String[] n = names.trim().split("\\s+");
            String[] v = values.trim().split("\\s+");
            for (int k = 1; k < n.length && k < v.length; k++) {
                if (n[k].equals("RcvbufErrors")) {
                    try {
                        return Long.parseLong(v[k]);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
