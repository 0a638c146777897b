package io.sluice.protocol.ssh;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SSH on one connection, as Zeek's SSH analyzer and base/protocols/ssh/main.zeek see it: the
 * identification lines (banners) of both sides, the cleartext binary packets of the first key
 * exchange (KEXINIT algorithm lists, the server's host key in its key-exchange reply), NEWKEYS,
 * and after it Zeek's authentication guess from encrypted delivery sizes ({@link SshAuthHeuristic}).
 * The session is logged when authentication succeeds, else when the connection ends.
 *
 * <p>JA4SSH needs every TCP packet (sizes and bare ACKs), which a stream dissector does not see:
 * the stream layer calls {@link #onPacket} once per TCP packet of the connection, in capture order,
 * whether or not {@link #wantsMore()} is still true; each completed window becomes a
 * {@link Ja4SshFingerprint} (ja4ssh.log) and the first one is also written in ssh.log.
 *
 * <p>Bounds: a banner line is kept up to {@link #MAX_BANNER} bytes; at most
 * {@link #MAX_PRE_BANNER_LINES} other lines may precede it; a binary packet longer than
 * {@link #MAX_PACKET} (RFC 4253's 35000) ends parsing of that direction with a weird; only the
 * KEXINIT and key-exchange reply packets are buffered, nothing else.
 */
public final class SshDissector implements Dissector {
    static final int MAX_BANNER = 1024;
    static final int MAX_PRE_BANNER_LINES = 32;
    static final int MAX_PACKET = 35000;

    private static final int BANNER = 0, PACKETS = 1, ENCRYPTED = 2, STOPPED = 3;
    private static final int KEX_UNKNOWN = 0, KEX_DH = 1, KEX_GEX = 2, KEX_ECC = 3, KEX_GSS = 4, KEX_RSA = 5,
            KEX_OTHER = 6;
    private static final int MSG_KEXINIT = 20, MSG_NEWKEYS = 21;

    /** One direction's parsing state. */
    private static final class Side {
        final boolean fromOrig;
        int state = BANNER;
        byte[] line;
        int lineLen;
        boolean lineTooLong;
        int preBannerLines;
        String banner;
        final byte[] header = new byte[6];
        int headerLen;
        long remaining;
        int packetLength, padding, type;
        boolean keep;
        byte[] body;
        int bodyLen;
        SshKexInit kexInit;

        Side(boolean fromOrig) {
            this.fromOrig = fromOrig;
        }
    }

    private final Side client = new Side(true), server = new Side(false);
    private final SshAuthHeuristic heuristic = new SshAuthHeuristic();
    private final Ja4Ssh ja4 = new Ja4Ssh();
    private boolean session;
    private long sessionTs;
    private boolean logged;
    private boolean confirmed;
    private boolean ended;
    private int kexType = KEX_UNKNOWN;
    private String cipherAlg, macAlg, compressionAlg, kexAlg, hostKeyAlg;
    private String hostKeyFingerprint, hostKeyMd5;
    private Integer sshVersion;
    private Boolean authSuccess;
    private long authAttempts;
    private String firstJa4ssh;
    private boolean ja4Finished;

    public SshDissector() {}

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (ended || logged || length <= 0) return;
        Side side = fromOrig ? client : server;
        int i = offset, end = offset + length;
        while (i < end && !logged) {
            switch (side.state) {
                case BANNER -> i = bannerBytes(side, buf, i, end, ctx);
                case PACKETS -> i = packetBytes(side, buf, i, end, ctx);
                case ENCRYPTED -> {
                    encrypted(fromOrig, end - i, ctx);
                    i = end;
                }
                default -> i = end;
            }
        }
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        // Zeek stops SSH parsing after a content gap: the packet boundaries are lost
        client.state = STOPPED;
        server.state = STOPPED;
    }

    /**
     * One TCP packet of this connection, for JA4SSH: direction, TCP payload length and TCP flags.
     * Called by the stream layer for every packet, including pure ACKs and retransmissions.
     */
    @Override
    public void onPacket(boolean fromOrig, int payloadLength, boolean bareAck, DissectorContext ctx) {
        if (ja4Finished) return;
        String fp = ja4.packet(fromOrig, payloadLength, bareAck);
        if (fp != null) ja4ssh(fp, ctx);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (ended) return;
        ended = true;
        if (!ja4Finished) {
            ja4Finished = true;
            String fp = ja4.finish();
            if (fp != null) ja4ssh(fp, ctx);
        }
        if (session && !logged) log(ctx);
    }

    @Override
    public boolean wantsMore() {
        if (ended || logged) return false;
        return !(client.state == STOPPED && server.state == STOPPED);
    }

    // ---- banners ----

    private int bannerBytes(Side side, ByteBuffer buf, int i, int end, DissectorContext ctx) {
        int lf = i;
        while (lf < end && buf.get(lf) != '\n') lf++;
        int n = lf - i;
        if (n > 0 && !side.lineTooLong) {
            if (side.line == null) side.line = new byte[128];
            int room = MAX_BANNER - side.lineLen;
            if (n > room) {
                ctx.weird("SSH_banner_too_long", Integer.toString(MAX_BANNER));
                side.lineTooLong = true;
                n = room;
            }
            if (side.lineLen + n > side.line.length) {
                side.line = java.util.Arrays.copyOf(side.line, Math.min(MAX_BANNER, Math.max(side.line.length * 2, side.lineLen + n)));
            }
            buf.get(i, side.line, side.lineLen, n);
            side.lineLen += n;
        }
        if (lf == end) return end;
        int len = side.lineLen;
        if (len > 0 && side.line[len - 1] == '\r') len--;
        side.lineLen = 0;
        side.lineTooLong = false;
        if (len >= 4 && side.line[0] == 'S' && side.line[1] == 'S' && side.line[2] == 'H' && side.line[3] == '-') {
            banner(side, new String(side.line, 0, len, StandardCharsets.ISO_8859_1), ctx);
        } else if (++side.preBannerLines > MAX_PRE_BANNER_LINES || side.fromOrig) {
            // only a server may send other lines before its identification (RFC 4253 4.2)
            ctx.weird("malformed_ssh_identification", null);
            side.state = STOPPED;
        }
        return lf + 1;
    }

    private void banner(Side side, String banner, DissectorContext ctx) {
        side.banner = banner;
        side.line = null;
        if (!session) {
            session = true;
            sessionTs = ctx.tsNanos();
        }
        side.state = PACKETS;
        Side other = side.fromOrig ? server : client;
        if (other.banner != null) {
            Integer v = sshVersion = version(client.banner, server.banner, ctx);
            if (!confirmed) {
                confirmed = true;
                ctx.confirm("ssh");
            }
            if (v == null || v != 2) { // SSH1 framing is not parsed: banners are all Zeek logs of it
                client.state = STOPPED;
                server.state = STOPPED;
            }
        }
    }

    /** Zeek 8's set_version (ssh main.zeek): 1, 2, or unset with a weird. */
    static Integer version(String client, String server, DissectorContext ctx) {
        if (client == null || server == null || client.isEmpty() || server.isEmpty()) return null;
        if (client.length() <= 4 || server.length() <= 4) {
            if (ctx != null) ctx.weird("SSH_cannot_determine_version", server + " vs " + client);
            return null;
        }
        char c = client.charAt(4), s = server.charAt(4);
        boolean client199 = client.length() > 7 && client.charAt(6) == '9' && client.charAt(7) == '9';
        boolean server199 = server.length() > 7 && server.charAt(6) == '9' && server.charAt(7) == '9';
        if (c == '1' && s == '2' || c == '2' && s == '1') {
            if (c == '1' ? client199 : server199) return 2;
            if (ctx != null) ctx.weird("SSH_version_mismatch", server + " vs " + client);
            return null;
        }
        if (c == '1' && s == '1') return server199 && client199 ? 2 : 1;
        if (c == '2' && s == '2') return 2;
        return null;
    }

    // ---- binary packets before encryption ----

    private int packetBytes(Side side, ByteBuffer buf, int i, int end, DissectorContext ctx) {
        if (side.headerLen < 6) {
            int n = Math.min(6 - side.headerLen, end - i);
            buf.get(i, side.header, side.headerLen, n);
            side.headerLen += n;
            i += n;
            if (side.headerLen < 6) return i;
            byte[] h = side.header;
            long length = ((h[0] & 0xffL) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
            int padding = h[4] & 0xff;
            if (length < 2 || length > MAX_PACKET || padding > length - 2) {
                ctx.weird("SSH_invalid_packet_length", Long.toString(length));
                side.state = STOPPED;
                return end;
            }
            side.packetLength = (int) length;
            side.padding = padding;
            side.type = h[5] & 0xff;
            side.remaining = length - 2;
            side.keep = side.type == MSG_KEXINIT && side.kexInit == null
                    || !side.fromOrig && hostKeyFingerprint == null && isKexReply(side.type);
            side.bodyLen = 0;
        }
        int n = (int) Math.min(side.remaining, end - i);
        if (side.keep && n > 0) {
            if (side.body == null || side.body.length < side.packetLength) {
                side.body = new byte[Math.max(side.packetLength, 512)];
            }
            buf.get(i, side.body, side.bodyLen, n);
            side.bodyLen += n;
        }
        i += n;
        side.remaining -= n;
        if (side.remaining > 0) return i;
        side.headerLen = 0;
        packet(side, ctx);
        if (side.type == MSG_NEWKEYS) {
            side.state = ENCRYPTED;
            side.body = null;
            if (!confirmed) {
                confirmed = true;
                ctx.confirm("ssh");
            }
            if (end > i) encrypted(side.fromOrig, end - i, ctx); // rest of this delivery is encrypted
            return end;
        }
        return i;
    }

    private boolean isKexReply(int type) {
        return switch (kexType) {
            case KEX_DH, KEX_ECC -> type == 31;
            case KEX_GEX, KEX_GSS -> type == 33;
            case KEX_RSA -> type == 30;
            default -> false;
        };
    }

    private void packet(Side side, DissectorContext ctx) {
        if (!side.keep) return;
        int payload = side.packetLength - side.padding - 2; // after the type byte
        if (side.type == MSG_KEXINIT) {
            SshKexInit k = SshKexInit.parse(side.body, 0, payload);
            if (k == null) {
                ctx.weird("SSH_malformed_kexinit", null);
                return;
            }
            side.kexInit = k;
            if (client.kexInit != null && server.kexInit != null) negotiated(ctx);
        } else {
            hostKey(side.body, payload);
        }
    }

    /** Both KEXINITs seen: the algorithms in use, as Zeek's ssh_capabilities handler logs them. */
    private void negotiated(DissectorContext ctx) {
        SshKexInit c = client.kexInit, s = server.kexInit;
        cipherAlg = SshKexInit.negotiateBoth(c.encC2s(), s.encC2s(), c.encS2c(), s.encS2c());
        macAlg = SshKexInit.negotiateBoth(c.macC2s(), s.macC2s(), c.macS2c(), s.macS2c());
        compressionAlg = SshKexInit.negotiateBoth(c.compC2s(), s.compC2s(), c.compS2c(), s.compS2c());
        kexAlg = SshKexInit.negotiate(c.kex(), s.kex());
        hostKeyAlg = SshKexInit.negotiate(c.hostKey(), s.hostKey());
        kexType = kexType(kexAlg);
        if (kexType == KEX_OTHER) ctx.weird("ssh_unknown_kex_algorithm", kexAlg);
    }

    /** Which message carries the host key, by key-exchange method (Zeek's update_kex, extended). */
    static int kexType(String kex) {
        if (kex.equals(SshKexInit.NEGOTIATION_FAILED)) return KEX_UNKNOWN;
        if (kex.startsWith("diffie-hellman-group-exchange-")) return KEX_GEX;
        if (kex.startsWith("diffie-hellman-group")) return KEX_DH;
        if (kex.startsWith("ecdh-sha2-") || kex.equals("ecmqv-sha2") || kex.startsWith("curve25519-sha256")
                || kex.startsWith("curve448-sha512") || kex.startsWith("sntrup761x25519-")
                || kex.startsWith("mlkem768x25519-") || kex.startsWith("mlkem")) {
            return KEX_ECC;
        }
        if (kex.startsWith("gss-")) return KEX_GSS;
        if (kex.startsWith("rsa1024-sha1") || kex.startsWith("rsa2048-sha256")) return KEX_RSA;
        return KEX_OTHER;
    }

    /** The first string of a key-exchange reply is the server's host key (K_S). */
    private void hostKey(byte[] b, int payload) {
        if (payload < 4) return;
        long n = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (n == 0 || n > payload - 4) return;
        byte[] key = java.util.Arrays.copyOfRange(b, 4, 4 + (int) n);
        hostKeyFingerprint = "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(SshKexInit.digest("SHA-256", key));
        hostKeyMd5 = HexFormat.ofDelimiter(":").formatHex(SshKexInit.digest("MD5", key));
    }

    // ---- after NEWKEYS ----

    private void encrypted(boolean fromOrig, long len, DissectorContext ctx) {
        if (sshVersion == null || sshVersion != 2) return;
        int result = heuristic.encrypted(fromOrig, len);
        if (result == SshAuthHeuristic.NOTHING) return;
        authAttempted(result == SshAuthHeuristic.SUCCEEDED, ctx);
    }

    /** main.zeek's ssh_auth_attempted handlers. */
    private void authAttempted(boolean success, DissectorContext ctx) {
        if (!session || Boolean.TRUE.equals(authSuccess)) return;
        if ("zlib".equals(compressionAlg) || "zlib@openssh.com".equals(compressionAlg)) return;
        authSuccess = success;
        authAttempts++;
        if (success) {
            log(ctx);
            client.state = STOPPED; // Zeek detaches the analyzer once authentication succeeded
            server.state = STOPPED;
        }
    }

    private void ja4ssh(String fp, DissectorContext ctx) {
        if (firstJa4ssh == null) firstJa4ssh = fp;
        ctx.emit(new Ja4SshFingerprint(ctx.tsNanos(), ctx.uid(), ctx.id(), fp));
    }

    private void log(DissectorContext ctx) {
        logged = true;
        ConnId id = ctx.id();
        SshKexInit c = client.kexInit, s = server.kexInit;
        ctx.emit(new SshHandshake(sessionTs, ctx.uid(), id, sshVersion, authSuccess,
                authAttempts, direction(ctx), client.banner, server.banner, cipherAlg, macAlg, compressionAlg, kexAlg,
                hostKeyAlg, hostKeyFingerprint, hostKeyMd5,
                c == null ? null : SshKexInit.md5Hex(c.hasshAlgorithms()), c == null ? null : c.hasshAlgorithms(),
                s == null ? null : SshKexInit.md5Hex(s.hasshServerAlgorithms()),
                s == null ? null : s.hasshServerAlgorithms(), firstJa4ssh));
    }

    /** OUTBOUND when only the originator is local, INBOUND when only the responder is, else unset. */
    private static String direction(DissectorContext ctx) {
        boolean o = ctx.origIsLocal();
        boolean r = ctx.respIsLocal();
        return o == r ? null : o ? "OUTBOUND" : "INBOUND";
    }
}
