package io.sluice.bench;

import static io.sluice.packet.craft.KerberosMessages.*;

import io.sluice.packet.craft.BerBytes;
import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.packet.craft.LdapMessages;
import io.sluice.packet.craft.LdapMessages.Attribute;
import io.sluice.packet.craft.NtlmMessages;
import io.sluice.packet.craft.RdpBytes;
import io.sluice.packet.craft.RpcStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The domain protocols other than SMB, built with core's crafting helpers as the traffic generator
 * plays them: DCE/RPC straight over TCP, the KDC exchanges over UDP and TCP, an LDAP lookup and an
 * RDP connection setup. Random bytes stand in for ciphertext; a fixed seed keeps them the same.
 */
final class WindowsConversations {
    private static final String REALM = "CORP.EXAMPLE";
    private static final long FILETIME_2026 = 134_168_000_000_000_000L;
    private static final int AES256 = 18, AES128 = 17, RC4 = 23;
    private static final int[] ETYPES = {AES256, AES128, RC4, 24, -135};
    private static final String TILL = "20370913024805Z";

    private WindowsConversations() {}

    /**
     * lsarpc on a dynamic port (MS-RPCE 2.1.1.1): a bind offering NDR, NDR64 and bind-time feature
     * negotiation with an NTLM NEGOTIATE, the bind_ack with the CHALLENGE, auth3 with the
     * AUTHENTICATE, then LsarOpenPolicy2, LsarLookupSids and LsarClose.
     */
    static List<Conversations.Chunk> dceRpc() {
        var r = new SplittableRandom(135);
        byte[] info = NtlmMessages.targetInfo("CORP", "corp.example", "DC01", "dc01.corp.example", FILETIME_2026);
        byte[] handle = random(r, 16);
        var c = new ArrayList<Conversations.Chunk>();
        Conversations.tcp(c, true, DceRpcPdus.bind(2, 0, RpcStubs.LSARPC, 0, 0, NtlmMessages.negotiate()));
        Conversations.tcp(c, false, DceRpcPdus.bindAck(2, 0x3c1d, "49668", NtlmMessages.challenge("CORP", info, random(r, 8))));
        Conversations.tcp(c, true, DceRpcPdus.auth3(2, NtlmMessages.authenticateV2("CORP", "alice", "WS042", info,
                "host/dc01.corp.example", FILETIME_2026, random(r, 56))));
        Conversations.tcp(c, true, DceRpcPdus.request(3, 0, RpcStubs.LSAR_OPEN_POLICY2, RpcStubs.openPolicy2Request("\\\\DC01"), 3));
        Conversations.tcp(c, false, DceRpcPdus.response(3, 0, RpcStubs.handleResponse(handle), 3));
        Conversations.tcp(c, true, DceRpcPdus.request(4, 0, RpcStubs.LSAR_LOOKUP_SIDS, RpcStubs.lookupSidsRequest(handle,
                List.of("S-1-5-21-1004336348-1177238915-682003330-1104", "S-1-5-21-1004336348-1177238915-682003330-512")), 3));
        Conversations.tcp(c, false, DceRpcPdus.response(4, 0, RpcStubs.lookupSidsResponse(
                List.of(new RpcStubs.Domain("CORP", "S-1-5-21-1004336348-1177238915-682003330")),
                List.of(new RpcStubs.Name(1, "alice", 0), new RpcStubs.Name(2, "Domain Admins", 0))), 3));
        Conversations.tcp(c, true, DceRpcPdus.request(5, 0, RpcStubs.LSAR_CLOSE, RpcStubs.closeRequest(handle), 3));
        Conversations.tcp(c, false, DceRpcPdus.response(5, 0, RpcStubs.handleResponse(new byte[16]), 3));
        return c;
    }

    /**
     * A user's logon over UDP 88 (RFC 4120 3.1, MS-KILE): the AS-REQ without pre-authentication,
     * KDC_ERR_PREAUTH_REQUIRED with the accepted methods, the AS-REQ with an encrypted timestamp and
     * the AS-REP with the TGT. Windows sends the second request from a fresh port; keeping both
     * exchanges on one flow measures two kerberos.log rows per conversation.
     */
    static List<Conversations.Chunk> kerberosUdp() {
        var r = new SplittableRandom(88);
        byte[] krbtgt = principal(2, "krbtgt", REALM);
        byte[] cname = principal(1, "alice");
        byte[] first = kdcReq(0x6a, 10, new byte[][] {padata(PA_PAC_REQUEST, PAC_REQUEST_TRUE)},
                FORWARDABLE_RENEWABLE_CANONICALIZE, cname, REALM, krbtgt, TILL, 0x1d2c3b4aL, "WS042", ETYPES);
        byte[] methods = BerBytes.seq(padata(PA_ETYPE_INFO2, etypeInfo2(REALM + "alice", AES256, AES128)),
                padata(PA_ENC_TIMESTAMP, new byte[0]), padata(16, new byte[0]), padata(15, new byte[0]));
        byte[] preauth = error(25, "20260302090000Z", 123_456, REALM, null, krbtgt, methods);
        byte[] second = kdcReq(0x6a, 10, new byte[][] {padata(PA_ENC_TIMESTAMP, encData(AES256, -1, random(r, 56))),
                padata(PA_PAC_REQUEST, PAC_REQUEST_TRUE)}, FORWARDABLE_RENEWABLE_CANONICALIZE, cname, REALM, krbtgt, TILL,
                0x2e3d4c5bL, "WS042", ETYPES);
        byte[] tgt = ticket(REALM, krbtgt, AES256, 2, random(r, 980));
        byte[] rep = kdcRep(0x6b, 11, BerBytes.seq(padata(PA_ETYPE_INFO2, etypeInfo2(REALM + "alice", AES256))), REALM,
                "alice", tgt, encData(AES256, 8, random(r, 320)));
        return List.of(new Conversations.Chunk(true, first), new Conversations.Chunk(false, preauth),
                new Conversations.Chunk(true, second), new Conversations.Chunk(false, rep));
    }

    /** A TGS exchange over TCP 88 with its four-byte record marks: the TGT in an AP-REQ, a ticket for cifs/fs01. */
    static List<Conversations.Chunk> kerberosTcp() {
        var r = new SplittableRandom(8888);
        byte[] krbtgt = principal(2, "krbtgt", REALM);
        byte[] sname = principal(2, "cifs", "fs01.corp.example");
        byte[] apReq = apReq(ticket(REALM, krbtgt, AES256, 2, random(r, 1_150)), false, AES256, random(r, 170));
        byte[] req = kdcReq(0x6c, 12, new byte[][] {padata(PA_TGS_REQ, apReq), padata(PA_PAC_OPTIONS, PAC_OPTIONS)},
                new byte[] {0x40, (byte) 0x81, 0x00, 0x00}, null, REALM, sname, TILL, 0x3f4e5d6cL, null, AES256, AES128, RC4, 24, -135);
        byte[] rep = kdcRep(0x6d, 13, null, REALM, "alice", ticket(REALM, sname, AES256, 5, random(r, 1_120)),
                encData(AES256, -1, random(r, 300)));
        var c = new ArrayList<Conversations.Chunk>();
        Conversations.tcp(c, true, tcp(req));
        Conversations.tcp(c, false, tcp(rep));
        return c;
    }

    /**
     * An application's directory lookup on 389 (RFC 4511): the rootDSE read anonymously, a simple
     * bind as its service account, a subtree search for users answered by three entries and the
     * done message, and unbind.
     */
    static List<Conversations.Chunk> ldap() {
        String base = "DC=corp,DC=example";
        var c = new ArrayList<Conversations.Chunk>();
        Conversations.tcp(c, true, LdapMessages.search(1, "", 0, LdapMessages.present("objectClass"),
                "defaultNamingContext", "dnsHostName", "supportedSASLMechanisms", "supportedLDAPVersion"));
        Conversations.tcp(c, false, DceRpcPdus.concat(LdapMessages.entry(1, "", List.of(
                attr("defaultNamingContext", base), attr("dnsHostName", "dc01.corp.example"),
                attr("supportedSASLMechanisms", "GSSAPI", "GSS-SPNEGO", "EXTERNAL", "DIGEST-MD5"),
                attr("supportedLDAPVersion", "3", "2"))), LdapMessages.result(0x65, 1, 0, "")));
        Conversations.tcp(c, true, LdapMessages.simpleBind(2, "CN=svc-wiki,OU=Service Accounts," + base, "Wiki!2026pass"));
        Conversations.tcp(c, false, LdapMessages.result(0x61, 2, 0, ""));
        Conversations.tcp(c, true, LdapMessages.search(3, "OU=Staff," + base, 2,
                LdapMessages.and(LdapMessages.eq("objectClass", "user"), LdapMessages.substring("sAMAccountName", "a", null, null)),
                "sAMAccountName", "displayName", "mail", "memberOf"));
        var entries = new ArrayList<byte[]>();
        for (String[] u : new String[][] {{"alice", "Alice Martin"}, {"amir", "Amir Haddad"}, {"anna", "Anna Kowalska"}}) {
            String dn = "CN=" + u[1] + ",OU=Staff," + base;
            entries.add(LdapMessages.entry(3, dn, List.of(attr("sAMAccountName", u[0]), attr("displayName", u[1]),
                    attr("mail", u[0] + "@corp.example"), attr("memberOf", "CN=Staff,OU=Groups," + base, "CN=VPN Users,OU=Groups," + base))));
        }
        entries.add(LdapMessages.result(0x65, 3, 0, ""));
        Conversations.tcp(c, false, DceRpcPdus.concat(entries.toArray(byte[][]::new)));
        Conversations.tcp(c, true, LdapMessages.unbind(4));
        return c;
    }

    /**
     * An RDP connection on 3389 ([MS-RDPBCGR] 1.3.1.1): the X.224 Connection Request with the
     * routing cookie and an RDP_NEG_REQ offering TLS and CredSSP, the Connection Confirm choosing
     * CredSSP, then the TLS handshake the dissector hands to its TLS dissector (the one of the tls
     * conversation).
     */
    static List<Conversations.Chunk> rdp() {
        var c = new ArrayList<Conversations.Chunk>();
        c.add(new Conversations.Chunk(true, RdpBytes.connectionRequest("alice", 1 | 2 | 8)));
        c.add(new Conversations.Chunk(false, RdpBytes.connectionConfirm(2, 2)));
        c.addAll(Conversations.of("tls"));
        return c;
    }

    private static Attribute attr(String type, String... values) {
        return new Attribute(type, List.of(values));
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
