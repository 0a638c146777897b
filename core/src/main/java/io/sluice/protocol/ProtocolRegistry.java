package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The protocols Sluice can recognise, asked in registration order. Identification is by content:
 * every signature of the transport looks at the first payload; when several match, the one whose
 * standard port is the responder's (then the originator's) port wins, else the first registered.
 * Immutable; shared by every flow table.
 */
public final class ProtocolRegistry {
    private final List<ProtocolSignature> all;
    private final ProtocolSignature[] tcp;
    private final ProtocolSignature[] udp;
    /**
     * Per port, which signatures call it their standard port: bit i for {@code tcp[i]} / {@code udp[i]},
     * and {@link #KNOWN} once the port has been looked at. Those signatures are asked first, since most
     * traffic runs on its protocol's port and a match there wins anyway; that saves asking every
     * signature about every first payload. Filled per port on first use rather than for all 65,536
     * ports up front (over a million calls, most of a start-up's worth of interpreted work). Racing
     * threads at worst compute the same int twice; an int is written whole.
     */
    private final int[] tcpByPort = new int[65536], udpByPort = new int[65536];
    private static final int KNOWN = 1 << 31;

    public ProtocolRegistry(List<ProtocolSignature> signatures) {
        this.all = List.copyOf(signatures);
        this.tcp = all.stream().filter(ProtocolSignature::onTcp).toArray(ProtocolSignature[]::new);
        this.udp = all.stream().filter(ProtocolSignature::onUdp).toArray(ProtocolSignature[]::new);
        if (tcp.length > 31 || udp.length > 31) {
            throw new IllegalArgumentException("at most 31 signatures per transport, not " + Math.max(tcp.length, udp.length));
        }
    }

    /** The bits of the signatures whose standard port {@code port} is, computed on first use. */
    private static int onPort(int[] table, ProtocolSignature[] candidates, int port) {
        int bits = table[port];
        if (bits == 0) {
            bits = KNOWN;
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i].standardPort(port)) bits |= 1 << i;
            }
            table[port] = bits;
        }
        return bits & ~KNOWN;
    }

    public static ProtocolRegistry empty() {
        return new ProtocolRegistry(List.of());
    }

    public List<ProtocolSignature> signatures() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Whether any protocol is registered for the transport. */
    public boolean any(boolean overTcp) {
        return (overTcp ? tcp : udp).length > 0;
    }

    /** The protocol whose signature is called {@code name} ("tftp") on the transport, or null. */
    public ProtocolSignature named(String name, boolean overTcp) {
        for (ProtocolSignature s : overTcp ? tcp : udp) {
            if (s.name().equals(name)) return s;
        }
        return null;
    }

    /** The protocol these first bytes belong to, or null. Never throws (a faulty signature counts as no match). */
    public ProtocolSignature identify(boolean overTcp, boolean fromOrig, ByteBuffer buf, int off, int len,
            int origPort, int respPort) {
        ProtocolSignature[] candidates = overTcp ? tcp : udp;
        if (respPort >= 0 && respPort <= 0xFFFF) {
            for (int bits = onPort(overTcp ? tcpByPort : udpByPort, candidates, respPort); bits != 0; bits &= bits - 1) {
                ProtocolSignature s = candidates[Integer.numberOfTrailingZeros(bits)];
                if (matches(s, fromOrig, buf, off, len, origPort, respPort)) return s;
            }
        }
        ProtocolSignature first = null, onOrigPort = null;
        for (ProtocolSignature s : candidates) {
            if (!matches(s, fromOrig, buf, off, len, origPort, respPort)) continue;
            if (s.standardPort(respPort)) return s;
            if (first == null) first = s;
            if (onOrigPort == null && s.standardPort(origPort)) onOrigPort = s;
        }
        return onOrigPort != null ? onOrigPort : first;
    }

    private static boolean matches(ProtocolSignature s, boolean fromOrig, ByteBuffer buf, int off, int len,
            int origPort, int respPort) {
        try {
            return s.matches(fromOrig, buf, off, len, origPort, respPort);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
