package io.sluice.protocol;

import io.sluice.protocol.dcerpc.DceRpcProtocol;
import io.sluice.protocol.dhcp.DhcpProtocol;
import io.sluice.protocol.dns.DnsProtocol;
import io.sluice.protocol.ftp.FtpProtocol;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.kerberos.KerberosProtocol;
import io.sluice.protocol.ldap.LdapProtocol;
import io.sluice.protocol.netflow.FlowExportProtocol;
import io.sluice.protocol.natpmp.NatPmpProtocol;
import io.sluice.protocol.ntp.NtpProtocol;
import io.sluice.protocol.quic.QuicProtocol;
import io.sluice.protocol.rdp.RdpProtocol;
import io.sluice.protocol.smb.SmbProtocol;
import io.sluice.protocol.smtp.SmtpProtocol;
import io.sluice.protocol.snmp.SnmpProtocol;
import io.sluice.protocol.socks.SocksProtocol;
import io.sluice.protocol.ssh.SshProtocol;
import io.sluice.protocol.telnet.TelnetProtocol;
import io.sluice.protocol.tftp.TftpProtocol;
import io.sluice.protocol.tls.TlsProtocol;
import io.sluice.protocol.vnc.VncProtocol;
import io.sluice.protocol.wol.MagicPacketSignature;
import java.util.List;

/**
 * The protocols a default run identifies and dissects: the one place to register a protocol.
 * Order matters only for ties between signatures that match the same bytes on a port that is
 * standard for neither (the first wins).
 */
public final class Protocols {
    private Protocols() {}

    public static ProtocolRegistry standard() {
        return new ProtocolRegistry(List.of(
                DhcpProtocol.SIGNATURE,
                DhcpProtocol.SIGNATURE_V6,
                DnsProtocol.SIGNATURE,
                TlsProtocol.SIGNATURE,
                TlsProtocol.DTLS_SIGNATURE,
                FtpProtocol.SIGNATURE,
                FtpProtocol.DATA_SIGNATURE,
                HttpProtocol.SIGNATURE,
                NtpProtocol.SIGNATURE,
                SnmpProtocol.SIGNATURE,
                KerberosProtocol.SIGNATURE,
                LdapProtocol.SIGNATURE,
                RdpProtocol.SIGNATURE,
                SmtpProtocol.SIGNATURE,
                SshProtocol.SIGNATURE,
                TftpProtocol.SIGNATURE,
                NatPmpProtocol.SIGNATURE,
                QuicProtocol.SIGNATURE,
                VncProtocol.SIGNATURE,
                SocksProtocol.SIGNATURE,
                TelnetProtocol.SIGNATURE,
                SmbProtocol.SIGNATURE,
                DceRpcProtocol.SIGNATURE,
                MagicPacketSignature.SIGNATURE,
                FlowExportProtocol.NETFLOW,
                FlowExportProtocol.SFLOW));
    }
}
