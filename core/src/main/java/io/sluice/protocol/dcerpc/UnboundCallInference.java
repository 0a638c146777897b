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
 */
final class UnboundCallInference {
    static final String DRSUAPI = "e3514235-4b06-11d1-ab04-00c04fc2dcd2";

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

    private static long bits(int... ops) {
        long b = 0;
        for (int op : ops) b |= 1L << op;
        return b;
    }
}
