package io.sluice.generate;

import io.sluice.packet.craft.RpcStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small Windows domain's morning (CORP.EXAMPLE): workstations start, find their domain
 * controller through DNS, log the machine and then the user on with Kerberos, read their policy
 * over LDAP and from SYSVOL, name SIDs and locate a DC over RPC pipes, look an interface up through
 * the endpoint mapper and call it on its dynamic port, and work on the file server's shares. Some
 * file-server sessions authenticate with NTLM (a share mapped by address, an older client), the
 * rest with Kerberos; dialects range from SMB 2.1 to 3.1.1.
 *
 * <p>Ordinary by construction: user shares and SYSVOL/NETLOGON only (no administrative shares),
 * lookups and informational RPC calls only, AES Kerberos tickets for a few services per user, one
 * expected pre-authentication round per logon, and small documents written.
 */
public final class WindowsDomain implements Scenario {
    static final String REALM = "CORP.EXAMPLE", DNS_DOMAIN = "corp.example", NB_DOMAIN = "CORP";
    static final String DOMAIN_DN = "DC=corp,DC=example";
    static final String DOMAIN_SID = "S-1-5-21-3623811015-3361044348-30300820";
    static final String DOMAIN_GUID = "6e8c2d2a-5f1b-4f5e-9c43-1d7c0b2f8a11";
    static final String DEFAULT_POLICY = "31B2F340-016D-11D2-945F-00C04FB984F9";
    static final int LSASS_PORT = 49_668;
    private static final long SECOND = 1_000_000_000L, MINUTE = 60 * SECOND;

    private static final String[] USERS = {"alice.martin", "bob.nguyen", "carol.diaz", "dave.kowalski", "erin.okafor",
            "frank.silva", "grace.lee", "hiro.tanaka", "ines.moreau", "jamal.wright"};
    private static final String[] DOCUMENTS = {"Budget 2026.xlsx", "Quarterly report.docx", "Minutes 2026-02-27.docx",
            "Project plan.pptx", "Supplier list.xlsx", "Onboarding checklist.pdf"};

    private final Host dc = new Host("dc01", "10.10.0.5", "00:15:5d:0a:00:05");
    private final Host fs = new Host("fs01", "10.10.0.12", "00:15:5d:0a:00:0c");
    private final int workstations;

    /**
     * The demo's domain: eight workstations, so that the file server has the clients of one (with
     * four, smb.upload took it for a workstation when the demo's lateral movement pushed a file).
     */
    public WindowsDomain() {
        this(8);
    }

    public WindowsDomain(int workstations) {
        if (workstations < 1 || workstations > 4_000) throw new IllegalArgumentException("workstations: 1 to 4000");
        this.workstations = workstations;
    }

    /** A workstation of the domain and its user. */
    record Workstation(Host host, String name, String user, int rid) {}

    List<Workstation> workstations() {
        var out = new ArrayList<Workstation>();
        for (int i = 1; i <= workstations; i++) {
            String user = USERS[(i - 1) % USERS.length] + ((i - 1) / USERS.length == 0 ? "" : Integer.toString((i - 1) / USERS.length));
            out.add(new Workstation(workstationHost(i), String.format(Locale.ROOT, "WS%02d", i), user, 1_104 + i));
        }
        return out;
    }

    /**
     * The office's workstation {@code n} (from 1): WSnn at 10.10.1.(9 + n) onwards. Other scenarios
     * that play the same office's desktops take them from here, so one address is one machine.
     */
    static Host workstationHost(int n) {
        String ip = "10.10." + (1 + (n - 1) / 250) + "." + (10 + (n - 1) % 250);
        String mac = String.format(Locale.ROOT, "3c:52:82:%02x:%02x:%02x", 0x40 + n / 65_536, (n >> 8) & 0xff, n & 0xff);
        return new Host(String.format(Locale.ROOT, "ws%02d", n), ip, mac);
    }

    Host domainController() {
        return dc;
    }

    Host fileServer() {
        return fs;
    }

    @Override
    public String name() {
        return "windows-domain";
    }

    @Override
    public String description() {
        return "a Windows domain's morning: DNS SRV lookups, Kerberos logons and service tickets, LDAP policy reads, "
                + "SMB2/3 with NTLM and Kerberos to SYSVOL and user shares, DCE/RPC over pipes and the endpoint mapper";
    }

    @Override
    public void play(Timeline t) {
        long t0 = t.start();
        var krb = new KerberosExchanges(t, dc, REALM);
        var ldap = new LdapLookups(t, dc, "dc01." + DNS_DOMAIN, DOMAIN_DN);
        var rpc = new RpcOverTcp(t, dc);
        long end = t0;
        var hosts = new ArrayList<String>(List.of(dc.ip(), fs.ip()));
        int index = 0;
        for (Workstation w : workstations()) {
            hosts.add(w.host().ip());
            // boots spread over the first minutes, later ones staggered further in a big domain
            long boot = t0 + (workstations <= 10 ? index * 7 * SECOND : index * 300 * SECOND / workstations * 6)
                    + t.random().nextLong(5 * SECOND);
            end = Math.max(end, morning(t, w, boot, krb, ldap, rpc, index++));
        }
        t.label(new Label(name(), description(), List.of(), hosts, t0, end));
    }

    /** One workstation's morning; returns when its last exchange ended. */
    private long morning(Timeline t, Workstation w, long at, KerberosExchanges krb, LdapLookups ldap, RpcOverTcp rpc,
            int index) {
        Host ws = w.host();
        String machine = w.name() + "$";
        String fqdn = w.name().toLowerCase() + "." + DNS_DOMAIN;
        at = dns(t, at, ws, "_ldap._tcp.dc._msdcs." + DNS_DOMAIN, DnsMessage.SRV, "0 100 389 dc01." + DNS_DOMAIN);
        at = dns(t, at + jitter(t, 2), ws, "dc01." + DNS_DOMAIN, DnsMessage.A, dc.ip());

        // the computer logs on (small messages: UDP), then fetches tickets for the DC's LDAP and SMB
        at = krb.logon(at + jitter(t, 5), ws, machine, w.name(), true);
        at = krb.serviceTicket(at + jitter(t, 3), ws, machine, "ldap", "dc01." + DNS_DOMAIN);
        at = ldap.session(at + jitter(t, 3), ws, w.name(), REALM, DEFAULT_POLICY);
        at = krb.serviceTicket(at + jitter(t, 3), ws, machine, "cifs", "dc01." + DNS_DOMAIN);
        at = sysvol(t, at + jitter(t, 5), w, fqdn);

        // the endpoint mapper, then LSA on its dynamic port to name the local groups' members
        at = rpc.endpointLookup(at + jitter(t, 20), ws, RpcStubs.LSARPC, 0, 0, LSASS_PORT);
        at = rpc.calls(at + jitter(t, 1), ws, LSASS_PORT, RpcStubs.LSARPC, 0, 0, lsaCalls(t, w), NB_DOMAIN, machine,
                w.name(), "DC01", "dc01." + DNS_DOMAIN, DNS_DOMAIN);

        // the user signs in (TCP: the user's tickets carry a larger PAC) and opens a document
        long logon = at + 30 * SECOND + t.random().nextLong(60 * SECOND);
        at = krb.logon(logon, ws, w.user(), w.name(), false);
        at = krb.serviceTicket(at + jitter(t, 2), ws, w.user(), "cifs", "fs01." + DNS_DOMAIN);
        at = fileServer(t, at + jitter(t, 4), w, index);

        // mid-morning: the TGT is renewed and another document saved
        at = krb.serviceTicket(at + 20 * MINUTE + t.random().nextLong(10 * MINUTE), ws, w.user(), "krbtgt");
        at = krb.serviceTicket(at + jitter(t, 2), ws, w.user(), "host", "fs01." + DNS_DOMAIN);
        return at;
    }

    /** Group Policy from SYSVOL, the DC located through netlogon, SIDs named through lsarpc. */
    private long sysvol(Timeline t, long at, Workstation w, String fqdn) {
        var s = new SmbSession(t, w.host(), dc, "dc01." + DNS_DOMAIN, at, 300_000 + t.random().nextInt(500_000), 0x0311)
                .kerberos(REALM, "dc01." + DNS_DOMAIN);
        int ipc = s.tree("\\\\dc01." + DNS_DOMAIN + "\\IPC$", true);
        s.rpc(ipc, "netlogon", RpcStubs.NETLOGON, 1, 0, List.of(new SmbSession.Call(RpcStubs.DSR_GET_DC_NAME_EX2,
                RpcStubs.dsrGetDcNameEx2Request("\\\\" + w.name(), DNS_DOMAIN),
                RpcStubs.dsrGetDcNameEx2Response("\\\\dc01." + DNS_DOMAIN, "\\\\" + dc.ip(), DOMAIN_GUID, DNS_DOMAIN,
                        "Default-First-Site-Name"))), true);
        int sysvol = s.tree("\\\\dc01." + DNS_DOMAIN + "\\SYSVOL", false);
        String gpo = DNS_DOMAIN + "\\Policies\\{" + DEFAULT_POLICY + "}";
        long policyWritten = t.start() - 40L * 86_400 * SECOND;
        s.readFile(sysvol, gpo + "\\gpt.ini", 22, policyWritten);
        s.readFile(sysvol, gpo + "\\Machine\\Registry.pol", 2_796, policyWritten);
        s.readFile(sysvol, gpo + "\\Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf", 1_098 + t.random().nextInt(400),
                policyWritten);
        s.tree("\\\\dc01." + DNS_DOMAIN + "\\NETLOGON", false);
        return s.close();
    }

    private List<SmbSession.Call> lsaCalls(Timeline t, Workstation w) {
        byte[] handle = random(t, 16);
        var names = List.of(new RpcStubs.Name(2, "Domain Admins", 0), new RpcStubs.Name(2, "Domain Users", 0),
                new RpcStubs.Name(1, w.user(), 0));
        return List.of(
                new SmbSession.Call(RpcStubs.LSAR_OPEN_POLICY2, RpcStubs.openPolicy2Request("\\\\dc01." + DNS_DOMAIN),
                        RpcStubs.handleResponse(handle)),
                new SmbSession.Call(RpcStubs.LSAR_LOOKUP_SIDS, RpcStubs.lookupSidsRequest(handle,
                        List.of(DOMAIN_SID + "-512", DOMAIN_SID + "-513", DOMAIN_SID + "-" + w.rid())),
                        RpcStubs.lookupSidsResponse(List.of(new RpcStubs.Domain(NB_DOMAIN, DOMAIN_SID)), names)),
                new SmbSession.Call(RpcStubs.LSAR_CLOSE, RpcStubs.closeRequest(handle), RpcStubs.handleResponse(new byte[16])));
    }

    /**
     * The user's session on the file server: every third workstation maps the share by address,
     * so NTLM; dialects follow the client's age. Reads a document, saves notes, and the shell asks
     * the server about the share and the workstation service.
     */
    private long fileServer(Timeline t, long at, Workstation w, int index) {
        int dialect = switch (index % 5) {
            case 3 -> 0x0302;
            case 4 -> index % 10 == 4 ? 0x0210 : 0x0300;
            default -> 0x0311;
        };
        var s = new SmbSession(t, w.host(), fs, index % 3 == 2 ? fs.ip() : "fs01." + DNS_DOMAIN, at,
                200_000 + t.random().nextInt(400_000), dialect);
        if (index % 3 == 2) s.ntlm(NB_DOMAIN, w.user(), w.name(), "FS01", "fs01." + DNS_DOMAIN, DNS_DOMAIN);
        else s.kerberos(REALM, "fs01." + DNS_DOMAIN);
        String server = index % 3 == 2 ? fs.ip() : "fs01." + DNS_DOMAIN;
        int ipc = s.tree("\\\\" + server + "\\IPC$", true);
        s.rpc(ipc, "srvsvc", RpcStubs.SRVSVC, 3, 0, List.of(new SmbSession.Call(RpcStubs.NETR_SHARE_GET_INFO,
                RpcStubs.shareGetInfoRequest("\\\\" + server, "users"), RpcStubs.shareGetInfoResponse("users", 0, "User home folders"))),
                index % 2 == 0);
        s.rpc(ipc, "wkssvc", RpcStubs.WKSSVC, 1, 0, List.of(new SmbSession.Call(RpcStubs.NETR_WKSTA_GET_INFO,
                RpcStubs.wkstaGetInfoRequest("\\\\" + server), RpcStubs.wkstaGetInfoResponse("FS01", NB_DOMAIN, 10, 0))),
                index % 2 == 1);
        int users = s.tree("\\\\" + server + "\\users", false);
        String home = w.user() + "\\Documents\\";
        String doc = DOCUMENTS[(index + t.random().nextInt(DOCUMENTS.length)) % DOCUMENTS.length];
        s.readFile(users, home + doc, 18_000 + t.random().nextInt(140_000), t.start() - t.random().nextLong(30L * 86_400 * SECOND));
        s.idle(20 * SECOND + t.random().nextLong(40 * SECOND));
        s.writeFile(users, home + "Notes " + w.name() + ".txt", 600 + t.random().nextInt(6_000));
        s.readFile(users, home + "desktop.ini", 402, t.start() - 200L * 86_400 * SECOND);
        return s.close();
    }

    /** A lookup answered by the DC's DNS server; returns when the answer arrived. */
    private long dns(Timeline t, long at, Host client, String name, int qtype, String data) {
        int id = t.random().nextInt(65_536);
        int port = 50_000 + t.random().nextInt(15_000);
        long rtt = 200_000 + t.random().nextInt(800_000);
        t.add(at, Frames.ip(client, dc).udp(port, 53).payload(DnsMessage.query(id, name, qtype)).build());
        t.add(at + rtt, Frames.ip(dc, client).udp(53, port).payload(DnsMessage.response(id, name, qtype, DnsMessage.NOERROR,
                List.of(new DnsMessage.Answer(qtype, data, 600)))).build());
        return at + rtt;
    }

    /** Up to {@code seconds} of think time, never less than 50 ms. */
    private static long jitter(Timeline t, int seconds) {
        return 50_000_000L + t.random().nextLong(seconds * SECOND);
    }

    private static byte[] random(Timeline t, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }
}
