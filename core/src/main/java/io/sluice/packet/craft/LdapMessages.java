package io.sluice.packet.craft;

import static io.sluice.packet.craft.BerBytes.*;

/** LDAP messages (RFC 4511) built for tests and the traffic generator. */
public final class LdapMessages {
    private LdapMessages() {}

    public static byte[] message(int id, byte[] op) {
        return seq(integer(id), op);
    }

    public static byte[] simpleBind(int id, String dn, String password) {
        return message(id, tlv(0x60, integer(3), octets(dn), tlv(0x80, password.getBytes())));
    }

    public static byte[] saslBind(int id, String mechanism) {
        return message(id, tlv(0x60, integer(3), octets(""), tlv(0xa3, octets(mechanism), octets("token"))));
    }

    public static byte[] result(int app, int id, int code, String diagnostic) {
        return message(id, tlv(app, enumerated(code), octets(""), octets(diagnostic)));
    }

    public static byte[] search(int id, String base, int scope, byte[] filter, String... attributes) {
        byte[][] attrs = new byte[attributes.length][];
        for (int i = 0; i < attributes.length; i++) attrs[i] = octets(attributes[i]);
        return message(id, tlv(0x63, octets(base), enumerated(scope), enumerated(0), integer(0), integer(0),
                bool(false), filter, seq(attrs)));
    }

    public static byte[] entry(int id, String dn) {
        return message(id, tlv(0x64, octets(dn), seq(seq(octets("cn"), tlv(0x31, octets("x"))))));
    }

    public static byte[] eq(String attr, String value) {
        return tlv(0xa3, octets(attr), octets(value));
    }

    public static byte[] and(byte[]... filters) {
        return tlv(0xa0, filters);
    }

    public static byte[] or(byte[]... filters) {
        return tlv(0xa1, filters);
    }

    public static byte[] not(byte[] filter) {
        return tlv(0xa2, filter);
    }

    public static byte[] present(String attr) {
        return tlv(0x87, attr.getBytes());
    }

    public static byte[] substring(String attr, String initial, String any, String fin) {
        return tlv(0xa4, octets(attr), seq(
                initial == null ? new byte[0] : tlv(0x80, initial.getBytes()),
                any == null ? new byte[0] : tlv(0x81, any.getBytes()),
                fin == null ? new byte[0] : tlv(0x82, fin.getBytes())));
    }

    public static byte[] extensible(String rule, String type, String value) {
        return tlv(0xa9, tlv(0x81, rule.getBytes()), tlv(0x82, type.getBytes()), tlv(0x83, value.getBytes()));
    }

    public static byte[] extendedRequest(int id, String oid) {
        return message(id, tlv(0x77, tlv(0x80, oid.getBytes())));
    }

    /** A SASL bind carrying a mechanism's credentials (a SPNEGO token for GSS-SPNEGO). */
    public static byte[] saslBind(int id, String mechanism, byte[] credentials) {
        return message(id, tlv(0x60, integer(3), octets(""), tlv(0xa3, octets(mechanism), tlv(0x04, credentials))));
    }

    /** A bindResponse with the server's SASL credentials (RFC 4511 4.2.2). */
    public static byte[] bindResponse(int id, int code, byte[] serverSaslCreds) {
        return message(id, tlv(0x61, enumerated(code), octets(""), octets(""), tlv(0x87, serverSaslCreds)));
    }

    /** One attribute of an entry with its values. */
    public record Attribute(String type, java.util.List<String> values) {}

    public static byte[] entry(int id, String dn, java.util.List<Attribute> attributes) {
        byte[][] attrs = new byte[attributes.size()][];
        for (int i = 0; i < attrs.length; i++) {
            var a = attributes.get(i);
            byte[][] vals = new byte[a.values().size()][];
            for (int v = 0; v < vals.length; v++) vals[v] = octets(a.values().get(v));
            attrs[i] = seq(octets(a.type()), tlv(0x31, vals));
        }
        return message(id, tlv(0x64, octets(dn), seq(attrs)));
    }

    public static byte[] unbind(int id) {
        return message(id, tlv(0x42));
    }

    /** A SASL buffer holding a Kerberos wrap token without confidentiality (RFC 4121), checksum at the end. */
    public static byte[] saslWrapped(byte[] ldap) {
        int ec = 12;
        byte[] token = new byte[16 + ldap.length + ec];
        token[0] = 0x05;
        token[1] = 0x04;
        token[2] = 0x00; // not sealed
        token[3] = (byte) 0xff;
        token[5] = (byte) ec; // EC
        // RRC 0: the checksum trails the data
        System.arraycopy(ldap, 0, token, 16, ldap.length);
        byte[] out = new byte[4 + token.length];
        out[2] = (byte) (token.length >> 8);
        out[3] = (byte) token.length;
        System.arraycopy(token, 0, out, 4, token.length);
        return out;
    }
}
