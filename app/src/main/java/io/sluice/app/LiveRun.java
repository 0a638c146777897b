package io.sluice.app;

import io.sluice.app.live.PcapCapture;
import io.sluice.pipeline.ProgressListener;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What a capture from an interface adds to {@code analyze}: Ctrl-C and SIGTERM end it cleanly (the
 * open connections are written, then the summary), a status line every so often on standard
 * error, and libpcap's drop counters at the end. Signals are taken with {@code sun.misc.Signal}
 * (module jdk.unsupported) rather than a shutdown hook: with a hook the JVM exits with 130 or 143
 * whatever the run did, and a stopped capture is a run that went well.
 */
final class LiveRun implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Packets before the checksum share is judged: the first few of a capture say little. */
    static final long OFFLOAD_MIN_PACKETS = 1_000;

    private final PcapCapture capture;
    private final List<Signal> handled = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile boolean signalled;

    /**
     * Takes over SIGINT and SIGTERM: the first stops the capture, and the run ends as it would at a
     * --count or --duration limit (open connections written, summary, exit code 0, as tcpdump and
     * Zeek end); a second one exits at once with 128 + the signal's number. The JVM's own handling
     * (shutdown hooks, then exit) is given back by {@link #close}.
     */
    LiveRun(PcapCapture capture) {
        this.capture = capture;
        for (String name : List.of("INT", "TERM")) {
            try {
                var signal = new Signal(name);
                previous.add(Signal.handle(signal, this::signalled));
                handled.add(signal);
            } catch (IllegalArgumentException unavailable) {
                // a signal the platform or the JVM (-Xrs) does not let us handle: its default stays
            }
        }
    }

    private void signalled(Signal signal) {
        if (signalled) {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        signalled = true;
        capture.stop();
    }

    /** The line that says the capture started, on standard error. */
    static String startLine(PcapCapture capture, PcapCapture.Settings s) {
        return String.format(Locale.ROOT, "sluice: capturing on %s (link type %d, snaplen %,d, %s%s, %s timestamps); stop with Ctrl-C",
                s.device(), capture.dataLink(), s.snaplen(), s.promiscuous() ? "promiscuous" : "not promiscuous",
                s.filter() == null || s.filter().isBlank() ? "" : ", filter '" + s.filter() + "'",
                capture.nanosecondTimestamps() ? "nanosecond" : "microsecond");
    }

    /**
     * A status line every {@code everySeconds} of wall time (none when 0): packets so far, their rate,
     * and what the kernel dropped; and, once, the checksum-offloading warning as soon as
     * {@code offload} gives one (from {@link #OFFLOAD_MIN_PACKETS} packets on), so that a user who
     * forgot -C learns it while the capture runs rather than at its end. Called on the packet thread
     * (about once a second: at every flush), which is the one that may ask libpcap.
     */
    ProgressListener status(PrintWriter err, int everySeconds, Supplier<String> offload) {
        return status(capture.name(), capture::stats, err, everySeconds, offload);
    }

    static ProgressListener status(String device, Supplier<PcapCapture.Stats> stats, PrintWriter err, int everySeconds,
            Supplier<String> offload) {
        long every = everySeconds <= 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(everySeconds);
        return new ProgressListener() {
            private long last = System.nanoTime();
            private long lastPackets;
            private boolean warned;

            @Override
            public void progress(long bytesRead, long totalBytes, long packets) {
                if (!warned && packets >= OFFLOAD_MIN_PACKETS) {
                    String warning = offload.get();
                    if (warning != null) {
                        warned = true;
                        err.println("sluice: warning: " + warning.replace("run again with -C", "restart with -C"));
                        err.flush();
                    }
                }
                long now = System.nanoTime();
                if (now - last < every) return;
                var s = stats.get();
                double rate = (packets - lastPackets) * 1e9 / (now - last);
                err.printf(Locale.ROOT, "%s %s: %,d packets (%,.0f/s), %,d bytes; dropped by the kernel %,d, by the interface %,d%n",
                        LocalTime.now().format(CLOCK), device, packets, rate, bytesRead, s.droppedByKernel(),
                        s.droppedByInterface());
                err.flush();
                last = now;
                lastPackets = packets;
            }
        };
    }

    /** libpcap's counters for the summary, with advice when packets were lost. */
    static String summaryLine(PcapCapture capture) {
        var s = capture.stats();
        String line = String.format(Locale.ROOT, "%nCapture on %s: %,d packets received by the filter, %,d dropped by the kernel,"
                + " %,d dropped by the interface%n", capture.name(), s.received(), s.droppedByKernel(), s.droppedByInterface());
        if (s.droppedByKernel() > 0) {
            line += "  The kernel dropped packets because its buffer filled: give a larger --capture-buffer, narrow the"
                    + " capture with --filter, or use --flows-only.\n";
        }
        return line;
    }

    /** The run is over: the JVM's own signal handling is back. */
    @Override
    public void close() {
        for (int i = 0; i < handled.size(); i++) Signal.handle(handled.get(i), previous.get(i));
    }
}
