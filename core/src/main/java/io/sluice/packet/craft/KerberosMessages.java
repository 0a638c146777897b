package io.sluice.packet.craft;

import static io.sluice.packet.craft.BerBytes.*;

import java.nio.charset.StandardCharsets;

/** Kerberos messages (RFC 4120 section 5) built for tests and the traffic generator. */
public final class KerberosMessages {
    private KerberosMessages() {}

    public static final byte[] FORWARDABLE_RENEWABLE_CANONICALIZE = {0x40, (byte) 0x81, 0x00, 0x10};

    public static byte[] principal(int type, String... parts) {
        byte[][] names = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) names[i] = generalString(parts[i]);
        return seq(ctx(0, integer(type)), ctx(1, seq(names)));
    }

    public static byte[] time(String generalized) {
        return tlv(0x18, generalized.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] encData(int etype) {
        return seq(ctx(0, integer(etype)), ctx(1, integer(2)), ctx(2, tlv(0x04, new byte[24])));
    }

    public static byte[] asReq(String user, String realm, byte[] options, int... etypes) {
        return kdcReq(0x6a, 10, principal(1, user), realm, principal(2, "krbtgt", realm), options, etypes);
    }

    public static byte[] tgsReq(String realm, byte[] sname, int... etypes) {
        return kdcReq(0x6c, 12, null, realm, sname, FORWARDABLE_RENEWABLE_CANONICALIZE, etypes);
    }

    public static byte[] kdcReq(int app, int type, byte[] cname, String realm, byte[] sname, byte[] options, int... etypes) {
        byte[][] et = new byte[etypes.length][];
        for (int i = 0; i < etypes.length; i++) et[i] = integer(etypes[i]);
        byte[] opts = new byte[options.length + 1];
        System.arraycopy(options, 0, opts, 1, options.length);
        byte[] body = seq(
                ctx(0, tlv(0x03, opts)),
                cname == null ? new byte[0] : ctx(1, cname),
                ctx(2, generalString(realm)),
                ctx(3, sname),
                ctx(5, time("20370913024805Z")),
                ctx(7, integer(123456789)),
                ctx(8, seq(et)));
        byte[] padata = ctx(3, seq(seq(ctx(1, integer(128)), ctx(2, tlv(0x04, new byte[] {0x30, 0x05, (byte) 0xa0, 0x03, 0x01, 0x01, (byte) 0xff})))));
        return tlv(app, seq(ctx(1, integer(5)), ctx(2, integer(type)), padata, ctx(4, body)));
    }

    public static byte[] kdcRep(int app, int type, String user, String realm, byte[] sname, int ticketEtype, int replyEtype) {
        byte[] ticket = tlv(0x61, seq(ctx(0, integer(5)), ctx(1, generalString(realm)), ctx(2, sname), ctx(3, encData(ticketEtype))));
        return tlv(app, seq(ctx(0, integer(5)), ctx(1, integer(type)), ctx(3, generalString(realm)),
                ctx(4, principal(1, user)), ctx(5, ticket), ctx(6, encData(replyEtype))));
    }

    public static byte[] asRep(String user, String realm, int ticketEtype, int replyEtype) {
        return kdcRep(0x6b, 11, user, realm, principal(2, "krbtgt", realm), ticketEtype, replyEtype);
    }

    public static byte[] error(int code, String realm, byte[] sname, String cname, String eText) {
        return tlv(0x7e, seq(ctx(0, integer(5)), ctx(1, integer(30)), ctx(4, time("20261128090000Z")), ctx(5, integer(7)),
                ctx(6, integer(code)), cname == null ? new byte[0] : ctx(7, generalString(realm)),
                cname == null ? new byte[0] : ctx(8, principal(1, cname)), ctx(9, generalString(realm)), ctx(10, sname),
                eText == null ? new byte[0] : ctx(11, generalString(eText))));
    }

    /** EncryptedData (RFC 4120 5.2.9); {@code kvno} below 0 leaves the key version out. */
    public static byte[] encData(int etype, int kvno, byte[] cipher) {
        return seq(ctx(0, integer(etype)), kvno < 0 ? new byte[0] : ctx(1, integer(kvno)), ctx(2, tlv(0x04, cipher)));
    }

    public static byte[] ticket(String realm, byte[] sname, int etype, int kvno, byte[] cipher) {
        return tlv(0x61, seq(ctx(0, integer(5)), ctx(1, generalString(realm)), ctx(2, sname), ctx(3, encData(etype, kvno, cipher))));
    }

    /** An AP-REQ (RFC 4120 5.5.1) presenting {@code ticket}; the authenticator is encrypted with the session key. */
    public static byte[] apReq(byte[] ticket, boolean mutual, int etype, byte[] authenticator) {
        byte[] options = {0x00, (byte) (mutual ? 0x20 : 0x00), 0x00, 0x00, 0x00};
        return tlv(0x6e, seq(ctx(0, integer(5)), ctx(1, integer(14)), ctx(2, tlv(0x03, options)), ctx(3, ticket),
                ctx(4, encData(etype, -1, authenticator))));
    }

    public static byte[] apRep(int etype, byte[] encPart) {
        return tlv(0x6f, seq(ctx(0, integer(5)), ctx(1, integer(15)), ctx(2, encData(etype, -1, encPart))));
    }

    /** One PA-DATA (RFC 4120 5.2.7). */
    public static byte[] padata(int type, byte[] value) {
        return seq(ctx(1, integer(type)), ctx(2, tlv(0x04, value)));
    }

    public static final int PA_TGS_REQ = 1, PA_ENC_TIMESTAMP = 2, PA_ETYPE_INFO2 = 19, PA_PAC_REQUEST = 128,
            PA_PAC_OPTIONS = 167;

    /** KERB-PA-PAC-REQUEST (MS-KILE 2.2.3): include the PAC. */
    public static final byte[] PAC_REQUEST_TRUE = {0x30, 0x05, (byte) 0xa0, 0x03, 0x01, 0x01, (byte) 0xff};
    /** PA-PAC-OPTIONS (MS-KILE 2.2.10): claims and resource-based constrained delegation supported. */
    public static final byte[] PAC_OPTIONS = {0x30, 0x09, (byte) 0xa0, 0x07, 0x03, 0x05, 0x00, 0x50, 0x00, 0x00, 0x00};

    /**
     * A KDC-REQ (RFC 4120 5.4.1) with the body fields Windows fills: options, client (AS only),
     * realm, service, till and renew-till, nonce, etypes in preference order, and the client's
     * NetBIOS address (AS only) when {@code netbiosName} is not null.
     */
    public static byte[] kdcReq(int app, int type, byte[][] padata, byte[] options, byte[] cname, String realm,
            byte[] sname, String till, long nonce, String netbiosName, int... etypes) {
        byte[][] et = new byte[etypes.length][];
        for (int i = 0; i < etypes.length; i++) et[i] = integer(etypes[i]);
        byte[] opts = new byte[options.length + 1];
        System.arraycopy(options, 0, opts, 1, options.length);
        byte[] addresses = new byte[0];
        if (netbiosName != null) {
            byte[] nb = String.format("%-16s", netbiosName.toUpperCase(java.util.Locale.ROOT))
                    .getBytes(StandardCharsets.US_ASCII);
            addresses = ctx(9, seq(seq(ctx(0, integer(20)), ctx(1, tlv(0x04, nb)))));
        }
        byte[] body = seq(
                ctx(0, tlv(0x03, opts)),
                cname == null ? new byte[0] : ctx(1, cname),
                ctx(2, generalString(realm)),
                ctx(3, sname),
                ctx(5, time(till)),
                type == 10 ? ctx(6, time(till)) : new byte[0],
                ctx(7, integer(nonce)),
                ctx(8, seq(et)),
                addresses);
        return tlv(app, seq(ctx(1, integer(5)), ctx(2, integer(type)), ctx(3, seq(padata)), ctx(4, body)));
    }

    /** A KDC-REP (RFC 4120 5.4.2): AS-REP (0x6b, 11) or TGS-REP (0x6d, 13). {@code padata} may be null. */
    public static byte[] kdcRep(int app, int type, byte[] padata, String crealm, String user, byte[] ticket,
            byte[] encPart) {
        return tlv(app, seq(ctx(0, integer(5)), ctx(1, integer(type)), padata == null ? new byte[0] : ctx(2, padata),
                ctx(3, generalString(crealm)), ctx(4, principal(1, user)), ctx(5, ticket), ctx(6, encPart)));
    }

    /** ETYPE-INFO2 for AES with the salt Windows uses for a user (REALMuser). */
    public static byte[] etypeInfo2(String salt, int... etypes) {
        byte[][] entries = new byte[etypes.length][];
        for (int i = 0; i < etypes.length; i++) entries[i] = seq(ctx(0, integer(etypes[i])), ctx(1, generalString(salt)));
        return seq(entries);
    }

    /** A KRB-ERROR with server time and, for PREAUTH_REQUIRED, the METHOD-DATA of accepted pre-authentication. */
    public static byte[] error(int code, String stime, int susec, String realm, String cname, byte[] sname,
            byte[] eData) {
        return tlv(0x7e, seq(ctx(0, integer(5)), ctx(1, integer(30)), ctx(4, time(stime)), ctx(5, integer(susec)),
                ctx(6, integer(code)), cname == null ? new byte[0] : ctx(7, generalString(realm)),
                cname == null ? new byte[0] : ctx(8, principal(1, cname)), ctx(9, generalString(realm)), ctx(10, sname),
                eData == null ? new byte[0] : ctx(12, tlv(0x04, eData))));
    }

    /** The TCP form: a four-byte length, then the message. */
    public static byte[] tcp(byte[] message) {
        byte[] out = new byte[message.length + 4];
        out[0] = (byte) (message.length >>> 24);
        out[1] = (byte) (message.length >>> 16);
        out[2] = (byte) (message.length >>> 8);
        out[3] = (byte) message.length;
        System.arraycopy(message, 0, out, 4, message.length);
        return out;
    }
}
