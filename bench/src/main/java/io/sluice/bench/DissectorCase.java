package io.sluice.bench;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.ProtocolSignature;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.dcerpc.DceRpcProtocol;
import io.sluice.protocol.dhcp.DhcpMessage;
import io.sluice.protocol.dhcp.DhcpProtocol;
import io.sluice.protocol.dns.DnsProtocol;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.ftp.FtpCommand;
import io.sluice.protocol.ftp.FtpProtocol;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.kerberos.KerberosProtocol;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ldap.LdapMessageRow;
import io.sluice.protocol.ldap.LdapProtocol;
import io.sluice.protocol.ldap.LdapSearchRow;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.ntp.NtpMessage;
import io.sluice.protocol.ntp.NtpProtocol;
import io.sluice.protocol.quic.QuicProtocol;
import io.sluice.protocol.rdp.RdpProtocol;
import io.sluice.protocol.rdp.RdpSession;
import io.sluice.protocol.smb.SmbFileAction;
import io.sluice.protocol.smb.SmbMapping;
import io.sluice.protocol.smb.SmbProtocol;
import io.sluice.protocol.smtp.SmtpProtocol;
import io.sluice.protocol.smtp.SmtpTransaction;
import io.sluice.protocol.snmp.SnmpProtocol;
import io.sluice.protocol.snmp.SnmpSession;
import io.sluice.protocol.ssh.SshProtocol;
import io.sluice.protocol.tftp.TftpProtocol;
import io.sluice.protocol.tftp.TftpTransfer;
import io.sluice.protocol.tls.TlsProtocol;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@link DissectorBenchmark} needs for one protocol parameter: the signature that identifies
 * it, the transport and addresses the stream layer would give the dissector (the protocol's usual
 * server port, since some signatures and dissectors read the port), and what the conversation
 * must log. The check is strict on purpose: a conversation that a dissector stops parsing halfway
 * would still be fast, and its score would mean nothing.
 */
record DissectorCase(ProtocolSignature signature, boolean udp, ConnId id, String expected, Predicate<List<Event>> logged) {

    private static final String CLIENT = "10.0.0.1";

    static DissectorCase of(String protocol) {
        return switch (protocol) {
            case "dns" -> udp(DnsProtocol.SIGNATURE, 51544, "10.0.0.53", 53, "a dns row with answers",
                    e -> any(e, DnsTransaction.class, t -> "dns".equals(t.nameService()) && t.answers() != null && t.answers().size() == 2));
            case "nbns" -> new DissectorCase(DnsProtocol.SIGNATURE, true, new ConnId(CLIENT, 137, "10.0.0.5", 137),
                    "two nbns rows with NetBIOS answers",
                    e -> count(e, DnsTransaction.class, t -> "nbns".equals(t.nameService()) && t.netbiosAnswers() != null
                            && !t.netbiosAnswers().isEmpty()) == 2);
            case "llmnr" -> udp(DnsProtocol.SIGNATURE, 58231, "10.0.0.21", 5355, "two llmnr rows with answers",
                    e -> count(e, DnsTransaction.class, t -> "llmnr".equals(t.nameService()) && t.answers() != null) == 2);
            case "mdns" -> udp(DnsProtocol.SIGNATURE, 51544, "10.0.0.7", 5353, "an mdns row answering the PTR question",
                    e -> any(e, DnsTransaction.class, t -> "mdns".equals(t.nameService()) && t.answers() != null
                            && t.answers().contains("office printer._ipp._tcp.local")));
            case "http" -> tcp(HttpProtocol.SIGNATURE, 80, "an http row", e -> path(e, "http"));
            case "tls" -> tcp(TlsProtocol.SIGNATURE, 443, "an ssl row", e -> path(e, "ssl"));
            case "ssh" -> tcp(SshProtocol.SIGNATURE, 22, "an ssh row", e -> path(e, "ssh"));
            case "quic" -> udp(QuicProtocol.SIGNATURE, 51544, "203.0.113.80", 443, "a quic row", e -> path(e, "quic"));
            case "smb" -> tcp(SmbProtocol.SIGNATURE, 445,
                    "smb_mapping rows for both shares, smb_files rows for both files, the lsarpc calls in dce_rpc, an ntlm row",
                    e -> count(e, SmbMapping.class, m -> true) == 2
                            && any(e, SmbFileAction.class, f -> f.name().equals("budget\\2026-q1.xlsx") && f.size() == 48 * 1024)
                            && any(e, SmbFileAction.class, f -> f.name().equals("notes\\meeting.txt"))
                            && any(e, DceRpcCall.class, c -> "LsarLookupSids".equals(c.operation()) && c.namedPipe() != null)
                            && any(e, NtlmAuthentication.class, n -> "alice".equals(n.username())));
            case "dcerpc" -> tcp(DceRpcProtocol.SIGNATURE, 49668, "dce_rpc rows for the three lsarpc calls and an ntlm row",
                    e -> any(e, DceRpcCall.class, c -> "LsarOpenPolicy2".equals(c.operation()))
                            && any(e, DceRpcCall.class, c -> "LsarLookupSids".equals(c.operation()))
                            && any(e, DceRpcCall.class, c -> "LsarClose".equals(c.operation()))
                            && any(e, NtlmAuthentication.class, n -> "alice".equals(n.username())));
            case "kerberos" -> udp(KerberosProtocol.SIGNATURE, 51544, "10.0.0.5", 88,
                    "a kerberos AS row that failed for pre-authentication and one that succeeded",
                    e -> any(e, KerberosTransaction.class, k -> "AS".equals(k.requestType()) && Boolean.FALSE.equals(k.success()))
                            && any(e, KerberosTransaction.class, k -> "AS".equals(k.requestType()) && Boolean.TRUE.equals(k.success())));
            case "kerberos-tcp" -> tcp(KerberosProtocol.SIGNATURE, 88, "a successful kerberos TGS row for cifs",
                    e -> any(e, KerberosTransaction.class, k -> "TGS".equals(k.requestType()) && Boolean.TRUE.equals(k.success())
                            && k.service() != null && k.service().startsWith("cifs/")));
            case "ldap" -> tcp(LdapProtocol.SIGNATURE, 389, "an ldap bind row and an ldap_search row with three results",
                    e -> any(e, LdapMessageRow.class, m -> m.opcode() != null && m.opcode().startsWith("bind"))
                            && any(e, LdapSearchRow.class, s -> s.resultCount() == 3));
            case "rdp" -> tcp(RdpProtocol.SIGNATURE, 3389, "an rdp row with the cookie and the handshake's ssl row",
                    e -> any(e, RdpSession.class, r -> "alice".equals(r.cookie())) && path(e, "ssl"));
            case "smtp" -> tcp(SmtpProtocol.SIGNATURE, 25, "an smtp row with both recipients and the subject",
                    e -> any(e, SmtpTransaction.class, t -> t.rcptto() != null && t.rcptto().size() == 2
                            && "Quarterly figures".equals(t.subject())));
            case "ftp" -> tcp(FtpProtocol.SIGNATURE, 21, "ftp rows for PASV, RETR with its size, EPSV and STOR",
                    e -> any(e, FtpCommand.class, c -> "RETR".equals(c.command()) && Long.valueOf(18_874_368L).equals(c.fileSize()))
                            && any(e, FtpCommand.class, c -> "STOR".equals(c.command()))
                            && any(e, FtpCommand.class, c -> "EPSV".equals(c.command()))
                            && any(e, FtpCommand.class, c -> "PASV".equals(c.command())));
            case "tftp" -> udp(TftpProtocol.SIGNATURE, 51544, "10.0.0.5", 69, "a tftp row with the file name and 16 blocks",
                    e -> any(e, TftpTransfer.class, t -> t.fname() != null && t.size() == 7_700 && t.blockAcked() == 16));
            case "snmp" -> udp(SnmpProtocol.SIGNATURE, 51544, "10.0.0.2", 161, "an snmp row with the ten response varbinds and sysDescr",
                    e -> any(e, SnmpSession.class, s -> "public".equals(s.community()) && s.getResponses() == 10 // varbinds, as Zeek counts
                            && s.displayString() != null));
            case "ntp" -> new DissectorCase(NtpProtocol.SIGNATURE, true, new ConnId(CLIENT, 123, "10.0.0.123", 123),
                    "four ntp rows", e -> count(e, NtpMessage.class, m -> true) == 4);
            case "dhcp" -> new DissectorCase(DhcpProtocol.SIGNATURE, true, new ConnId("10.0.20.1", 67, "10.0.0.5", 67),
                    "dhcp rows for DISCOVER, OFFER, REQUEST and ACK",
                    e -> count(e, DhcpMessage.class, m -> m.messageType() >= 1 && m.messageType() <= 5) == 4);
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    String proto() {
        return udp ? "udp" : "tcp";
    }

    private static DissectorCase tcp(ProtocolSignature s, int port, String expected, Predicate<List<Event>> logged) {
        return new DissectorCase(s, false, new ConnId(CLIENT, 51544, "203.0.113.80", port), expected, logged);
    }

    private static DissectorCase udp(ProtocolSignature s, int origPort, String server, int port, String expected,
            Predicate<List<Event>> logged) {
        return new DissectorCase(s, true, new ConnId(CLIENT, origPort, server, port), expected, logged);
    }

    private static boolean path(List<Event> events, String log) {
        return events.stream().anyMatch(e -> e.schema().path().equals(log));
    }

    private static <T> boolean any(List<Event> events, Class<T> type, Predicate<T> test) {
        return count(events, type, test) > 0;
    }

    private static <T> long count(List<Event> events, Class<T> type, Predicate<T> test) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(test).count();
    }
}
