package io.sluice.protocol.kerberos;

/**
 * Names of Kerberos error codes (RFC 4120 7.5.9, RFC 4556, RFC 6113) and encryption types (RFC 3961,
 * RFC 4757, RFC 6803, IANA "Kerberos Encryption Type Numbers"), spelled as Zeek's
 * base/protocols/krb/consts.zeek spells them, unknown values as Zeek does ("unknown-N").
 */
final class KerberosCodes {
    private KerberosCodes() {}

    private static final String[] ERRORS = new String[77];
    private static final String[] CIPHERS = new String[66];

    static {
        String[] e = {
            "KDC_ERR_NONE", "KDC_ERR_NAME_EXP", "KDC_ERR_SERVICE_EXP", "KDC_ERR_BAD_PVNO", "KDC_ERR_C_OLD_MAST_KVNO",
            "KDC_ERR_S_OLD_MAST_KVNO", "KDC_ERR_C_PRINCIPAL_UNKNOWN", "KDC_ERR_S_PRINCIPAL_UNKNOWN",
            "KDC_ERR_PRINCIPAL_NOT_UNIQUE", "KDC_ERR_NULL_KEY", "KDC_ERR_CANNOT_POSTDATE", "KDC_ERR_NEVER_VALID",
            "KDC_ERR_POLICY", "KDC_ERR_BADOPTION", "KDC_ERR_ETYPE_NOSUPP", "KDC_ERR_SUMTYPE_NOSUPP",
            "KDC_ERR_PADATA_TYPE_NOSUPP", "KDC_ERR_TRTYPE_NOSUPP", "KDC_ERR_CLIENT_REVOKED", "KDC_ERR_SERVICE_REVOKED",
            "KDC_ERR_TGT_REVOKED", "KDC_ERR_CLIENT_NOTYET", "KDC_ERR_SERVICE_NOTYET", "KDC_ERR_KEY_EXPIRED",
            "KDC_ERR_PREAUTH_FAILED", "KDC_ERR_PREAUTH_REQUIRED", "KDC_ERR_SERVER_NOMATCH",
            "KDC_ERR_MUST_USE_USER2USER", "KDC_ERR_PATH_NOT_ACCEPTED", "KDC_ERR_SVC_UNAVAILABLE",
        };
        System.arraycopy(e, 0, ERRORS, 0, e.length);
        String[] ap = {
            "KRB_AP_ERR_BAD_INTEGRITY", "KRB_AP_ERR_TKT_EXPIRED", "KRB_AP_ERR_TKT_NYV", "KRB_AP_ERR_REPEAT",
            "KRB_AP_ERR_NOT_US", "KRB_AP_ERR_BADMATCH", "KRB_AP_ERR_SKEW", "KRB_AP_ERR_BADADDR", "KRB_AP_ERR_BADVERSION",
            "KRB_AP_ERR_MSG_TYPE", "KRB_AP_ERR_MODIFIED", "KRB_AP_ERR_BADORDER",
        };
        System.arraycopy(ap, 0, ERRORS, 31, ap.length); // 30 is unassigned
        String[] ap2 = {
            "KRB_AP_ERR_BADKEYVER", "KRB_AP_ERR_NOKEY", "KRB_AP_ERR_MUT_FAIL", "KRB_AP_ERR_BADDIRECTION",
            "KRB_AP_ERR_METHOD", "KRB_AP_ERR_BADSEQ", "KRB_AP_ERR_INAPP_CKSUM", "KRB_AP_PATH_NOT_ACCEPTED",
            "KRB_ERR_RESPONSE_TOO_BIG",
        };
        System.arraycopy(ap2, 0, ERRORS, 44, ap2.length); // 43 is unassigned
        String[] g = {
            "KRB_ERR_GENERIC", "KRB_ERR_FIELD_TOOLONG", "KDC_ERROR_CLIENT_NOT_TRUSTED", "KDC_ERROR_KDC_NOT_TRUSTED",
            "KDC_ERROR_INVALID_SIG", "KDC_ERR_KEY_TOO_WEAK", "KDC_ERR_CERTIFICATE_MISMATCH", "KRB_AP_ERR_NO_TGT",
            "KDC_ERR_WRONG_REALM", "KRB_AP_ERR_USER_TO_USER_REQUIRED", "KDC_ERR_CANT_VERIFY_CERTIFICATE",
            "KDC_ERR_INVALID_CERTIFICATE", "KDC_ERR_REVOKED_CERTIFICATE", "KDC_ERR_REVOCATION_STATUS_UNKNOWN",
            "KDC_ERR_REVOCATION_STATUS_UNAVAILABLE", "KDC_ERR_CLIENT_NAME_MISMATCH", "KDC_ERR_KDC_NAME_MISMATCH",
        };
        System.arraycopy(g, 0, ERRORS, 60, g.length); // 53..59 are unassigned

        CIPHERS[1] = "des-cbc-crc";
        CIPHERS[2] = "des-cbc-md4";
        CIPHERS[3] = "des-cbc-md5";
        CIPHERS[5] = "des3-cbc-md5";
        CIPHERS[7] = "des3-cbc-sha1";
        CIPHERS[9] = "dsaWithSHA1-CmsOID";
        CIPHERS[10] = "md5WithRSAEncryption-CmsOID";
        CIPHERS[11] = "sha1WithRSAEncryption-CmsOID";
        CIPHERS[12] = "rc2CBC-EnvOID";
        CIPHERS[13] = "rsaEncryption-EnvOID";
        CIPHERS[14] = "rsaES-OAEP-ENV-OID";
        CIPHERS[15] = "des-ede3-cbc-Env-OID";
        CIPHERS[16] = "des3-cbc-sha1-kd";
        CIPHERS[17] = "aes128-cts-hmac-sha1-96";
        CIPHERS[18] = "aes256-cts-hmac-sha1-96";
        CIPHERS[23] = "rc4-hmac";
        CIPHERS[24] = "rc4-hmac-exp";
        CIPHERS[25] = "camellia128-cts-cmac";
        CIPHERS[26] = "camellia256-cts-cmac";
        CIPHERS[65] = "subkey-keymaterial";
    }

    /** Zeek's KRB::error_msg: the code's name, "unknown-N" for others. */
    static String errorName(long code) {
        if (code >= 0 && code < ERRORS.length && ERRORS[(int) code] != null) return ERRORS[(int) code];
        return "unknown-" + code;
    }

    /** Zeek's KRB::cipher_name: the encryption type's name, "unknown-N" for others. */
    static String cipherName(long etype) {
        if (etype >= 0 && etype < CIPHERS.length && CIPHERS[(int) etype] != null) return CIPHERS[(int) etype];
        return "unknown-" + etype;
    }
}
