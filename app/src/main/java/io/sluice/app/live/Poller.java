package io.sluice.app.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Waits for a capture's descriptor to become readable, with a timeout of our own. libpcap's read
 * timeout cannot be used for that: on Linux (TPACKET_V3) its timer starts only when a packet has
 * arrived, so a read on a quiet interface blocks for good (pcap(3PCAP) says as much). libpcap's
 * advice is what this does: the capture in non-blocking mode, and poll(2) on its selectable
 * descriptor.
 */
final class Poller {
    private static final short POLLIN = 1;
    private static volatile boolean loaded;

    private final Memory pollfd = new Memory(8); // struct pollfd: int fd, short events, short revents

    Poller(int fd) {
        load();
        pollfd.setInt(0, fd);
        pollfd.setShort(4, POLLIN);
        pollfd.setShort(6, (short) 0);
    }

    private static synchronized void load() {
        if (loaded) return;
        Native.register(Poller.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        loaded = true;
    }

    private static native int poll(Memory fds, long nfds, int timeoutMillis);

    /** True when the descriptor became readable (or failed: the next read says how) within the timeout. */
    boolean await(int timeoutMillis) {
        pollfd.setShort(6, (short) 0);
        int n = poll(pollfd, 1, timeoutMillis);
        // -1 is EINTR or worse: report readiness so that the caller reads and sees any real error
        return n != 0;
    }
}
