package io.sluice.app.live;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sluice.capture.CaptureException;
import io.sluice.capture.LiveSource;
import java.nio.ByteBuffer;

/**
 * Packets from a network interface through libpcap: the live {@link io.sluice.capture.PacketSource}.
 *
 * <p>Ownership, as for every source: each packet is copied out of libpcap's ring into one reused
 * array, whose bytes are valid until the next {@link #poll}. libpcap's own pointers are valid only
 * until its next call, and a heap array is what the decoder and the checksums read fastest. No
 * object is made per packet: the out-parameters live in one native block and are read by address.
 *
 * <p>Threads: the packet thread calls {@link #poll}, {@link #stats} and {@link #close}; any thread
 * may call {@link #stop} (a signal handler's), which makes the next poll, or the one under way,
 * return {@link Poll#END}.
 */
public final class PcapCapture implements LiveSource {

    /**
     * How to capture.
     *
     * @param device the interface's name ({@code sluice interfaces} lists them), or {@code any}
     * @param filter a BPF expression as tcpdump takes it, or null for every packet
     * @param snaplen bytes kept of each packet
     * @param promiscuous whether the interface also hands over traffic not addressed to the host
     * @param bufferBytes the kernel ring's size: bursts beyond it are dropped (and counted)
     * @param timeoutMillis how long a poll waits before it reports a quiet spell, and the kernel's
     *     buffer timeout: a packet waits at most this long before it is handed over
     * @param maxPackets stop after this many packets ({@link Long#MAX_VALUE}: never)
     * @param stopAtEpochNanos stop at this wall-clock time ({@link Long#MAX_VALUE}: never)
     */
    public record Settings(String device, String filter, int snaplen, boolean promiscuous, int bufferBytes,
            int timeoutMillis, long maxPackets, long stopAtEpochNanos) {
        public static final int DEFAULT_SNAPLEN = 262_144;
        /** Zeek's default (Pcap::bufsize, 128 MB): a few seconds of a busy link while the JIT warms up. */
        public static final int DEFAULT_BUFFER_BYTES = 128 << 20;
        public static final int DEFAULT_TIMEOUT_MILLIS = 100;

        public Settings {
            if (device == null || device.isBlank()) throw new IllegalArgumentException("no interface given");
            if (snaplen < 64 || snaplen > DEFAULT_SNAPLEN) {
                throw new IllegalArgumentException("--snaplen must be between 64 and " + DEFAULT_SNAPLEN + ", not " + snaplen);
            }
            if (bufferBytes < 1 << 16) throw new IllegalArgumentException("--capture-buffer must be at least 65536 bytes");
            if (timeoutMillis < 1) throw new IllegalArgumentException("the read timeout must be at least 1 ms");
            if (maxPackets < 1) throw new IllegalArgumentException("--count must be at least 1");
        }

        public static Settings of(String device) {
            return new Settings(device, null, DEFAULT_SNAPLEN, true, DEFAULT_BUFFER_BYTES, DEFAULT_TIMEOUT_MILLIS,
                    Long.MAX_VALUE, Long.MAX_VALUE);
        }
    }

    /**
     * libpcap's counters ({@code struct pcap_stat}): packets the filter accepted, packets the kernel
     * dropped for want of buffer space, packets the interface or its driver dropped.
     */
    public record Stats(long received, long droppedByKernel, long droppedByInterface) {}

    /** Reads native memory by absolute address: a pointer at 0 and the address as the offset. */
    private static final Pointer ADDRESS = new Pointer(0);
    /** {@code struct pcap_pkthdr} on 64-bit Linux and macOS: a timeval (16 bytes), caplen, len. */
    private static final int HDR_CAPLEN = 16;
    private static final int HDR_LEN = 20;

    private final Settings settings;
    private final Pointer handle;
    private final int linkType;
    private final boolean nanoTimestamps;
    private final Memory out = new Memory(16);
    private final Pointer headerOut = out;
    private final Pointer dataOut = out.share(8);
    private final Memory statBlock = new Memory(16);
    private final Poller poller;
    private final byte[] frame;
    private final ByteBuffer view;
    private long ts;
    private int capLen;
    private int wireLen;
    private long packets;
    private long bytes;
    private long idleNanos;
    private volatile boolean stopping;
    private boolean closed;
    private Stats lastStats = new Stats(0, 0, 0);

    private PcapCapture(Settings settings, Pointer handle, int linkType, boolean nanoTimestamps, Poller poller) {
        this.settings = settings;
        this.poller = poller;
        this.handle = handle;
        this.linkType = linkType;
        this.nanoTimestamps = nanoTimestamps;
        this.frame = new byte[settings.snaplen()];
        this.view = ByteBuffer.wrap(frame);
    }

    /**
     * Opens and activates the interface and sets the filter.
     *
     * @throws LiveCaptureException when capture cannot start, with what to do about it
     */
    public static PcapCapture open(Settings s) {
        Libpcap.load();
        byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
        Pointer p = Libpcap.pcap_create(s.device(), errbuf);
        if (p == null) throw new LiveCaptureException("cannot open " + s.device() + ": " + Libpcap.text(errbuf));
        boolean ok = false;
        try {
            Libpcap.pcap_set_snaplen(p, s.snaplen());
            Libpcap.pcap_set_promisc(p, s.promiscuous() ? 1 : 0);
            Libpcap.pcap_set_timeout(p, s.timeoutMillis());
            Libpcap.pcap_set_buffer_size(p, s.bufferBytes());
            // Nanosecond stamps where the platform has them (Linux); microseconds otherwise.
            Libpcap.pcap_set_tstamp_precision(p, Libpcap.PCAP_TSTAMP_PRECISION_NANO);
            int status = Libpcap.pcap_activate(p);
            if (status < 0) throw new LiveCaptureException(activationProblem(s.device(), status, Libpcap.text(Libpcap.pcap_geterr(p))));
            if (s.filter() != null && !s.filter().isBlank()) setFilter(p, s.filter());
            boolean nano = Libpcap.pcap_get_tstamp_precision(p) == Libpcap.PCAP_TSTAMP_PRECISION_NANO;
            if (Libpcap.pcap_setnonblock(p, 1, errbuf) != 0) {
                throw new LiveCaptureException("cannot capture on " + s.device() + " without blocking: " + Libpcap.text(errbuf));
            }
            int fd = Libpcap.pcap_get_selectable_fd(p);
            if (fd < 0) throw new LiveCaptureException("cannot wait for packets on " + s.device() + " (no selectable descriptor)");
            var capture = new PcapCapture(s, p, Libpcap.pcap_datalink(p), nano, new Poller(fd));
            ok = true;
            return capture;
        } finally {
            if (!ok) Libpcap.pcap_close(p);
        }
    }

    private static void setFilter(Pointer p, String expression) {
        // struct bpf_program: a length and a pointer to the instructions, 16 bytes with padding
        var program = new Memory(16);
        program.clear();
        if (Libpcap.pcap_compile(p, program, expression, 1, Libpcap.PCAP_NETMASK_UNKNOWN) != 0) {
            throw new LiveCaptureException("the filter '" + expression + "' is not valid: "
                    + Libpcap.text(Libpcap.pcap_geterr(p)) + " (it takes tcpdump's syntax, e.g. 'tcp port 443 or udp')");
        }
        try {
            if (Libpcap.pcap_setfilter(p, program) != 0) {
                throw new LiveCaptureException("cannot set the filter '" + expression + "': " + Libpcap.text(Libpcap.pcap_geterr(p)));
            }
        } finally {
            Libpcap.pcap_freecode(program);
        }
    }

    static String activationProblem(String device, int status, String detail) {
        String what = switch (status) {
            case Libpcap.PCAP_ERROR_NO_SUCH_DEVICE -> "there is no interface called " + device
                    + " (sluice interfaces lists them)";
            case Libpcap.PCAP_ERROR_PERM_DENIED, Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED -> "capturing on " + device
                    + " needs root or the capabilities CAP_NET_RAW and CAP_NET_ADMIN: run it with sudo, or as a service"
                    + " with AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN (docs/live-capture.md)";
            case Libpcap.PCAP_ERROR_IFACE_NOT_UP -> device + " is down: bring it up first (ip link set " + device + " up)";
            default -> "cannot capture on " + device;
        };
        return detail == null || detail.isBlank() ? what : what + " (libpcap: " + detail + ")";
    }

    @Override
    public Poll poll() throws CaptureException {
        if (stopping || packets >= settings.maxPackets()) return Poll.END;
        if (settings.stopAtEpochNanos() != Long.MAX_VALUE && System.currentTimeMillis() * 1_000_000L >= settings.stopAtEpochNanos()) {
            return Poll.END;
        }
        int r = Libpcap.pcap_next_ex(handle, headerOut, dataOut);
        if (r == 0) {
            // nothing buffered (non-blocking): wait for the descriptor, then read once more
            if (!poller.await(settings.timeoutMillis()) || stopping) {
                idleNanos = System.currentTimeMillis() * 1_000_000L;
                return stopping ? Poll.END : Poll.IDLE;
            }
            r = Libpcap.pcap_next_ex(handle, headerOut, dataOut);
        }
        if (r == 1) {
            take(out.getLong(0), out.getLong(8));
            return Poll.PACKET;
        }
        if (r == 0) {
            idleNanos = System.currentTimeMillis() * 1_000_000L;
            return Poll.IDLE;
        }
        if (r == Libpcap.PCAP_ERROR_BREAK || stopping) return Poll.END;
        String detail = Libpcap.text(Libpcap.pcap_geterr(handle));
        throw new CaptureException(settings.device(), -1, "capture failed after " + packets + " packets: "
                + (detail.isBlank() ? "libpcap error " + r : detail));
    }

    private void take(long header, long data) {
        long sec = ADDRESS.getLong(header);
        // tv_usec is a long on Linux and an int on macOS; its low 32 bits are the value on both
        long frac = Integer.toUnsignedLong(ADDRESS.getInt(header + 8));
        ts = sec * 1_000_000_000L + (nanoTimestamps ? frac : frac * 1_000L);
        int caplen = ADDRESS.getInt(header + HDR_CAPLEN);
        wireLen = ADDRESS.getInt(header + HDR_LEN);
        capLen = Math.min(caplen, frame.length);
        ADDRESS.read(data, frame, 0, capLen);
        packets++;
        bytes += capLen;
    }

    /** Ends the capture: the poll under way, if any, and every later one return {@link Poll#END}. Any thread. */
    public synchronized void stop() {
        stopping = true;
        if (!closed) Libpcap.pcap_breakloop(handle);
    }

    /** libpcap's counters so far (the last ones read once the capture is closed). */
    public Stats stats() {
        if (closed) return lastStats;
        statBlock.clear();
        if (Libpcap.pcap_stats(handle, statBlock) == 0) {
            lastStats = new Stats(Integer.toUnsignedLong(statBlock.getInt(0)), Integer.toUnsignedLong(statBlock.getInt(4)),
                    Integer.toUnsignedLong(statBlock.getInt(8)));
        }
        return lastStats;
    }

    /** The link type libpcap reports for the interface (a DLT value; Sluice's decoder reads the common ones). */
    public int dataLink() {
        return linkType;
    }

    public boolean nanosecondTimestamps() {
        return nanoTimestamps;
    }

    public long packets() {
        return packets;
    }

    @Override
    public long idleNanos() {
        return idleNanos;
    }

    @Override
    public long timestampNanos() {
        return ts;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public ByteBuffer buffer() {
        return view;
    }

    @Override
    public int offset() {
        return 0;
    }

    @Override
    public int capturedLength() {
        return capLen;
    }

    @Override
    public int originalLength() {
        return wireLen;
    }

    @Override
    public long recordPosition() {
        return -1;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public long totalBytes() {
        return -1;
    }

    @Override
    public String name() {
        return settings.device();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        stats();
        closed = true;
        Libpcap.pcap_close(handle);
    }
}
