package io.sluice.packet.craft;

import static io.sluice.packet.craft.Bytes.concat;
import static io.sluice.packet.craft.Bytes.put16;
import static io.sluice.packet.craft.Bytes.put24;
import static io.sluice.packet.craft.Bytes.put32;

/** Tunnel headers: GRE (v0 and PPTP's v1), ERSPAN II/III, PPP, VXLAN, Geneve, Teredo. */
final class TunnelLayers {
    private TunnelLayers() {}

    static final class Gre extends Layer {
        final int version;
        boolean checksum;
        Long key;
        Long sequence;
        Long acknowledgement;
        /** PPTP: call id carried in the low half of the key field (v1). */
        int callId;

        Gre(int version) {
            this.version = version;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 47;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            boolean k = key != null || version == 1;
            int len = 4 + (checksum ? 4 : 0) + (k ? 4 : 0) + (sequence != null ? 4 : 0) + (acknowledgement != null ? 4 : 0);
            byte[] h = new byte[len];
            int flags = (checksum ? 0x8000 : 0) | (k ? 0x2000 : 0) | (sequence != null ? 0x1000 : 0)
                    | (acknowledgement != null ? 0x0080 : 0) | version;
            put16(h, 0, flags);
            int proto = version == 1 ? 0x880b : nextEtherType(f, index);
            put16(h, 2, proto);
            int o = 4 + (checksum ? 4 : 0);
            if (k) {
                if (version == 1) {
                    put16(h, o, inner.length);
                    put16(h, o + 2, callId);
                } else {
                    put32(h, o, key);
                }
                o += 4;
            }
            if (sequence != null) {
                put32(h, o, sequence);
                o += 4;
            }
            if (acknowledgement != null) {
                put32(h, o, acknowledgement);
            }
            byte[] out = concat(h, inner);
            if (checksum) {
                put16(out, 4, checksumOr(Bytes.checksum(out, 0, out.length)));
            }
            return out;
        }
    }

    /** A PPP frame header (address 0xff, control 0x03, protocol) as PPTP carries it in GRE v1. */
    static final class Ppp extends Layer {
        boolean compressAddressControl;

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int proto = LinkLayers.pppProtocol(nextEtherType(f, index));
            byte[] h = compressAddressControl ? new byte[2] : new byte[4];
            int o = 0;
            if (!compressAddressControl) {
                h[0] = (byte) 0xff;
                h[1] = 0x03;
                o = 2;
            }
            put16(h, o, proto);
            return concat(h, inner);
        }
    }

    static final class Erspan extends Layer {
        final int type; // 2 or 3
        final int session;
        int vlan;
        boolean platformSubheader;

        Erspan(int type, int session) {
            this.type = type;
            this.session = session;
        }

        @Override
        int etherType() {
            return type == 2 ? 0x88be : 0x22eb;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[type == 2 ? 8 : (platformSubheader ? 20 : 12)];
            put16(h, 0, ((type == 2 ? 1 : 2) << 12) | (vlan & 0xfff));
            put16(h, 2, session & 0x3ff);
            if (type == 3) {
                put32(h, 4, 0x12345678L); // timestamp
                if (platformSubheader) {
                    h[11] = 0x01; // O bit
                }
            }
            return concat(h, inner);
        }
    }

    static final class Vxlan extends Layer {
        final int vni;

        Vxlan(int vni) {
            this.vni = vni;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[8];
            h[0] = 0x08;
            put24(h, 4, vni);
            return concat(h, inner);
        }
    }

    static final class Geneve extends Layer {
        final int vni;
        byte[] options = new byte[0];

        Geneve(int vni) {
            this.vni = vni;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int optLen = (options.length + 3) & ~3;
            byte[] h = new byte[8 + optLen];
            h[0] = (byte) (optLen / 4);
            put16(h, 2, nextEtherType(f, index));
            put24(h, 4, vni);
            System.arraycopy(options, 0, h, 8, options.length);
            return concat(h, inner);
        }
    }

    /** Teredo authentication indicator (RFC 4380 5.1.1). */
    static final class TeredoAuth extends Layer {
        final byte[] clientId, auth;

        TeredoAuth(byte[] clientId, byte[] auth) {
            this.clientId = clientId;
            this.auth = auth;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[4 + clientId.length + auth.length + 9];
            put16(h, 0, 0x0001);
            h[2] = (byte) clientId.length;
            h[3] = (byte) auth.length;
            System.arraycopy(clientId, 0, h, 4, clientId.length);
            System.arraycopy(auth, 0, h, 4 + clientId.length, auth.length);
            return concat(h, inner);
        }
    }

    /** Teredo origin indication: port and IPv4 address, both obfuscated (bits inverted). */
    static final class TeredoOrigin extends Layer {
        final int port, ipv4;

        TeredoOrigin(int port, int ipv4) {
            this.port = port;
            this.ipv4 = ipv4;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[8];
            put16(h, 2, ~port & 0xffff);
            put32(h, 4, ~ipv4 & 0xffff_ffffL);
            return concat(h, inner);
        }
    }
}
