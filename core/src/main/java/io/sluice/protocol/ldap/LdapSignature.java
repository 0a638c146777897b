package io.sluice.protocol.ldap;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises an LDAPMessage on any port: a SEQUENCE with a definite length, an INTEGER message id of
 * one to four octets, then an application tag of a known LDAP operation. Reads at most 13 bytes.
 */
final class LdapSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "ldap";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length < 0 || offset > buf.limit() - length || length < 7) return false;
        int p = offset, end = offset + length;
        if (buf.get(p) != 0x30) return false;
        int l = buf.get(p + 1) & 0xff;
        if (l == 0x80 || l > 0x84) return false;
        p += 2 + (l < 0x80 ? 0 : l & 0x7f);
        if (end - p < 4 || buf.get(p) != 0x02) return false;
        int idLen = buf.get(p + 1) & 0xff;
        if (idLen < 1 || idLen > 4 || end - p < 2 + idLen + 2) return false;
        int tag = buf.get(p + 2 + idLen) & 0xff;
        if ((tag & 0xc0) != 0x40 || !LdapCodes.knownOpcode(tag & 0x1f)) return false;
        // unbind, delete and abandon are primitive; every other operation is constructed
        int op = tag & 0x1f;
        boolean primitive = op == LdapCodes.UNBIND_REQUEST || op == LdapCodes.DEL_REQUEST || op == LdapCodes.ABANDON_REQUEST;
        return primitive == ((tag & 0x20) == 0);
    }

    @Override
    public Dissector create() {
        return new LdapDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 389 || port == 3268;
    }
}
