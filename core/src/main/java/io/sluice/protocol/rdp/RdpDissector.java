package io.sluice.protocol.rdp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.tls.TlsDissector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RDP connection setup ([MS-RDPBCGR] 1.3.1.1), one rdp.log row per connection as Zeek writes it:
 * the X.224 Connection Request (routing cookie "mstshash=user", RDP_NEG_REQ), the Connection
 * Confirm (RDP_NEG_RSP or RDP_NEG_FAILURE) and, with standard RDP security, the MCS Connect
 * Initial (client core and network data: keyboard, build, client name, desktop, channels) and
 * Connect Response (GCC result, server security data: encryption method and level, certificate).
 *
 * <p>When the server selects TLS or CredSSP, the rest of both directions is TLS: the stream is
 * handed to a {@link TlsDissector}, so ssl.log and x509.log get the handshake as Zeek's RDP analyzer
 * forwards it to its SSL analyzer; {@code result} becomes "encrypted" as in Zeek's
 * {@code rdp_begin_encryption}. The row is written when the connection ends (Zeek also writes it
 * after {@code RDP::rdp_check_interval}, 10 s, with the same content).
 */
final class RdpDissector implements Dissector {
    static final int MAX_TPKT = 65535;

    private final byte[][] buf = {new byte[512], new byte[512]};
    private final int[] have = new int[2];
    private boolean done, confirmed, sawCr, sawClientData, sawServerData;
    private TlsDissector tls;
    private long ts;
    private boolean started;

    // the row (Zeek's c$rdp)
    private String cookie, result, securityProtocol, keyboardLayout, clientBuild, clientName, digProductId;
    private String requestedColorDepth, certType, encryptionLevel, encryptionMethod;
    private List<String> channels, requested;
    private Long width, height;
    private long certCount;
    private Boolean certPermanent;

    @Override
    public void onData(boolean fromOrig, ByteBuffer b, int offset, int length, DissectorContext ctx) {
        if (tls != null) {
            tls.onData(fromOrig, b, offset, length, ctx);
            return;
        }
        if (done || length <= 0) return;
        int d = fromOrig ? 0 : 1;
        int p = offset, end = offset + length;
        while (p < end && !done && tls == null) {
            if (have[d] == 0 && b.get(p) != 0x03) {
                // not TPKT: fast-path input/output or something else; setup is over for us
                done = true;
                return;
            }
            if (have[d] < 4) {
                buf[d][have[d]++] = b.get(p++);
                continue;
            }
            int len = ((buf[d][2] & 0xff) << 8) | (buf[d][3] & 0xff);
            if (len < 7) {
                ctx.weird("rdp_bad_tpkt_length", Integer.toString(len));
                done = true;
                return;
            }
            if (buf[d].length < len) buf[d] = java.util.Arrays.copyOf(buf[d], len);
            int n = Math.min(end - p, len - have[d]);
            b.get(p, buf[d], have[d], n);
            have[d] += n;
            p += n;
            if (have[d] == len) {
                have[d] = 0;
                tpkt(fromOrig, buf[d], len, ctx);
            }
        }
        if (tls != null && p < end) tls.onData(fromOrig, b, p, end - p, ctx);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (tls != null) tls.onGap(fromOrig, bytes, ctx);
        else done = true;
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        // Zeek's write_log: only sessions that showed RDP content
        if (started && (cookie != null || keyboardLayout != null || result != null)) {
            ctx.emit(new RdpSession(ts, ctx.uid(), ctx.id(), cookie, result, securityProtocol, channels, keyboardLayout,
                    clientBuild, clientName, digProductId, width, height, requestedColorDepth, certType, certCount,
                    certPermanent, encryptionLevel, encryptionMethod, requested));
        }
        started = false;
        if (tls != null) tls.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        if (tls != null) return tls.wantsMore();
        return !done && !(sawClientData && sawServerData);
    }

    private void start(DissectorContext ctx) {
        if (!started) {
            started = true;
            ts = ctx.tsNanos();
        }
    }

    /** One TPKT (RFC 1006): version 3, reserved, length; then an X.224 TPDU. */
    private void tpkt(boolean fromOrig, byte[] t, int len, DissectorContext ctx) {
        int li = t[4] & 0xff;
        if (li + 5 > len) {
            ctx.weird("rdp_bad_x224_length", Integer.toString(li));
            done = true;
            return;
        }
        int code = t[5] & 0xf0;
        if (fromOrig && code == 0xe0 && li >= 6) {
            connectionRequest(t, 11, len, ctx);
        } else if (!fromOrig && code == 0xd0 && li >= 6) {
            connectionConfirm(t, 11, len, ctx);
        } else if (code == 0xf0 && len > 8 && (t[7] & 0xff) == 0x7f) {
            int kind = t[8] & 0xff;
            if (fromOrig && kind == 0x65) clientData(t, 9, len, ctx);
            else if (!fromOrig && kind == 0x66) serverData(t, 9, len, ctx);
        }
    }

    private void connectionRequest(byte[] t, int p, int end, DissectorContext ctx) {
        if (sawCr) return;
        sawCr = true;
        start(ctx);
        confirm(ctx);
        int crlf = -1;
        if (end - p >= 8 && startsWith(t, p, end, "Cookie: ")) {
            for (int i = p; i + 1 < end; i++) {
                if (t[i] == '\r' && t[i + 1] == '\n') {
                    crlf = i;
                    break;
                }
            }
            int v = p + 8;
            if (startsWith(t, v, end, "mstshash=")) v += 9;
            int stop = crlf < 0 ? end : crlf;
            cookie = new String(t, v, stop - v, StandardCharsets.ISO_8859_1);
            p = crlf < 0 ? end : crlf + 2;
        }
        if (end - p >= 8 && t[p] == 0x01) requested = RdpCodes.requestedProtocols(le32(t, p + 4));
    }

    private void connectionConfirm(byte[] t, int p, int end, DissectorContext ctx) {
        start(ctx);
        confirm(ctx);
        if (end - p < 8) return;
        if (t[p] == 0x02) {
            long selected = le32(t, p + 4);
            securityProtocol = RdpCodes.securityProtocol(selected);
            if (selected != 0) {
                // rdp_begin_encryption: TLS (or CredSSP inside TLS) from the next byte on, both ways
                if (result == null) result = "encrypted";
                tls = new TlsDissector();
            }
        } else if (t[p] == 0x03) {
            result = RdpCodes.failureCode(le32(t, p + 4));
            done = true;
        }
    }

    /** MCS Connect-Initial: the GCC Conference Create Request's user data follows the H.221 key "Duca". */
    private void clientData(byte[] t, int p, int end, DissectorContext ctx) {
        int k = find(t, p, end, 'D', 'u', 'c', 'a');
        if (k < 0) return;
        start(ctx);
        sawClientData = true;
        int q = afterPerLength(t, k + 4, end);
        while (q >= 0 && end - q >= 4) {
            int type = le16(t, q), blen = le16(t, q + 2);
            if (blen < 4 || blen > end - q) break;
            if (type == 0xc001) clientCore(t, q, q + blen);
            else if (type == 0xc003) clientNetwork(t, q, q + blen, ctx);
            q += blen;
        }
    }

    private void clientCore(byte[] t, int q, int end) {
        if (end - q < 24) return;
        width = (long) le16(t, q + 8);
        height = (long) le16(t, q + 10);
        keyboardLayout = RdpCodes.keyboardLayout(le32(t, q + 16));
        clientBuild = RdpCodes.build(le32(t, q + 20));
        if (end - q >= 56) clientName = utf16z(t, q + 24, 32);
        if (end - q >= 142) requestedColorDepth = RdpCodes.highColorDepth(le16(t, q + 140));
        if (end - q >= 146 && (le16(t, q + 144) & 0x0002) != 0) requestedColorDepth = "32bit";
        if (end - q >= 210) digProductId = utf16z(t, q + 146, 64);
    }

    private void clientNetwork(byte[] t, int q, int end, DissectorContext ctx) {
        if (end - q < 8) return;
        long count = le32(t, q + 4);
        if (count > 31) ctx.weird("RDP_channels_requested_exceeds_max", Long.toString(count));
        var names = new ArrayList<String>();
        for (int i = 0, c = q + 8; i < count && end - c >= 12; i++, c += 12) {
            int n = 0;
            while (n < 8 && t[c + n] != 0) n++;
            names.add(new String(t, c, n, StandardCharsets.ISO_8859_1));
        }
        channels = names;
    }

    /** MCS Connect-Response: GCC Conference Create Response, its user data after the key "McDn". */
    private void serverData(byte[] t, int p, int end, DissectorContext ctx) {
        int k = find(t, p, end, 'M', 'c', 'D', 'n');
        if (k < 0 || k - 4 < p) return;
        start(ctx);
        sawServerData = true;
        // ...nodeID, tag, result (PER enumerated), number of user data sets (1), choice, h221 key length, "McDn"
        result = RdpCodes.gccResult(t[k - 4] & 0xff);
        int q = afterPerLength(t, k + 4, end);
        while (q >= 0 && end - q >= 4) {
            int type = le16(t, q), blen = le16(t, q + 2);
            if (blen < 4 || blen > end - q) break;
            if (type == 0x0c02) serverSecurity(t, q, q + blen);
            q += blen;
        }
    }

    private void serverSecurity(byte[] t, int q, int end) {
        if (end - q < 12) return;
        encryptionMethod = RdpCodes.encryptionMethod(le32(t, q + 4));
        encryptionLevel = RdpCodes.encryptionLevel(le32(t, q + 8));
        if (end - q < 20) return;
        long randomLen = le32(t, q + 12), certLen = le32(t, q + 16);
        long c = q + 20 + randomLen;
        if (certLen < 4 || c + 4 > end) return;
        int ci = (int) c;
        long version = le32(t, ci);
        long type = version & 0x7fffffffL;
        certType = RdpCodes.certType(type);
        certPermanent = (version & 0x80000000L) == 0;
        if (type == 1) certCount++;
        else if (type == 2 && ci + 8 <= end) certCount += Math.min(le32(t, ci + 4), 16);
    }

    private void confirm(DissectorContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("rdp");
        }
    }

    /** A PER length (X.691 10.9, as T.124 uses it): one byte, or two with the top bit set. */
    private static int afterPerLength(byte[] t, int p, int end) {
        if (p >= end) return -1;
        return (t[p] & 0x80) != 0 ? p + 2 : p + 1;
    }

    private static int find(byte[] t, int p, int end, char a, char b, char c, char d) {
        for (int i = p; i + 4 <= end; i++) {
            if (t[i] == a && t[i + 1] == b && t[i + 2] == c && t[i + 3] == d) return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] t, int p, int end, String s) {
        if (end - p < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (t[p + i] != s.charAt(i)) return false;
        return true;
    }

    /** UTF-16LE text of at most {@code max} bytes, up to its first NUL. */
    private static String utf16z(byte[] t, int p, int max) {
        int n = 0;
        while (n + 1 < max && (t[p + n] != 0 || t[p + n + 1] != 0)) n += 2;
        return new String(t, p, n, StandardCharsets.UTF_16LE);
    }

    private static int le16(byte[] t, int p) {
        return (t[p] & 0xff) | (t[p + 1] & 0xff) << 8;
    }

    private static long le32(byte[] t, int p) {
        return (t[p] & 0xffL) | (t[p + 1] & 0xffL) << 8 | (t[p + 2] & 0xffL) << 16 | (t[p + 3] & 0xffL) << 24;
    }
}
