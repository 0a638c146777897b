package io.sluice.app.live;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The interfaces libpcap can capture on, as {@code tcpdump -D} lists them, with their addresses. */
public final class NetworkInterfaces {
    private static final int PCAP_IF_LOOPBACK = 1;
    private static final int PCAP_IF_UP = 2;
    private static final int PCAP_IF_RUNNING = 4;
    private static final int PCAP_IF_WIRELESS = 8;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = Platform.isMac() ? 30 : 10;
    private static final int AF_PACKET = 17;

    /**
     * One interface.
     *
     * @param addresses its IPv4 and IPv6 addresses, and its MAC where libpcap reports one (Linux)
     */
    public record Device(String name, String description, boolean loopback, boolean up, boolean running,
            boolean wireless, List<String> addresses) {}

    private NetworkInterfaces() {}

    /**
     * Every interface libpcap finds, in its order (the ones up and with addresses first).
     *
     * @throws LiveCaptureException when libpcap is missing or cannot list them
     */
    public static List<Device> list() {
        Libpcap.load();
        var head = new Memory(8);
        head.clear();
        byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        if (Libpcap.pcap_findalldevs(head, errbuf) != 0) {
            throw new LiveCaptureException("cannot list the interfaces: " + Libpcap.text(errbuf));
        }
        Pointer first = head.getPointer(0);
        var devices = new ArrayList<Device>();
        try {
            // struct pcap_if: next, name, description, addresses (pointers), then the flags
            for (Pointer d = first; d != null; d = d.getPointer(0)) {
                int flags = d.getInt(32);
                devices.add(new Device(Libpcap.text(d.getPointer(8)), Libpcap.text(d.getPointer(16)),
                        (flags & PCAP_IF_LOOPBACK) != 0, (flags & PCAP_IF_UP) != 0, (flags & PCAP_IF_RUNNING) != 0,
                        (flags & PCAP_IF_WIRELESS) != 0, addresses(d.getPointer(24))));
            }
        } finally {
            if (first != null) Libpcap.pcap_freealldevs(first);
        }
        return devices;
    }

    /** struct pcap_addr: next, addr, netmask, broadaddr, dstaddr. */
    private static List<String> addresses(Pointer a) {
        var out = new ArrayList<String>();
        for (; a != null; a = a.getPointer(0)) {
            String text = address(a.getPointer(8));
            if (text != null) out.add(text);
        }
        return out;
    }

    private static String address(Pointer sa) {
        if (sa == null) return null;
        // Linux: a 16-bit family; the BSDs and macOS: a length byte, then an 8-bit family
        int family = Platform.isLinux() ? sa.getShort(0) & 0xffff : sa.getByte(1) & 0xff;
        try {
            if (family == AF_INET) return InetAddress.getByAddress(sa.getByteArray(4, 4)).getHostAddress();
            if (family == AF_INET6) return InetAddresses.toAddrString(InetAddress.getByAddress(sa.getByteArray(8, 16)));
        } catch (UnknownHostException impossible) {
            return null;
        }
        if (family == AF_PACKET && Platform.isLinux()) {
            int len = sa.getByte(11) & 0xff; // sockaddr_ll's sll_halen, then sll_addr
            if (len == 0 || len > 8) return null;
            var mac = new StringBuilder();
            for (byte b : sa.getByteArray(12, len)) {
                if (!mac.isEmpty()) mac.append(':');
                mac.append(String.format("%02x", b & 0xff));
            }
            return mac.toString();
        }
        return null;
    }
}
