package io.sluice.generate;

import io.sluice.packet.craft.FrameBuilder;

/** Starts a frame between two hosts: Ethernet with their MACs, then IPv4 or IPv6 by address. */
final class Frames {
    private Frames() {}

    static FrameBuilder ip(Host src, Host dst) {
        var b = FrameBuilder.ethernet(src.mac(), dst.mac());
        return src.ip().indexOf(':') >= 0 ? b.ipv6(src.ip(), dst.ip()) : b.ipv4(src.ip(), dst.ip()).ttl(64);
    }
}
