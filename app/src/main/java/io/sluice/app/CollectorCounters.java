package io.sluice.app;

/**
 * Where the collector's datagrams went, summed over its sockets. {@code received} datagrams were
 * read from the sockets; each was either {@code decoded} or dropped because the ring to the decoding
 * thread was full ({@code queueFull}); of the decoded ones, {@code malformed} had something the
 * decoder rejected. {@code records} are the flow records (and sFlow flow samples) turned into
 * conn rows. {@code kernelDrops} were dropped by the kernel before the collector could read them
 * (the sockets' drops in /proc/net/udp; -1 when unknown).
 */
record CollectorCounters(long received, long queueFull, long decoded, long malformed, long records,
        long kernelDrops) {

    /** Datagrams received but neither decoded nor dropped yet (in the ring). */
    long pending() {
        return received - decoded - queueFull;
    }

    /** One line for the console: these counters and the conn rows written so far. */
    String line(long written) {
        return String.format("datagrams received %,d, decoded %,d, dropped: queue full %,d, kernel %s;"
                        + " malformed %,d; records decoded %,d, written %,d", received, decoded, queueFull,
                kernelDrops < 0 ? "unknown" : String.format("%,d", kernelDrops), malformed, records, written);
    }
}
