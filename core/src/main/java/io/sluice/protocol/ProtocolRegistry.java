package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
     * Per port, the signatures whose standard port it is (registration order), or {@link #NONE}:
     * asked first, since most traffic runs on its protocol's port and a match there wins anyway.
     * Saves asking every signature about every first payload. Filled per port on first use (null
     * until then): building all 2 x 65,536 entries asked every signature 2.6 million times at
     * start-up, for the few thousand ports a capture uses. Shared by every flow table, hence
     * atomic; an entry computed twice by two threads is the same.
     */
    private final AtomicReferenceArray<ProtocolSignature[]> tcpByPort, udpByPort;
    private static final ProtocolSignature[] NONE = new ProtocolSignature[0];

    public ProtocolRegistry(List<ProtocolSignature> signatures) {
        this.all = List.copyOf(signatures);
        this.tcp = all.stream().filter(ProtocolSignature::onTcp).toArray(ProtocolSignature[]::new);
        this.udp = all.stream().filter(ProtocolSignature::onUdp).toArray(ProtocolSignature[]::new);
        this.tcpByPort = new AtomicReferenceArray<>(65536);
        this.udpByPort = new AtomicReferenceArray<>(65536);
    }

    private ProtocolSignature[] onPort(boolean overTcp, int port) {
        AtomicReferenceArray<ProtocolSignature[]> table = overTcp ? tcpByPort : udpByPort;
        ProtocolSignature[] found = table.get(port);
        if (found == null) {
            found = standardOn(overTcp ? tcp : udp, port);
            table.set(port, found);
        }
        return found;
    }

    private static ProtocolSignature[] standardOn(ProtocolSignature[] candidates, int port) {
        int n = 0;
        ProtocolSignature[] found = new ProtocolSignature[candidates.length];
        for (ProtocolSignature s : candidates) {
            if (s.standardPort(port)) found[n++] = s;
        }
        return n == 0 ? NONE : java.util.Arrays.copyOf(found, n);
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
        if (respPort >= 0 && respPort <= 0xFFFF) {
            for (ProtocolSignature s : onPort(overTcp, respPort)) {
                if (matches(s, fromOrig, buf, off, len, origPort, respPort)) return s;
            }
        }
        ProtocolSignature[] candidates = overTcp ? tcp : udp;
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
