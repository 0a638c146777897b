package io.sluice.protocol.kerberos;

import io.sluice.protocol.asn1.BerReader;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the KDC messages of RFC 4120 section 5.4 (KDC-REQ, KDC-REP) and 5.9.1 (KRB-ERROR) from one
 * complete BER-encoded message. Only the members kerberos.log needs are decoded; encrypted parts,
 * pre-authentication data and tickets' cipher texts are skipped by length.
 */
final class KerberosMessageParser {
    private final BerReader r = new BerReader();

    /** Application tags (constructed): AS-REQ [10] ... KRB-ERROR [30]. */
    static boolean isKdcApplicationTag(int identifier) {
        return identifier == 0x6a || identifier == 0x6b || identifier == 0x6c || identifier == 0x6d || identifier == 0x7e;
    }

    /** Parses {@code b[off, off+len)} into {@code m}; false when it is not a well-formed KDC message. */
    boolean parse(byte[] b, int off, int len, KerberosMessage m) {
        m.clear();
        r.reset(b, off, off + len);
        if (len < 2 || !isKdcApplicationTag(b[off] & 0xff)) return false;
        if (!r.next() || !r.enter()) return false;
        if (!r.expect(BerReader.SEQUENCE) || !r.enter()) return false;
        // the application tag number is the message type; the msg-type member must agree
        int app = b[off] & 0x1f;
        m.msgType = app;
        boolean ok = switch (app) {
            case KerberosMessage.AS_REQ, KerberosMessage.TGS_REQ -> kdcReq(m);
            case KerberosMessage.AS_REP, KerberosMessage.TGS_REP -> kdcRep(m);
            default -> krbError(m);
        };
        return ok && !r.malformed();
    }

    private boolean kdcReq(KerberosMessage m) {
        while (r.next()) {
            int t = r.tag();
            if (t == 0xa1 && !pvno()) return false;
            if (t == 0xa2 && !msgType(m)) return false;
            if (t == 0xa4) {
                if (!r.enter() || !r.expect(BerReader.SEQUENCE) || !r.enter()) return false;
                body(m);
                r.exit();
                r.exit();
            }
        }
        return !r.malformed();
    }

    private void body(KerberosMessage m) {
        while (r.next()) {
            switch (r.tag()) {
                case 0xa0 -> { // kdc-options KDCOptions (BIT STRING): forwardable is bit 1, renewable bit 8
                    if (r.enter() && r.expect(BerReader.BIT_STRING)) {
                        m.hasOptions = true;
                        m.forwardable = r.bit(1);
                        m.renewable = r.bit(8);
                    }
                    r.exit();
                }
                case 0xa1 -> m.clientName = principal();
                case 0xa2 -> m.realm = string();
                case 0xa3 -> m.serviceName = principal();
                case 0xa4 -> m.from = time();
                case 0xa5 -> m.till = time();
                case 0xa8 -> {
                    if (r.enter() && r.expect(BerReader.SEQUENCE) && r.enter()) {
                        while (r.next()) {
                            if (r.tag() == BerReader.INTEGER && m.etypeCount < KerberosMessage.MAX_ETYPES) {
                                m.etypes[m.etypeCount++] = r.intValue();
                            }
                        }
                        r.exit();
                    }
                    r.exit();
                }
                default -> {}
            }
        }
    }

    private boolean kdcRep(KerberosMessage m) {
        while (r.next()) {
            switch (r.tag()) {
                case 0xa0 -> { if (!pvno()) return false; }
                case 0xa1 -> { if (!msgType(m)) return false; }
                case 0xa3 -> m.realm = string();
                case 0xa4 -> m.clientName = principal();
                case 0xa5 -> ticket(m);
                case 0xa6 -> m.replyEtype = encryptedDataEtype();
                default -> {}
            }
        }
        return !r.malformed();
    }

    /** Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2], enc-part [3] }. */
    private void ticket(KerberosMessage m) {
        if (r.enter() && r.expect(0x61) && r.enter() && r.expect(BerReader.SEQUENCE) && r.enter()) {
            while (r.next()) {
                if (r.tag() == 0xa2) m.serviceName = principal();
                else if (r.tag() == 0xa3) m.ticketEtype = encryptedDataEtype();
            }
            r.exit();
            r.exit();
        }
        r.exit();
    }

    private boolean krbError(KerberosMessage m) {
        while (r.next()) {
            switch (r.tag()) {
                case 0xa0 -> { if (!pvno()) return false; }
                case 0xa1 -> { if (!msgType(m)) return false; }
                case 0xa6 -> m.errorCode = integer();
                case 0xa7 -> m.realm = string();
                case 0xa8 -> m.clientName = principal();
                case 0xaa -> m.serviceName = principal();
                case 0xab -> m.errorText = string();
                default -> {}
            }
        }
        return !r.malformed() && m.errorCode >= 0;
    }

    private boolean pvno() {
        return integer() == 5;
    }

    private boolean msgType(KerberosMessage m) {
        return integer() == m.msgType;
    }

    /** The INTEGER inside the context tag read last; -1 when it is not one. */
    private long integer() {
        long v = -1;
        if (r.enter() && r.expect(BerReader.INTEGER)) v = r.intValue();
        r.exit();
        return v;
    }

    /**
     * The KerberosString inside the context tag read last as its bytes (a wire string, see
     * {@link io.sluice.event.WireText}), as Zeek logs realms and the error's e-text; null when it is
     * not one.
     */
    private String string() {
        String s = null;
        if (r.enter() && r.next() && (r.tag() == BerReader.GENERAL_STRING || r.tag() == BerReader.UTF8_STRING
                || r.tag() == 0x16 || r.tag() == BerReader.OCTET_STRING)) {
            s = r.wire();
        }
        r.exit();
        return s;
    }

    /**
     * PrincipalName ::= SEQUENCE { name-type [0], name-string [1] SEQUENCE OF KerberosString },
     * rendered as Zeek does: the components joined by "/", each as its bytes (a wire string, see
     * {@link io.sluice.event.WireText}), since Zeek logs them as sent.
     */
    private String principal() {
        String name = null;
        if (r.enter() && r.expect(BerReader.SEQUENCE) && r.enter()) {
            while (r.next()) {
                if (r.tag() != 0xa1) continue;
                if (r.enter() && r.expect(BerReader.SEQUENCE) && r.enter()) {
                    StringBuilder sb = new StringBuilder();
                    int n = 0;
                    while (r.next()) {
                        if (n++ > 0) sb.append('/');
                        sb.append(r.wire());
                    }
                    name = sb.toString();
                    r.exit();
                }
                r.exit();
            }
            r.exit();
        }
        r.exit();
        return name;
    }

    /** EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] OPTIONAL, cipher [2] }: its etype, -1 if absent. */
    private long encryptedDataEtype() {
        long etype = -1;
        if (r.enter() && r.expect(BerReader.SEQUENCE) && r.enter()) {
            if (r.next() && r.tag() == 0xa0) etype = integer();
            r.exit();
        }
        r.exit();
        return etype;
    }

    /** KerberosTime ::= GeneralizedTime "YYYYMMDDHHMMSSZ", as epoch nanoseconds; 0 when malformed. */
    private long time() {
        long t = 0;
        if (r.enter() && r.expect(BerReader.GENERALIZED_TIME) && r.valueLength() >= 14) {
            t = generalizedTime(r.bytes(), r.valueStart());
        }
        r.exit();
        return t;
    }

    static long generalizedTime(byte[] b, int p) {
        int year = digits(b, p, 4), month = digits(b, p + 4, 2), day = digits(b, p + 6, 2);
        int hour = digits(b, p + 8, 2), minute = digits(b, p + 10, 2), second = digits(b, p + 12, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return 0;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)).toEpochSecond(ZoneOffset.UTC)
                    * 1_000_000_000L;
        } catch (java.time.DateTimeException e) { // 31 February and the like
            return 0;
        }
    }

    private static int digits(byte[] b, int p, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[p + i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
