package io.sluice.packet.craft;

/**
 * One header of a crafted frame. Frames are serialised from the inside out: each layer wraps the
 * bytes of everything after it, so lengths and checksums are known when the header is written.
 */
abstract class Layer {
    /** When >= 0, the value written in this layer's "next protocol" field instead of the derived one. */
    int nextOverride = -1;
    /** When >= 0, the value written in this layer's checksum field instead of the computed one. */
    int checksumOverride = -1;

    /** The EtherType (or GRE / Geneve protocol type) that announces this layer; 0 when none. */
    int etherType() {
        return 0;
    }

    /** The IP protocol / IPv6 next-header number that announces this layer. */
    int ipProtocol(FrameBuilder f, int index) {
        return 253; // RFC 3692 experimentation: "some payload"
    }

    abstract byte[] wrap(FrameBuilder f, int index, byte[] inner);

    final int nextEtherType(FrameBuilder f, int index) {
        if (nextOverride >= 0) {
            return nextOverride;
        }
        Layer next = f.layerAt(index + 1);
        return next == null ? 0 : next.etherType();
    }

    final int nextIpProtocol(FrameBuilder f, int index) {
        if (nextOverride >= 0) {
            return nextOverride;
        }
        Layer next = f.layerAt(index + 1);
        return next == null ? 253 : next.ipProtocol(f, index + 1);
    }

    final int checksumOr(int computed) {
        return checksumOverride >= 0 ? checksumOverride : computed;
    }
}
