package io.sluice.packet.craft;

import static io.sluice.packet.craft.Bytes.concat;
import static io.sluice.packet.craft.Bytes.put16;
import static io.sluice.packet.craft.Bytes.put32;
import static io.sluice.packet.craft.Bytes.put48;

/** Link-layer headers: Ethernet, VLAN tags, MPLS, PPPoE, Linux cooked (SLL/SLL2), BSD NULL/LOOP. */
final class LinkLayers {
    private LinkLayers() {}

    static final class Ethernet extends Layer {
        final long src, dst;

        Ethernet(long src, long dst) {
            this.src = src;
            this.dst = dst;
        }

        @Override
        int etherType() {
            return 0x6558; // transparent Ethernet bridging, when carried by GRE or Geneve
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[14];
            put48(h, 0, dst);
            put48(h, 6, src);
            put16(h, 12, nextEtherType(f, index));
            return concat(h, inner);
        }
    }

    static final class Vlan extends Layer {
        final int tpid, id;
        int priority;

        Vlan(int tpid, int id) {
            this.tpid = tpid;
            this.id = id;
        }

        @Override
        int etherType() {
            return tpid;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[4];
            put16(h, 0, (priority << 13) | (id & 0xfff));
            put16(h, 2, nextEtherType(f, index));
            return concat(h, inner);
        }
    }

    static final class Mpls extends Layer {
        final int label;
        int ttl = 64;

        Mpls(int label) {
            this.label = label;
        }

        @Override
        int etherType() {
            return 0x8847;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 137; // MPLS-in-IP
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            boolean bottom = !(f.layerAt(index + 1) instanceof Mpls);
            byte[] h = new byte[4];
            put32(h, 0, ((long) (label & 0xfffff) << 12) | (bottom ? 0x100 : 0) | (ttl & 0xff));
            return concat(h, inner);
        }
    }

    /** The 4-byte pseudowire control word (RFC 4385) before an Ethernet frame carried in MPLS. */
    static final class ControlWord extends Layer {
        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            return concat(new byte[4], inner);
        }
    }

    static final class Pppoe extends Layer {
        final int session;

        Pppoe(int session) {
            this.session = session;
        }

        @Override
        int etherType() {
            return 0x8864;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[8];
            h[0] = 0x11;
            put16(h, 2, session);
            put16(h, 4, inner.length + 2);
            put16(h, 6, pppProtocol(nextEtherType(f, index)));
            return concat(h, inner);
        }
    }

    static int pppProtocol(int etherType) {
        return switch (etherType) {
            case 0x0800 -> 0x0021;
            case 0x86dd -> 0x0057;
            default -> etherType;
        };
    }

    static final class Sll extends Layer {
        int packetType; // 0 = to us, 4 = sent by us
        long addr = 0x0000_1122_3344_5566L;

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[16];
            put16(h, 0, packetType);
            put16(h, 2, 1); // ARPHRD_ETHER
            put16(h, 4, 6);
            put48(h, 6, addr);
            put16(h, 14, nextEtherType(f, index));
            return concat(h, inner);
        }
    }

    static final class Sll2 extends Layer {
        int packetType;
        int ifIndex = 2;
        long addr = 0x0000_1122_3344_5566L;

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[20];
            put16(h, 0, nextEtherType(f, index));
            put32(h, 4, ifIndex);
            put16(h, 8, 1);
            h[10] = (byte) packetType;
            h[11] = 6;
            put48(h, 12, addr);
            return concat(h, inner);
        }
    }

    /** BSD NULL (family in host byte order: little-endian here unless asked) or LOOP (big-endian). */
    static final class NullLoop extends Layer {
        final boolean bigEndian;
        int family = -1;

        NullLoop(boolean bigEndian) {
            this.bigEndian = bigEndian;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int fam = family;
            if (fam < 0) {
                fam = nextEtherType(f, index) == 0x86dd ? 30 : 2; // AF_INET6 as macOS numbers it
            }
            byte[] h = new byte[4];
            if (bigEndian) {
                put32(h, 0, fam);
            } else {
                h[0] = (byte) fam;
                h[1] = (byte) (fam >>> 8);
                h[2] = (byte) (fam >>> 16);
                h[3] = (byte) (fam >>> 24);
            }
            return concat(h, inner);
        }
    }

    /** No header at all (raw IP link types). */
    static final class Raw extends Layer {
        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            return inner;
        }
    }

    static final class Arp extends Layer {
        final int operation;
        final long senderMac, targetMac;
        final int senderIp, targetIp;

        Arp(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
            this.operation = operation;
            this.senderMac = senderMac;
            this.senderIp = senderIp;
            this.targetMac = targetMac;
            this.targetIp = targetIp;
        }

        @Override
        int etherType() {
            return 0x0806;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[28];
            put16(h, 0, 1);
            put16(h, 2, 0x0800);
            h[4] = 6;
            h[5] = 4;
            put16(h, 6, operation);
            put48(h, 8, senderMac);
            put32(h, 14, senderIp);
            put48(h, 18, targetMac);
            put32(h, 24, targetIp);
            return concat(h, inner);
        }
    }
}
