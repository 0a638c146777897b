package io.sluice.packet.craft;

import java.util.List;

/**
 * NDR stubs of the DCE/RPC calls an ordinary Windows client makes to its domain controller and
 * file servers (MS-LSAT, MS-NRPC, MS-SRVS, MS-WKST, C706 appendix O for the endpoint mapper), and
 * of the service control manager calls PsExec-style tools make (MS-SCMR): requests and the
 * servers' answers, parameter by parameter as the IDL lays them out.
 */
public final class RpcStubs {
    private RpcStubs() {}

    public static final String LSARPC = "12345778-1234-abcd-ef00-0123456789ab";
    public static final String NETLOGON = "12345678-1234-abcd-ef00-01234567cffb";
    public static final String SRVSVC = "4b324fc8-1670-01d3-1278-5a47bf6ee188";
    public static final String WKSSVC = "6bffd098-a112-3610-9833-46c3f87e345a";
    public static final String EPMAPPER = "e1af8308-5d1f-11c9-91a4-08002b14a0fa";
    public static final String SVCCTL = DceRpcPdus.SVCCTL;

    public static final int LSAR_CLOSE = 0, LSAR_LOOKUP_SIDS = 15, LSAR_OPEN_POLICY2 = 44;
    public static final int DSR_GET_DC_NAME_EX2 = 34, NETR_SHARE_GET_INFO = 16, NETR_WKSTA_GET_INFO = 0;
    public static final int EPT_MAP = 3;
    public static final int R_CLOSE_SERVICE_HANDLE = 0, R_CONTROL_SERVICE = 1, R_DELETE_SERVICE = 2,
            R_CREATE_SERVICE_W = 12, R_OPEN_SC_MANAGER_W = 15, R_OPEN_SERVICE_W = 16, R_START_SERVICE_W = 19;

    /** LsarOpenPolicy2: the server's name, empty object attributes with a QoS, lookup rights. */
    public static byte[] openPolicy2Request(String server) {
        var n = new Ndr().uniqueString(server);
        n.u32(24).pointer(false).pointer(false).u32(0).pointer(false).pointer(true); // LSAPR_OBJECT_ATTRIBUTES
        n.u32(12).u16(2).u8(1).u8(0); // the QoS it points at: impersonation, dynamic tracking
        return n.u32(0x0000_0801).toByteArray(); // POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION
    }

    /** A context handle and NTSTATUS: the answer of OpenPolicy2 (and, zeroed, of LsarClose). */
    public static byte[] handleResponse(byte[] handle) {
        return new Ndr().handle(handle).u32(0).toByteArray();
    }

    public static byte[] closeRequest(byte[] handle) {
        return new Ndr().handle(handle).toByteArray();
    }

    /** LsarLookupSids at LsapLookupWksta: the SIDs to name, no names yet. */
    public static byte[] lookupSidsRequest(byte[] handle, List<String> sids) {
        var n = new Ndr().handle(handle);
        n.u32(sids.size()).pointer(true).u32(sids.size());
        for (int i = 0; i < sids.size(); i++) n.pointer(true);
        for (String s : sids) n.sid(s);
        n.u32(0).pointer(false); // TranslatedNames
        return n.u16(1).u32(0).toByteArray(); // LookupLevel, MappedCount
    }

    /** One translated name: its SID_NAME_USE, name and index in the referenced domains. */
    public record Name(int use, String name, int domain) {}

    /** One referenced domain: NetBIOS name and SID. */
    public record Domain(String name, String sid) {}

    public static byte[] lookupSidsResponse(List<Domain> domains, List<Name> names) {
        var n = new Ndr().pointer(true);
        n.u32(domains.size()).pointer(true).u32(32); // Entries, Domains, MaxEntries
        n.u32(domains.size());
        for (Domain d : domains) n.unicodeString(d.name()).pointer(true);
        for (Domain d : domains) n.unicodeChars(d.name()).sid(d.sid());
        n.u32(names.size()).pointer(true).u32(names.size());
        for (Name m : names) n.u16(m.use()).unicodeString(m.name()).u32(m.domain());
        for (Name m : names) n.unicodeChars(m.name());
        return n.u32(names.size()).u32(0).toByteArray(); // MappedCount, STATUS_SUCCESS
    }

    /** DsrGetDcNameEx2 as the locator asks it: a DC of the domain, directory service, DNS names. */
    public static byte[] dsrGetDcNameEx2Request(String computer, String domain) {
        var n = new Ndr().uniqueString(computer).uniqueString(null).u32(0).uniqueString(domain);
        n.pointer(false).uniqueString(null); // DomainGuid, SiteName
        return n.u32(0x4000_0010L).toByteArray(); // DS_RETURN_DNS_NAME | DS_DIRECTORY_SERVICE_REQUIRED
    }

    public static byte[] dsrGetDcNameEx2Response(String dcName, String dcAddress, String domainGuid, String domain,
            String site) {
        var n = new Ndr().pointer(true);
        n.pointer(true).pointer(true).u32(1).uuid(domainGuid).pointer(true).pointer(true);
        n.u32(0xe000_f3fdL).pointer(true).pointer(true); // flags of a writable Windows Server 2022 DC
        n.string(dcName).string(dcAddress).string(domain).string(domain).string(site).string(site);
        return n.u32(0).toByteArray();
    }

    /** NetrShareGetInfo at level 1 (name, type, remark). */
    public static byte[] shareGetInfoRequest(String server, String share) {
        return new Ndr().uniqueString(server).string(share).u32(1).toByteArray();
    }

    public static byte[] shareGetInfoResponse(String share, int type, String remark) {
        var n = new Ndr().u32(1).pointer(true);
        n.pointer(true).u32(type).pointer(true).string(share).string(remark);
        return n.u32(0).toByteArray();
    }

    /** NetrWkstaGetInfo at level 100 (platform, names, version). */
    public static byte[] wkstaGetInfoRequest(String server) {
        return new Ndr().uniqueString(server).u32(100).toByteArray();
    }

    public static byte[] wkstaGetInfoResponse(String computer, String domain, int major, int minor) {
        var n = new Ndr().u32(100).pointer(true);
        n.u32(500).pointer(true).pointer(true).u32(major).u32(minor).string(computer).string(domain);
        return n.u32(0).toByteArray();
    }

    // MS-SCMR 3.1.4. An SC_RPC_HANDLE is a context handle, so RCloseServiceHandle is laid out as
    // LsarClose: closeRequest(handle), answered by handleResponse(new byte[16]).

    public static final int SC_MANAGER_ALL_ACCESS = 0x000F_003F, SERVICE_ALL_ACCESS = 0x000F_01FF;
    public static final int SERVICE_WIN32_OWN_PROCESS = 0x10, SERVICE_DEMAND_START = 3, SERVICE_ERROR_NORMAL = 1;
    public static final int SERVICE_CONTROL_STOP = 1, SERVICE_STOPPED = 1, SERVICE_STOP_PENDING = 3, SERVICE_RUNNING = 4;

    /** ROpenSCManagerW: the machine's name, the database (null for ServicesActive), the access wanted. */
    public static byte[] openScManagerRequest(String machine, String database, int access) {
        return new Ndr().uniqueString(machine).uniqueString(database).u32(access).toByteArray();
    }

    /**
     * RCreateServiceW for a service run from {@code binaryPath}: no load order group, tag,
     * dependencies, account (LocalSystem) or password.
     */
    public static byte[] createServiceRequest(byte[] scManager, String service, String displayName, int access,
            int serviceType, int startType, int errorControl, String binaryPath) {
        var n = new Ndr().handle(scManager).string(service).uniqueString(displayName);
        n.u32(access).u32(serviceType).u32(startType).u32(errorControl).string(binaryPath);
        n.uniqueString(null).pointer(false).pointer(false).u32(0); // LoadOrderGroup, TagId, Dependencies, DependSize
        return n.uniqueString(null).pointer(false).u32(0).toByteArray(); // ServiceStartName, Password, PwSize
    }

    /** RCreateServiceW's answer: no tag ([in, out, unique] lpdwTagId null), the service's handle, status. */
    public static byte[] createServiceResponse(byte[] service) {
        return new Ndr().pointer(false).handle(service).u32(0).toByteArray();
    }

    /** ROpenServiceW: the service by name, the access wanted. */
    public static byte[] openServiceRequest(byte[] scManager, String service, int access) {
        return new Ndr().handle(scManager).string(service).u32(access).toByteArray();
    }

    /** RStartServiceW with no arguments. */
    public static byte[] startServiceRequest(byte[] service) {
        return new Ndr().handle(service).u32(0).pointer(false).toByteArray();
    }

    /** RControlService: the control code (SERVICE_CONTROL_STOP and so on). */
    public static byte[] controlServiceRequest(byte[] service, int control) {
        return new Ndr().handle(service).u32(control).toByteArray();
    }

    /** RControlService's answer: the SERVICE_STATUS after the control, then the status code. */
    public static byte[] controlServiceResponse(int serviceType, int state, int waitHintMillis) {
        var n = new Ndr().u32(serviceType).u32(state).u32(0); // ControlsAccepted: none while stopping
        return n.u32(0).u32(0).u32(0).u32(waitHintMillis).u32(0).toByteArray(); // exit codes, CheckPoint, WaitHint
    }

    /** RDeleteService: the service's handle. */
    public static byte[] deleteServiceRequest(byte[] service) {
        return new Ndr().handle(service).toByteArray();
    }

    /** A bare Win32 error code: the answer of RStartServiceW and RDeleteService. */
    public static byte[] statusResponse(int error) {
        return new Ndr().u32(error).toByteArray();
    }

    /**
     * ept_map for an interface over TCP: the tower the client wants (interface, NDR, connection-
     * oriented RPC, TCP port 0, IP 0.0.0.0), a null entry handle, at most four towers back.
     */
    public static byte[] eptMapRequest(String iface, int major, int minor) {
        byte[] tower = tower(iface, major, minor, 0, new byte[4]);
        var n = new Ndr().pointer(true).uuid("00000000-0000-0000-0000-000000000000");
        n.pointer(true).u32(tower.length).u32(tower.length).bytes(tower);
        return n.align(4).handle(new byte[16]).u32(4).toByteArray();
    }

    public static byte[] eptMapResponse(String iface, int major, int minor, int port, byte[] ipv4) {
        byte[] tower = tower(iface, major, minor, port, ipv4);
        var n = new Ndr().handle(new byte[16]).u32(1);
        // conformant varying array of one full pointer. Its referent id is one the request did not
        // use (Wireshark skips a referent id it has seen as a duplicate) and of the 0x0002xxxx kind
        // Windows gives NDR32 pointers: with 3 (which NDR64 answers use) tshark 4.0 did not read
        // the tower and called the frame long
        n.u32(4).u32(0).u32(1).u32(0x00020008);
        n.u32(tower.length).u32(tower.length).bytes(tower);
        return n.align(4).u32(0).toByteArray();
    }

    /** A protocol tower (C706 appendix L): five floors, left-hand sides little-endian, ports big-endian. */
    private static byte[] tower(String iface, int major, int minor, int port, byte[] ipv4) {
        var t = new java.io.ByteArrayOutputStream();
        le16(t, 5);
        floor(t, uuidFloor(iface, major), le(minor));
        floor(t, uuidFloor("8a885d04-1ceb-11c9-9fe8-08002b104860", 2), le(0));
        floor(t, new byte[] {0x0b}, le(0));
        floor(t, new byte[] {0x07}, new byte[] {(byte) (port >>> 8), (byte) port});
        floor(t, new byte[] {0x09}, ipv4);
        return t.toByteArray();
    }

    private static byte[] uuidFloor(String uuid, int major) {
        byte[] u = new Ndr().uuid(uuid).toByteArray();
        byte[] f = new byte[19];
        f[0] = 0x0d;
        System.arraycopy(u, 0, f, 1, 16);
        f[17] = (byte) major;
        f[18] = (byte) (major >>> 8);
        return f;
    }

    private static void floor(java.io.ByteArrayOutputStream t, byte[] lhs, byte[] rhs) {
        le16(t, lhs.length);
        t.writeBytes(lhs);
        le16(t, rhs.length);
        t.writeBytes(rhs);
    }

    private static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    private static void le16(java.io.ByteArrayOutputStream t, int v) {
        t.writeBytes(le(v));
    }
}
