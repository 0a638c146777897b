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
     * Per port, the signatures whose standard port it is (registration order), or null: asked first,
     * since most traffic runs on its protocol's port and a match there wins anyway. Saves asking
     * every signature about every first payload.
     */
    private final ProtocolSignature[][] tcpByPort, udpByPort;

    public ProtocolRegistry(List<ProtocolSignature> signatures) {
        this.all = List.copyOf(signatures);
        this.tcp = all.stream().filter(ProtocolSignature::onTcp).toArray(ProtocolSignature[]::new);
        this.udp = all.stream().filter(ProtocolSignature::onUdp).toArray(ProtocolSignature[]::new);
        this.tcpByPort = byPort(tcp);
        this.udpByPort = byPort(udp);
    }

    private static ProtocolSignature[][] byPort(ProtocolSignature[] candidates) {
        var table = new ProtocolSignature[65536][];
        var found = new java.util.ArrayList<ProtocolSignature>(4);
        for (int port = 0; port < table.length; port++) {
            found.clear();
            for (ProtocolSignature s : candidates) {
                if (s.standardPort(port)) found.add(s);
            }
            if (!found.isEmpty()) table[port] = found.toArray(ProtocolSignature[]::new);
        }
        return table;
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
        ProtocolSignature[] onRespPort = respPort >= 0 && respPort <= 0xFFFF ? (overTcp ? tcpByPort : udpByPort)[respPort] : null;
        if (onRespPort != null) {
            for (ProtocolSignature s : onRespPort) {
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
