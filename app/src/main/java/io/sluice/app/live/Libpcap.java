package io.sluice.app.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The few libpcap calls live capture needs, bound with JNA's direct mapping (static natives: no
 * proxy, no argument boxing, so a packet costs one native call and one copy). libpcap is the
 * system's own (Debian: libpcap0.8); nothing native is built or shipped with Sluice.
 *
 * <p>Pointers to libpcap's structures are passed as {@link Pointer}s to memory the caller owns
 * (out-parameters, {@code struct bpf_program}, {@code struct pcap_stat}) and read by offset, as
 * laid out on 64-bit Linux and macOS; {@link #load} refuses a 32-bit JVM.
 */
final class Libpcap {
    static final int ERRBUF_SIZE = 256;
    static final int PCAP_ERROR = -1;
    static final int PCAP_ERROR_BREAK = -2;
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    static final int PCAP_ERROR_PERM_DENIED = -8;
    static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
    static final int PCAP_WARNING_TSTAMP_TYPE_NOTSUP = 3;
    static final int PCAP_TSTAMP_PRECISION_NANO = 1;
    static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;

    /** Names tried in turn: the development link, then the run-time sonames Linux distributions ship. */
    private static final List<String> NAMES = List.of("pcap", "libpcap.so.1", "libpcap.so.0.8", "wpcap");

    private static volatile String loaded;
    private static volatile String failure;

    private Libpcap() {}

    /**
     * Binds the natives once.
     *
     * @throws LiveCaptureException when no libpcap can be loaded, saying how to install one
     */
    static synchronized void load() {
        if (loaded != null) return;
        if (failure != null) throw new LiveCaptureException(failure);
        if (Native.POINTER_SIZE != 8) {
            failure = "live capture needs a 64-bit JVM";
            throw new LiveCaptureException(failure);
        }
        var problems = new ArrayList<String>();
        for (String name : NAMES) {
            try {
                Native.register(Libpcap.class, NativeLibrary.getInstance(name));
                loaded = name;
                return;
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        failure = "live capture needs libpcap, which was not found (install it: apt-get install libpcap0.8 on"
                + " Debian and Ubuntu, dnf install libpcap on Fedora; tried " + String.join("; ", problems) + ")";
        throw new LiveCaptureException(failure);
    }

    static native Pointer pcap_create(String source, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer p, int snaplen);

    static native int pcap_set_promisc(Pointer p, int promisc);

    static native int pcap_set_timeout(Pointer p, int milliseconds);

    static native int pcap_set_buffer_size(Pointer p, int bytes);

    static native int pcap_set_tstamp_precision(Pointer p, int precision);

    static native int pcap_get_tstamp_precision(Pointer p);

    static native int pcap_activate(Pointer p);

    static native Pointer pcap_geterr(Pointer p);

    static native Pointer pcap_statustostr(int status);

    static native int pcap_compile(Pointer p, Pointer program, String expression, int optimize, int netmask);

    static native int pcap_setfilter(Pointer p, Pointer program);

    static native void pcap_freecode(Pointer program);

    static native int pcap_datalink(Pointer p);

    static native int pcap_setnonblock(Pointer p, int nonblock, byte[] errbuf);

    static native int pcap_get_selectable_fd(Pointer p);

    static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    static native int pcap_stats(Pointer p, Pointer stats);

    static native void pcap_breakloop(Pointer p);

    static native void pcap_close(Pointer p);

    static native int pcap_findalldevs(Pointer alldevs, byte[] errbuf);

    static native void pcap_freealldevs(Pointer alldevs);

    static native Pointer pcap_lib_version();

    /** A NUL-terminated C string (libpcap's messages are ASCII or UTF-8). */
    static String text(Pointer p) {
        return p == null ? "" : p.getString(0, "UTF-8");
    }

    /** The message libpcap left in an error buffer. */
    static String text(byte[] errbuf) {
        int n = 0;
        while (n < errbuf.length && errbuf[n] != 0) n++;
        return new String(errbuf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** libpcap's version line, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    static String version() {
        load();
        return text(pcap_lib_version());
    }
}
