package io.sluice.generate;

import static io.sluice.packet.craft.KerberosMessages.*;

import io.sluice.packet.craft.KerberosMessages;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A Windows client's exchanges with its KDC (RFC 4120, MS-KILE): the AS exchange that first meets
 * KDC_ERR_PREAUTH_REQUIRED and then succeeds with an encrypted timestamp, and TGS exchanges for
 * service tickets and TGT renewal, all with AES (etypes 18 and 17 first, as Windows asks).
 * Small requests go over UDP, the rest over TCP with its four-byte length, one connection per
 * request as Windows does.
 */
final class KerberosExchanges {
    static final int AES256 = 18, AES128 = 17, RC4 = 23;
    private static final int[] ETYPES = {AES256, AES128, RC4, 24, -135};
    private static final byte[] AS_OPTIONS = {0x40, (byte) 0x81, 0x00, 0x10}; // forwardable, renewable, canonicalize
    private static final byte[] TGS_OPTIONS = {0x40, (byte) 0x81, 0x00, 0x00};
    private static final byte[] RENEW_OPTIONS = {0x40, (byte) 0x81, 0x00, 0x02}; // + renew
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Timeline t;
    private final Host kdc;
    private final String realm;

    KerberosExchanges(Timeline t, Host kdc, String realm) {
        this.t = t;
        this.kdc = kdc;
        this.realm = realm;
    }

    /** The AS exchange of {@code principal} (a user, or a machine account ending in $); returns when it ended. */
    long logon(long at, Host client, String principal, String netbiosName, boolean udp) {
        byte[] krbtgt = principal(2, "krbtgt", realm);
        byte[] cname = principal(1, principal);
        String till = "20370913024805Z";
        byte[] first = kdcReq(0x6a, 10, new byte[][] {padata(PA_PAC_REQUEST, PAC_REQUEST_TRUE)}, AS_OPTIONS, cname,
                realm, krbtgt, till, nonce(), netbiosName, ETYPES);
        String salt = principal.endsWith("$")
                ? realm + "host" + principal.substring(0, principal.length() - 1).toLowerCase() + "." + realm.toLowerCase()
                : realm + principal;
        byte[] methods = seq(padata(PA_ETYPE_INFO2, etypeInfo2(salt, AES256, AES128)), padata(PA_ENC_TIMESTAMP, new byte[0]),
                padata(16, new byte[0]), padata(15, new byte[0]));
        byte[] preauth = KerberosMessages.error(25, time(at), micros(at), realm, null, krbtgt, methods);
        byte[] timestamp = encData(AES256, -1, random(56));
        byte[] second = kdcReq(0x6a, 10, new byte[][] {padata(PA_ENC_TIMESTAMP, timestamp), padata(PA_PAC_REQUEST, PAC_REQUEST_TRUE)},
                AS_OPTIONS, cname, realm, krbtgt, till, nonce(), netbiosName, ETYPES);
        byte[] tgt = ticket(realm, krbtgt, AES256, 2, random(udp ? 980 : 1_150 + t.random().nextInt(300)));
        byte[] rep = kdcRep(0x6b, 11, seq(padata(PA_ETYPE_INFO2, etypeInfo2(salt, AES256))), realm, principal, tgt,
                encData(AES256, udp ? 8 : 5, random(300 + t.random().nextInt(40))));
        long rtt = 400_000 + t.random().nextInt(900_000);
        at = exchange(at, client, first, preauth, udp, rtt);
        return exchange(at + 2_000_000 + t.random().nextInt(3_000_000), client, second, rep, udp, rtt);
    }

    /** A TGS exchange for {@code service} (e.g. "cifs", "fs01.corp.example"), or a TGT renewal for "krbtgt". */
    long serviceTicket(long at, Host client, String principal, String... service) {
        boolean renewal = service[0].equals("krbtgt");
        byte[] sname = renewal ? principal(2, "krbtgt", realm) : principal(2, service);
        byte[] tgt = ticket(realm, principal(2, "krbtgt", realm), AES256, 2, random(1_100 + t.random().nextInt(200)));
        byte[] authenticator = random(160 + t.random().nextInt(40));
        byte[] apReq = apReq(tgt, false, AES256, authenticator);
        byte[] req = kdcReq(0x6c, 12, new byte[][] {padata(PA_TGS_REQ, apReq), padata(PA_PAC_OPTIONS, PAC_OPTIONS)},
                renewal ? RENEW_OPTIONS : TGS_OPTIONS, null, realm, sname, "20370913024805Z", nonce(), null, AES256, AES128, RC4, 24, -135);
        int kvno = renewal ? 2 : 3 + t.random().nextInt(8);
        byte[] ticket = ticket(realm, sname, AES256, kvno, random(1_050 + t.random().nextInt(250)));
        byte[] rep = kdcRep(0x6d, 13, null, realm, principal, ticket, encData(AES256, -1, random(280 + t.random().nextInt(40))));
        return exchange(at, client, req, rep, false, 500_000 + t.random().nextInt(1_500_000));
    }

    private long exchange(long at, Host client, byte[] request, byte[] reply, boolean udp, long rtt) {
        int port = 49_800 + t.random().nextInt(15_000);
        if (udp) {
            t.add(at, Frames.ip(client, kdc).udp(port, 88).payload(request).build());
            t.add(at + rtt, Frames.ip(kdc, client).udp(88, port).payload(reply).build());
            return at + rtt;
        }
        return new TcpConversation(t, client, port, kdc, 88, at, rtt).handshake()
                .clientSends(tcp(request)).serverSends(tcp(reply)).close().now();
    }

    private long nonce() {
        return t.random().nextLong(1L << 31);
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }

    private static String time(long nanos) {
        return GENERALIZED.format(Instant.ofEpochSecond(nanos / 1_000_000_000L));
    }

    private static int micros(long nanos) {
        return (int) (nanos / 1_000 % 1_000_000);
    }

    private static byte[] seq(byte[]... parts) {
        return io.sluice.packet.craft.BerBytes.seq(parts);
    }
}
