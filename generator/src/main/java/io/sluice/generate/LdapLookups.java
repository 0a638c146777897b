package io.sluice.generate;

import static io.sluice.packet.craft.BerBytes.*;
import static io.sluice.packet.craft.LdapMessages.*;

import io.sluice.packet.craft.KerberosMessages;
import io.sluice.packet.craft.SpnegoTokens;
import java.util.List;

/**
 * What a domain member asks its DC over LDAP (TCP 389) when it starts and applies Group Policy:
 * the rootDSE, read anonymously; a GSS-SPNEGO bind with a Kerberos ticket for ldap/dc; then,
 * signed but not sealed (Windows' default), its own computer object, the domain head's gPLink
 * and the policy object it links, each read with scope base as the Group Policy client does.
 */
final class LdapLookups {
    private final Timeline t;
    private final Host dc;
    private final String dcFqdn;
    private final String domainDn;

    LdapLookups(Timeline t, Host dc, String dcFqdn, String domainDn) {
        this.t = t;
        this.dc = dc;
        this.dcFqdn = dcFqdn;
        this.domainDn = domainDn;
    }

    long session(long at, Host client, String computer, String realm, String gpoGuid) {
        long rtt = 300_000 + t.random().nextInt(700_000);
        var c = new TcpConversation(t, client, 49_700 + t.random().nextInt(15_000), dc, 389, at, rtt).handshake();
        String domain = realm.toLowerCase();
        int id = 1;
        c.clientSends(search(id, "", 0, present("objectClass"), "defaultNamingContext", "dnsHostName",
                "supportedSASLMechanisms", "supportedCapabilities", "currentTime"));
        c.serverSends(concat(entry(id, "", List.of(
                attr("currentTime", "20260302090000.0Z"),
                attr("defaultNamingContext", domainDn),
                attr("dnsHostName", dcFqdn),
                attr("supportedCapabilities", "1.2.840.113556.1.4.800", "1.2.840.113556.1.4.1670",
                        "1.2.840.113556.1.4.1791", "1.2.840.113556.1.4.1935", "1.2.840.113556.1.4.2080"),
                attr("supportedSASLMechanisms", "GSSAPI", "GSS-SPNEGO", "EXTERNAL", "DIGEST-MD5"))),
                result(0x65, id, 0, "")));
        id++;
        byte[] ticket = KerberosMessages.ticket(realm, KerberosMessages.principal(2, "ldap", dcFqdn), 18, 5, random(1_100));
        byte[] token = SpnegoTokens.negTokenInit(SpnegoTokens.krb5ApReq(KerberosMessages.apReq(ticket, true, 18, random(170))),
                SpnegoTokens.MS_KRB5, SpnegoTokens.KRB5, SpnegoTokens.NTLMSSP);
        c.clientSends(saslBind(id, "GSS-SPNEGO", token));
        c.serverSends(bindResponse(id, 0, SpnegoTokens.negTokenResp(0, SpnegoTokens.MS_KRB5,
                SpnegoTokens.krb5ApRep(KerberosMessages.apRep(18, random(110))), null)));
        String computerDn = "CN=" + computer + ",CN=Computers," + domainDn;
        String gpoDn = "CN={" + gpoGuid + "},CN=Policies,CN=System," + domainDn;
        id++;
        c.clientSends(saslWrapped(search(id, domainDn, 2, and(eq("objectCategory", "computer"), eq("name", computer)),
                "distinguishedName", "dNSHostName", "userAccountControl", "operatingSystem")));
        c.serverSends(saslWrapped(concat(entry(id, computerDn, List.of(
                attr("distinguishedName", computerDn),
                attr("dNSHostName", computer.toLowerCase() + "." + domain),
                attr("userAccountControl", "4096"),
                attr("operatingSystem", "Windows 11 Enterprise"))), result(0x65, id, 0, ""))));
        id++;
        c.clientSends(saslWrapped(search(id, domainDn, 0, present("objectClass"), "gPLink", "gPOptions")));
        c.serverSends(saslWrapped(concat(entry(id, domainDn, List.of(
                attr("gPLink", "[LDAP://" + gpoDn + ";0]"), attr("gPOptions", "0"))), result(0x65, id, 0, ""))));
        id++;
        c.clientSends(saslWrapped(search(id, gpoDn, 0, present("objectClass"), "displayName", "gPCFileSysPath",
                "versionNumber", "flags")));
        c.serverSends(saslWrapped(concat(entry(id, gpoDn, List.of(
                attr("displayName", "Default Domain Policy"),
                attr("gPCFileSysPath", "\\\\" + domain + "\\sysvol\\" + domain + "\\Policies\\{" + gpoGuid + "}"),
                attr("versionNumber", "65539"), attr("flags", "0"))), result(0x65, id, 0, ""))));
        id++;
        c.clientSends(saslWrapped(unbind(id)));
        return c.close().now();
    }

    private static Attribute attr(String type, String... values) {
        return new Attribute(type, List.of(values));
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }
}
