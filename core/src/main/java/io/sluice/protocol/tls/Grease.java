package io.sluice.protocol.tls;

/** RFC 8701 GREASE values (0x0a0a, 0x1a1a, ... 0xfafa), which fingerprints ignore. */
public final class Grease {
    private Grease() {}

    public static boolean is(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }
}
