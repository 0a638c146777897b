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
    /** Columns of /proc/net/udp: drops is the last; tx_queue:rx_queue the fifth. */
    private static final int DROPS = -1;
    private static final int RX_QUEUE = 4;

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
        return sum(column(udp, port, DROPS), column(udp6, port, DROPS));
    }

    /**
     * Bytes waiting in the receive queues of the UDP sockets bound to local {@code port} (the
     * {@code rx_queue} column); -1 when unknown.
     */
    long socketQueuedBytes(int port) {
        return sum(column(udp, port, RX_QUEUE), column(udp6, port, RX_QUEUE));
    }

    private static long sum(long v4, long v6) {
        if (v4 < 0 && v6 < 0) return -1;
        return Math.max(v4, 0) + Math.max(v6, 0);
    }

    /** Sums a column (DROPS: the last; RX_QUEUE: the hex value after the colon of the fifth) over sockets on the port. */
    private static long column(Path table, int port, int which) {
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
            long value;
            try {
                p = Integer.parseInt(local.substring(colon + 1), 16);
                if (p != port) continue;
                if (which == DROPS) {
                    value = Long.parseLong(f[f.length - 1]);
                } else {
                    String queues = f[which];
                    value = Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                continue;
            }
            sum = Math.max(sum, 0) + value;
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
