package io.sluice.protocol.dcerpc;

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
 */
final class UnboundCallInference {
    static final String DRSUAPI = "e3514235-4b06-11d1-ab04-00c04fc2dcd2";
    static final String REMOTE_SCM_ACTIVATOR = "000001a0-0000-0000-c000-000000000046";

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

    private static long bits(int... ops) {
        long b = 0;
        for (int op : ops) b |= 1L << op;
        return b;
    }
}
