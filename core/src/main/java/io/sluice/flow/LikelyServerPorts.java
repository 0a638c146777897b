package io.sluice.flow;

import java.util.BitSet;

/**
 * Zeek's {@code likely_server_ports}: ports that decide who the originator is when a connection
 * is first seen from the wrong side (a SYN-ACK, mid-stream TCP, or a UDP reply).
 *
 * <p>Zeek fills the set from {@code redef likely_server_ports += ...} in the protocol scripts it
 * loads, so the set depends on the scripts. {@link #zeekDefault()} is the set a default
 * {@code zeek} run (base scripts) registers: DHCP only 67/udp (68 is the client's), DNS
 * 53/tcp+udp, 137, 5353, 5355/udp, FTP 21, 2811, SSH 22, SMTP 25, 587, HTTP 80, 81, 631, 1080,
 * 3128, 8000, 8080, 8888, POP3 110, IMAP 143, SMB 139, 445, DCE-RPC 135, Kerberos 88/tcp+udp,
 * LDAP 389/tcp+udp, 3268, MySQL 3306, Modbus 502, DNP3 20000/tcp+udp, RDP 3389, SSL/TLS 443, 563,
 * 585, 614, 636, 989, 990, 992, 993, 995, 5223, XMPP 5222, 5269, IRC 6667, SOCKS 1080, Redis 6379,
 * NTP 123/udp, SNMP 161, 162/udp, Syslog 514/udp, RADIUS 1812/udp, SIP 5060/udp, QUIC 443/udp,
 * and the UDP tunnels VXLAN 4789, Teredo 3544, Geneve 6081, AYIYA 5072, GTPv1 2152, 2123.
 */
public final class LikelyServerPorts {
    private final BitSet tcp;
    private final BitSet udp;

    private LikelyServerPorts(BitSet tcp, BitSet udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    public static LikelyServerPorts of(int[] tcpPorts, int[] udpPorts) {
        BitSet t = new BitSet(65536), u = new BitSet(65536);
        for (int p : tcpPorts) t.set(p);
        for (int p : udpPorts) u.set(p);
        return new LikelyServerPorts(t, u);
    }

    public static LikelyServerPorts none() {
        return of(new int[0], new int[0]);
    }

    public static LikelyServerPorts zeekDefault() {
        return of(new int[] {
                    21, 2811, 22, 25, 587, 80, 81, 631, 1080, 3128, 8000, 8080, 8888, 110, 143, 139, 445, 135,
                    88, 389, 3268, 3306, 502, 20000, 3389, 443, 563, 585, 614, 636, 989, 990, 992, 993, 995,
                    5223, 5222, 5269, 6667, 6379, 53},
                new int[] {
                    53, 137, 5353, 5355, 67, 123, 161, 162, 514, 1812, 5060, 88, 389, 443, 20000,
                    4789, 3544, 6081, 5072, 2152, 2123});
    }

    public boolean isTcp(int port) {
        return tcp.get(port);
    }

    public boolean isUdp(int port) {
        return udp.get(port);
    }
}
