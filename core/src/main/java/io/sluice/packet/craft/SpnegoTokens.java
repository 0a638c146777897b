package io.sluice.packet.craft;

import static io.sluice.packet.craft.BerBytes.*;

/**
 * SPNEGO tokens (RFC 4178) as SMB2 session setup and LDAP's GSS-SPNEGO bind carry them, with the
 * mechanisms Windows offers: MS Kerberos, Kerberos, NTLMSSP. Windows never sends a bare NTLMSSP or
 * Kerberos token there, so the builders for those messages are wrapped here.
 */
public final class SpnegoTokens {
    private SpnegoTokens() {}

    public static final byte[] SPNEGO = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    public static final byte[] NTLMSSP = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
    public static final byte[] MS_KRB5 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    public static final byte[] KRB5 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};

    /** A client's first token: the mechanisms it offers and the optimistic token of the first. */
    public static byte[] negTokenInit(byte[] mechToken, byte[]... mechs) {
        return tlv(0x60, SPNEGO, ctx(0, seq(ctx(0, seq(mechs)), ctx(2, tlv(0x04, mechToken)))));
    }

    /** The hint a server puts in its negotiate response (MS-SPNG 2.2.1: negTokenInit2). */
    public static byte[] serverHint(byte[]... mechs) {
        return tlv(0x60, SPNEGO, ctx(0, seq(ctx(0, seq(mechs)),
                ctx(3, seq(ctx(0, generalString("not_defined_in_RFC4178@please_ignore")))))));
    }

    /**
     * negState: 0 accept-completed, 1 accept-incomplete, 2 reject, below 0 absent (a client's
     * continuation). Null parts are left out.
     */
    public static byte[] negTokenResp(int negState, byte[] supportedMech, byte[] responseToken, byte[] mic) {
        return ctx(1, seq(negState < 0 ? new byte[0] : ctx(0, enumerated(negState)),
                supportedMech == null ? new byte[0] : ctx(1, supportedMech),
                responseToken == null ? new byte[0] : ctx(2, tlv(0x04, responseToken)),
                mic == null ? new byte[0] : ctx(3, tlv(0x04, mic))));
    }

    /** A Kerberos AP-REQ as a GSS-API initial context token (RFC 4121 4.1: TOK_ID 01 00). */
    public static byte[] krb5ApReq(byte[] apReq) {
        return tlv(0x60, KRB5, new byte[] {0x01, 0x00}, apReq);
    }

    /** The AP-REP a server returns for mutual authentication (TOK_ID 02 00). */
    public static byte[] krb5ApRep(byte[] apRep) {
        return tlv(0x60, KRB5, new byte[] {0x02, 0x00}, apRep);
    }
}
