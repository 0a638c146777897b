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
