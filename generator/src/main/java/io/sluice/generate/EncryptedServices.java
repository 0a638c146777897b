package io.sluice.generate;

import io.sluice.generate.ClientHellos.Profile;
import io.sluice.generate.ClientHellos.Resumption;
import io.sluice.generate.TlsSession.Site;
import io.sluice.packet.craft.CertificateBytes.KeyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An office's encrypted traffic over a quarter of an hour: workstations (Chrome, Edge, Firefox,
 * Safari, Office's Schannel, curl) look names up and connect to web servers over TLS 1.2 (with
 * certificate chains) and TLS 1.3, resuming sessions on return visits, and over HTTP/3; admins use
 * SSH inside the LAN and to a server outside; help desk and admins use Remote Desktop inside the
 * LAN. Nothing in it is an attack: it is the encrypted half of an ordinary day, for `sluice demo`
 * (whose run also trains the JVM's ahead-of-time cache, so the TLS, X.509, SSH, QUIC and RDP
 * dissectors are profiled on varied, realistic input) and as quiet traffic for the analytics'
 * tests. Servers use the documentation ranges and names.
 */
public final class EncryptedServices implements Scenario {
    private static final long MS = 1_000_000L;
    private static final long SPAN = 15 * 60_000 * MS;
    private static final String GATEWAY_MAC = OfficeTraffic.GATEWAY_MAC;

    private final int clients;
    private final Host resolver = new Host("resolver", "10.10.0.53", "00:1b:21:0a:00:35");
    private final Host resolver6 = new Host("resolver", "2001:db8:10::53", "00:1b:21:0a:00:35");
    private final Host files = new Host("fileserver", "10.10.0.10", "00:1b:21:0a:00:10");
    private final Host build = new Host("build", "10.10.0.31", "00:1b:21:0a:00:31");
    private final Host terminal = new Host("ts01", "10.10.0.40", "00:1b:21:0a:00:40");
    private final Host vps = new Host("vps.example.net", "198.51.100.77", GATEWAY_MAC);

    /** The public web the office uses: which versions, keys, groups and protocols each server has. */
    private static final List<Site> SITES = List.of(
            site("www.example.com", true, KeyType.EC_P256, 0xc02b, 0x1301, TlsSession.MLKEM),
            site("mail.example.com", true, KeyType.RSA_2048, 0xc02f, 0x1301, TlsServerMessages.X25519),
            site("docs.example.org", true, KeyType.EC_P256, 0xcca9, 0x1303, TlsServerMessages.X25519),
            site("cdn.example.net", true, KeyType.EC_P256, 0xc02b, 0x1301, TlsSession.MLKEM),
            site("intranet-sso.example.com", true, KeyType.RSA_2048, 0xc030, 0x1302, TlsServerMessages.P256),
            site("shop.example.net", false, KeyType.RSA_2048, 0xc02f, 0x1301, TlsServerMessages.X25519),
            site("legacy-erp.example.org", false, KeyType.RSA_2048, 0xc030, 0x1302, TlsServerMessages.P256),
            site("api.example.com", true, KeyType.RSA_2048, 0xc02f, 0x1302, TlsServerMessages.X25519),
            site("news.example.org", false, KeyType.EC_P256, 0xc02c, 0x1301, TlsServerMessages.X25519),
            site("updates.example.net", true, KeyType.EC_P256, 0xc02b, 0x1301, TlsServerMessages.X25519));
    /** The sites that also serve HTTP/3. */
    private static final List<String> H3 = List.of("www.example.com", "cdn.example.net", "docs.example.org", "api.example.com");

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};

    /** A workstation and the client software it runs. */
    private record Workstation(Host host, Profile browser, String user) {}

    /** {@code clients} workstations; each browses, a few also use SSH or Remote Desktop. */
    public EncryptedServices(int clients) {
        if (clients < 1) throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        this.clients = clients;
    }

    /** The demo's size: a handful of workstations, a few thousand packets. */
    public EncryptedServices() {
        this(6);
    }

    public int clients() {
        return clients;
    }

    @Override
    public String name() {
        return "encrypted-services";
    }

    @Override
    public String description() {
        return "an office's encrypted traffic: TLS 1.2 with certificate chains and 1.3 with resumption, HTTP/3 over QUIC,"
                + " SSH sessions inside and out, Remote Desktop inside the LAN (" + clients + " workstations)";
    }

    @Override
    public void play(Timeline t) {
        SplittableRandom r = t.random();
        var pki = new CertificateChains(r.split(), t.start() / 1_000_000_000L);
        var ssh = Map.of(files, new SshSession.Server("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u5", SshSession.SSH_SERVER_DEBIAN, SshPackets.ed25519HostKey(r)),
                build, new SshSession.Server("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8", SshSession.SSH_SERVER_UBUNTU, SshPackets.ed25519HostKey(r)),
                vps, new SshSession.Server("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8", SshSession.SSH_SERVER_UBUNTU, SshPackets.ed25519HostKey(r)));
        var hosts = new ArrayList<String>();
        for (int i = 0; i < clients; i++) {
            Workstation w = workstation(i, r);
            hosts.add(w.host().ip());
            Map<String, Resumption> kept = new HashMap<>();
            long at = t.start() + r.nextLong(SPAN / 3);
            int visits = 3 + r.nextInt(5);
            for (int v = 0; v < visits; v++) {
                // return visits are common: a third of connections go back to a site seen before
                Site site = SITES.get(r.nextInt(SITES.size()));
                if (v > 0 && r.nextInt(3) == 0 && !kept.isEmpty()) {
                    var seen = SITES.stream().filter(s -> kept.containsKey(s.name())).toList();
                    site = seen.get(r.nextInt(seen.size()));
                }
                Host server = server(site.name(), w.host());
                at = lookup(t, r, at, w.host(), site.name(), server.ip());
                boolean quic = H3.contains(site.name()) && w.browser() != Profile.SCHANNEL && w.browser() != Profile.CURL
                        && r.nextInt(3) == 0;
                if (quic) {
                    at = new QuicSession(t, w.host(), ephemeral(r), server, at + MS, rtt(r)).play(w.browser(), site.name(), 1 + r.nextInt(6));
                } else {
                    var c = new TcpConversation(t, w.host(), ephemeral(r), server, 443, at + MS, rtt(r)).handshake();
                    kept.put(site.name(), TlsSession.play(c, r, w.browser(), site, pki, kept.get(site.name()), 1 + r.nextInt(5)));
                    at = c.now();
                }
                // people read for seconds to minutes between pages: spread widely, never a rhythm
                at += (long) (2_000 * Math.exp(r.nextDouble() * Math.log(150))) * MS;
            }
            boolean v4 = w.host().ip().indexOf(':') < 0; // the internal servers have IPv4 addresses only
            if (v4 && i % 5 == 1) { // an admin: SSH to the file server or the build host, now and then to the VPS
                Host target = r.nextBoolean() ? files : build;
                boolean putty = w.browser() == Profile.CHROME && r.nextBoolean();
                var client = new SshSession.Client(putty ? "SSH-2.0-PuTTY_Release_0.81" : "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.8",
                        putty ? SshSession.SSH_CLIENT_PUTTY : SshSession.SSH_CLIENT_OPENSSH);
                long start = t.start() + r.nextLong(SPAN / 2);
                SshSession.play(new TcpConversation(t, w.host(), ephemeral(r), target, 22, start, 1 * MS), r, client, ssh.get(target),
                        6 + r.nextInt(14));
                if (i % 10 == 1) {
                    long later = start + r.nextLong(SPAN / 3);
                    later = lookup(t, r, later, w.host(), vps.name(), vps.ip());
                    SshSession.play(new TcpConversation(t, w.host(), ephemeral(r), vps, 22, later + MS, rtt(r)), r, client, ssh.get(vps),
                            2 + r.nextInt(4));
                }
            }
            if (v4 && (i % 5 == 3 || clients == 1)) { // help desk or an admin on the terminal server
                long start = t.start() + r.nextLong(SPAN / 2);
                RdpConnection.play(new TcpConversation(t, w.host(), ephemeral(r), terminal, 3389, start, 1 * MS), r, w.user(),
                        "ts01.corp.example.com", pki, 20 + r.nextInt(90));
            }
        }
        t.label(new Label(name(), description(), List.of(), List.copyOf(hosts), t.start(), t.start() + SPAN));
    }

    private static Site site(String name, boolean tls13, KeyType key, int cipher12, int cipher13, int group) {
        return new Site(name, tls13, key, cipher12, cipher13, group, "h2", false);
    }

    private static Workstation workstation(int i, SplittableRandom r) {
        // the domain's desktops (one address, one machine), and now and then a laptop on IPv6 only
        Host host = i % 7 == 6
                ? new Host("laptop" + i, "2001:db8:10::" + Integer.toHexString(0x100 + i),
                        String.format(Locale.ROOT, "3c:52:82:%02x:%02x:%02x", 0x20 + (i >>> 16), (i >>> 8) & 0xff, i & 0xff))
                : WindowsDomain.workstationHost(i + 1);
        Profile[] browsers = {Profile.CHROME, Profile.CHROME, Profile.CHROME, Profile.FIREFOX, Profile.SAFARI, Profile.SCHANNEL, Profile.CURL};
        return new Workstation(host, browsers[r.nextInt(browsers.length)], USERS[i % USERS.length] + (i / USERS.length));
    }

    /** Each site's server, in the client's address family, at a fixed documentation address. */
    private static Host server(String name, Host client) {
        int n = Math.floorMod(name.hashCode(), 200) + 20;
        if (client.ip().indexOf(':') >= 0) return new Host(name, "2001:db8:443::" + Integer.toHexString(n), GATEWAY_MAC);
        return new Host(name, (n % 2 == 0 ? "203.0.113." : "192.0.2.") + n, GATEWAY_MAC);
    }

    /** A lookup of {@code name} answered with {@code address}; returns when the answer arrived. */
    private long lookup(Timeline t, SplittableRandom r, long at, Host client, String name, String address) {
        boolean v6 = address.indexOf(':') >= 0;
        Host dns = client.ip().indexOf(':') >= 0 ? resolver6 : resolver;
        int id = r.nextInt(0x10000), qtype = v6 ? DnsMessage.AAAA : DnsMessage.A, port = ephemeral(r);
        long rtt = (1 + r.nextInt(20)) * MS;
        t.add(at, Frames.ip(client, dns).udp(port, 53).payload(DnsMessage.query(id, name, qtype)).build());
        t.add(at + rtt, Frames.ip(dns, client).udp(53, port).payload(DnsMessage.response(id, name, qtype, DnsMessage.NOERROR,
                List.of(new DnsMessage.Answer(qtype, address, 300)))).build());
        return at + rtt;
    }

    private static int ephemeral(SplittableRandom r) {
        return 49152 + r.nextInt(16000);
    }

    private static long rtt(SplittableRandom r) {
        return (8 + r.nextInt(60)) * MS;
    }
}
