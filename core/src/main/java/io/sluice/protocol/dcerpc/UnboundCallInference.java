package io.sluice.protocol.dcerpc;

import static io.sluice.protocol.dcerpc.DceRpcSession.u16;
import static io.sluice.protocol.dcerpc.DceRpcSession.u32;

/**
 * Names the interface of calls whose bind the capture does not hold (it started mid-association,
 * or the binding packets were lost), from the order of their operation numbers alone: the stubs
 * of such calls are usually sealed (auth level privacy), and only the opnums are in the clear.
 *
 * <p>Only sequences that one interface's clients make, and that an analyst needs named, are
 * recognised; anything else stays unnamed, as Zeek leaves it. Today that is drsuapi replication
 * as DCSync tools (mimikatz {@code lsadump::dcsync}, impacket secretsdump) and domain controllers
 * run it (MS-DRSR): IDL_DRSBind (0) first, then a lookup of the naming context or the account,
 * IDL_DRSDomainControllerInfo (16) or IDL_DRSCrackNames (12), then IDL_DRSGetNCChanges (3) or
 * IDL_DRSReplicaSync (2), every call one of drsuapi's session operations. The clients of the other
 * common interfaces open with other calls (SamrConnect5 64, LsarOpenPolicy2 44, ROpenSCManagerW 15,
 * NetrServerReqChallenge 4, ept_map 3 alone); samr's legacy SamrConnect is opnum 0, but a samr
 * client does not follow it with 12 or 16 (create a group, query an alias) and then 2 or 3. The
 * rows say the name was inferred ({@link DceRpcCall#endpointInferred()}).
 *
 * <p>DCOM activation is recognised by content instead: the activation calls of IRemoteSCMActivator
 * (RemoteGetClassObject, RemoteCreateInstance; port 135) carry, unsealed, an OBJREF ("MEOW",
 * MS-DCOM 2.2.18) of the activation properties, interface IActivationPropertiesIn
 * {000001A2-0000-0000-C000-000000000046}, in their first few hundred bytes of stub. That marks the
 * call, whatever its context, as an activation (DCOM lateral movement such as MMC20.Application
 * starts with one).
 *
 * <p>The LSA's private-data calls are recognised by content too: LsarStorePrivateData (42) and
 * LsarRetrievePrivateData (43), whose stubs are not sealed when the client asked for no privacy
 * (mimikatz {@code lsadump::backupkeys} fetching the DPAPI domain backup key
 * {@code G$BCKUPKEY_PREFERRED}), open with a policy handle (20 bytes, attributes zero) and the
 * secret's name as an RPC_UNICODE_STRING in NDR or NDR64, whose lengths must agree with each other
 * and whose characters must be printable. Only with those opnums: the same opening (a handle and a
 * name) is common to many operations of many interfaces.
 */
final class UnboundCallInference {
    static final String DRSUAPI = "e3514235-4b06-11d1-ab04-00c04fc2dcd2";
    static final String REMOTE_SCM_ACTIVATOR = "000001a0-0000-0000-c000-000000000046";
    static final String LSARPC = "12345778-1234-abcd-ef00-0123456789ab";
    /** LsarStorePrivateData and LsarRetrievePrivateData. */
    private static final int LSA_STORE_PRIVATE_DATA = 42, LSA_RETRIEVE_PRIVATE_DATA = 43;
    /** Longest secret name taken (characters): LSA secret names are short. */
    private static final int MAX_SECRET_NAME = 256;

    /**
     * Bytes of a request (header included) kept while it may be an activation: the OBJREF is in the
     * first few hundred, the class id ({@link DcomActivation}) about 370 bytes after it.
     */
    static final int ACTIVATION_SCAN = 1024;
    /** "MEOW", OBJREF_CUSTOM (4), then IID_IActivationPropertiesIn in NDR (little-endian) order. */
    private static final byte[] ACTIVATION_OBJREF = {
        'M', 'E', 'O', 'W', 4, 0, 0, 0,
        (byte) 0xa2, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0x46};

    /** drsuapi operations a replication client calls in one association. */
    private static final long DRSUAPI_SESSION_OPS = bits(0, 1, 2, 3, 4, 5, 11, 12, 13, 16, 17, 18);

    private UnboundCallInference() {}

    /**
     * @param opnums the unnamed calls' operation numbers in request order, {@code n} of them
     * @return the interface UUID, or null when the sequence names none
     */
    static String interfaceOf(int[] opnums, int n) {
        if (n < 3 || opnums[0] != 0) return null;
        boolean lookedUp = false, replicated = false;
        for (int i = 0; i < n; i++) {
            int op = opnums[i];
            if (op < 0 || op >= 64 || (DRSUAPI_SESSION_OPS & (1L << op)) == 0) return null;
            if (op == 12 || op == 16) lookedUp = true;
            else if ((op == 2 || op == 3) && lookedUp) replicated = true;
        }
        return replicated ? DRSUAPI : null;
    }

    /**
     * Whether a request PDU ({@code b}, {@code k} bytes kept, header first) carries DCOM activation
     * properties in its stub. Only the first fragment is looked at, and only little-endian NDR.
     */
    static boolean activation(byte[] b, int k, int pfcFlags) {
        if ((pfcFlags & DceRpcSession.PFC_FIRST_FRAG) == 0 || (b[4] & 0xf0) != 0x10) return false;
        int stub = (pfcFlags & DceRpcSession.PFC_OBJECT_UUID) != 0 ? 40 : 24;
        int end = Math.min(k, ACTIVATION_SCAN) - ACTIVATION_OBJREF.length;
        outer:
        for (int i = stub; i <= end; i++) {
            for (int j = 0; j < ACTIVATION_OBJREF.length; j++) {
                if (b[i + j] != ACTIVATION_OBJREF[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /**
     * Whether a request PDU ({@code b}, {@code k} bytes kept, header first) is an LSA private-data
     * call: opnum 42 or 43, and a stub (first fragment, little-endian NDR) that is a policy handle
     * followed by the secret's name.
     */
    static boolean lsaPrivateData(byte[] b, int k, int pfcFlags, int opnum) {
        if (opnum != LSA_STORE_PRIVATE_DATA && opnum != LSA_RETRIEVE_PRIVATE_DATA) return false;
        if ((pfcFlags & DceRpcSession.PFC_FIRST_FRAG) == 0 || (b[4] & 0xf0) != 0x10) return false;
        int stub = (pfcFlags & DceRpcSession.PFC_OBJECT_UUID) != 0 ? 40 : 24;
        if (stub + 24 > k || u32(b, stub, true) != 0) return false; // the handle's attributes
        // NDR: the string (two lengths, a 4-byte referent) right after the 20-byte handle, then the
        // conformant varying array (max count, offset, actual count, characters); NDR64: the string
        // aligned to 8, its referent too, and 8-byte counts
        return name(b, k, stub + 20, 4) || u32(b, stub + 20, true) == 0 && name(b, k, stub + 24, 8);
    }

    /** An RPC_UNICODE_STRING at {@code p} whose lengths agree and whose characters are printable. */
    private static boolean name(byte[] b, int k, int p, int width) {
        if (p + 4 > k) return false;
        int length = u16(b, p, true), max = u16(b, p + 2, true);
        if (length == 0 || length % 2 != 0 || length > max || max > 2 * MAX_SECRET_NAME) return false;
        int referent = p + (width == 8 ? 8 : 4);
        if (width == 8 && (referent > k || u32(b, p + 4, true) != 0)) return false;
        return array(b, k, referent, width, length, max);
    }

    /** A referent and a conformant varying array of {@code length / 2} printable UTF-16 characters at {@code at}. */
    private static boolean array(byte[] b, int k, int at, int width, int length, int max) {
        int chars = at + 4 * width;
        if (chars + length > k || number(b, at, width) == 0) return false;
        if (number(b, at + width, width) != max / 2 || number(b, at + 2 * width, width) != 0
                || number(b, at + 3 * width, width) != length / 2) {
            return false;
        }
        for (int i = 0; i < length; i += 2) {
            int c = u16(b, chars + i, true);
            if (c < 0x20 || c > 0x7e) return false;
        }
        return true;
    }

    /** A little-endian unsigned number of 4 or 8 bytes; -1 when it does not fit an int. */
    private static long number(byte[] b, int at, int width) {
        long lo = u32(b, at, true) & 0xffffffffL;
        if (width == 4) return lo;
        return u32(b, at + 4, true) == 0 ? lo : -1;
    }

    private static long bits(int... ops) {
        long b = 0;
        for (int op : ops) b |= 1L << op;
        return b;
    }
}
