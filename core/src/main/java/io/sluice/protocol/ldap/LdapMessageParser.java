package io.sluice.protocol.ldap;

import io.sluice.protocol.asn1.BerReader;

/**
 * Reads one LDAPMessage ({@code SEQUENCE { messageID, protocolOp, controls [0] OPTIONAL }}) from a
 * complete BER encoding. Decodes what ldap.log and ldap_search.log show, as Zeek's analyzer does:
 * bind (version, name, simple or SASL), search requests (base, scope, deref, filter, attributes),
 * the DN of modify and delete requests, abandon and extended requests, and every response's
 * LDAPResult.
 */
final class LdapMessageParser {
    private final BerReader r = new BerReader();

    /** False when the bytes are not an LDAPMessage. */
    boolean parse(byte[] b, int off, int len, LdapMessage m) {
        m.clear();
        r.reset(b, off, off + len);
        if (!r.expect(BerReader.SEQUENCE) || !r.enter()) return false;
        if (!r.expect(BerReader.INTEGER) || r.valueLength() > 4) return false;
        m.messageId = r.intValue();
        if (!r.next() || (r.tag() & 0xc0) != 0x40) return false;
        int op = r.tag() & 0x1f;
        if (!LdapCodes.knownOpcode(op)) return false;
        m.opcode = op;
        boolean constructed = (r.tag() & 0x20) != 0;
        switch (op) {
            case LdapCodes.DEL_REQUEST -> m.object = r.text(); // [APPLICATION 10] LDAPDN, primitive
            case LdapCodes.ABANDON_REQUEST -> m.object = Long.toString(r.intValue()); // [APPLICATION 16] MessageID
            case LdapCodes.UNBIND_REQUEST -> {}
            default -> {
                if (!constructed) return false;
                if (!r.enter()) return false;
                boolean ok = switch (op) {
                    case LdapCodes.BIND_REQUEST -> bind(m);
                    case LdapCodes.SEARCH_REQUEST -> search(m);
                    case LdapCodes.SEARCH_RESULT_ENTRY, LdapCodes.MODIFY_REQUEST -> {
                        if (r.next()) m.object = r.text();
                        yield true;
                    }
                    case LdapCodes.EXTENDED_REQUEST -> {
                        if (r.next() && r.tag() == 0x80) m.requestName = r.text();
                        yield true;
                    }
                    case LdapCodes.BIND_RESPONSE, LdapCodes.SEARCH_RESULT_DONE, LdapCodes.MODIFY_RESPONSE,
                            LdapCodes.ADD_RESPONSE, LdapCodes.DEL_RESPONSE, LdapCodes.MOD_DN_RESPONSE,
                            LdapCodes.COMPARE_RESPONSE, LdapCodes.EXTENDED_RESPONSE -> result(m);
                    default -> true; // add, modify DN, compare, reference, intermediate: Zeek does not decode them
                };
                if (!ok) return false;
                r.exit();
            }
        }
        return !r.malformed();
    }

    /** LDAPResult ::= resultCode ENUMERATED, matchedDN, diagnosticMessage, referral [3] OPTIONAL. */
    private boolean result(LdapMessage m) {
        if (!r.expect(BerReader.ENUMERATED)) return false;
        m.resultCode = r.intValue();
        if (r.next() && r.next()) {
            String diag = r.text();
            if (!diag.isEmpty()) m.diagnosticMessage = diag;
        }
        return true;
    }

    /** BindRequest ::= version INTEGER, name LDAPDN, authentication CHOICE { simple [0], sasl [3], ... }. */
    private boolean bind(LdapMessage m) {
        if (!r.expect(BerReader.INTEGER)) return false;
        m.version = r.intValue();
        if (!r.expect(BerReader.OCTET_STRING)) return false;
        String name = r.text();
        if (!name.isEmpty()) m.object = name;
        if (!r.next()) return false;
        m.authType = r.tag() & 0x1f;
        if (r.tag() == 0x80) {
            // never keep the password: Zeek logs "REDACTED" (LDAP::default_capture_password = F)
            if (r.valueLength() > 0) m.argument = "REDACTED";
        } else if (r.tag() == 0xa3) {
            if (!r.enter() || !r.expect(BerReader.OCTET_STRING)) return false;
            m.saslMechanism = r.text();
            if (!m.saslMechanism.isEmpty()) m.argument = m.saslMechanism;
            r.exit();
        }
        return true;
    }

    /**
     * SearchRequest ::= baseObject, scope ENUMERATED, derefAliases ENUMERATED, sizeLimit, timeLimit,
     * typesOnly BOOLEAN, filter Filter, attributes SEQUENCE OF OCTET STRING.
     */
    private boolean search(LdapMessage m) {
        if (!r.expect(BerReader.OCTET_STRING)) return false;
        String base = r.text();
        if (!base.isEmpty()) m.object = base;
        if (!r.expect(BerReader.ENUMERATED)) return false;
        m.scope = r.intValue();
        m.argument = LdapCodes.scope(m.scope);
        if (!r.expect(BerReader.ENUMERATED)) return false;
        m.deref = r.intValue();
        if (!r.expect(BerReader.INTEGER) || !r.expect(BerReader.INTEGER) || !r.expect(BerReader.BOOLEAN)) return false;
        if (!r.next()) return false;
        m.filter = LdapFilter.render(r);
        if (r.malformed()) return false;
        if (r.next() && r.tag() == BerReader.SEQUENCE && r.enter()) {
            while (r.next()) {
                if (m.attributes.size() < LdapMessage.MAX_ATTRIBUTES) m.attributes.add(r.text());
            }
            r.exit();
        }
        return true;
    }
}
