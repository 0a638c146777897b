package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Tunnel;

/**
 * One connection in the {@link FlowTable}: its key, who the originator is, per-direction counters,
 * Zeek's history letters, TCP endpoint state and the pending Zeek-style timers. Mutable and reused
 * from a free list, so a flow allocates nothing per packet and (once warm) nothing per connection
 * but its event records. Listeners must not keep a Flow beyond a callback.
 */
public final class Flow implements TunnelParent {
    static final long NEVER = Long.MAX_VALUE;

    public static final int TCP = 1, UDP = 2, ICMP = 3;

    // ---- key (canonical: side a sorts before side b, unless dirTag marks a one-way ICMP key) ----
    long aHi, aLo, bHi, bLo;
    int aPort, bPort, ipProto, vlan, innerVlan, dirTag, hash;

    // ---- table bookkeeping ----
    int generation;
    boolean live;
    Flow lruPrev, lruNext;
    long scheduledDeadline = NEVER;

    // ---- identity ----
    int kind;
    long uidHigh;
    int uidLow;
    private String uidText;
    /** Built once per flow for its events; cleared when the roles flip, since both depend on direction. */
    ConnId idCache;
    FlowCommunityId communityIdCache;
    /** FlowRecords' local_orig/local_resp lookup; 0 until looked up, cleared when the roles flip. */
    int localFlags;
    long origHi, origLo, respHi, respLo;
    int origPort, respPort;
    long origMac, respMac;
    /**
     * Injected-data check ({@code FlowTable#checkStation}): the link-layer source of each
     * direction's first TCP segment with data (-1: none yet), how far each direction's data has
     * reached (relative sequence), and the first segment of new data from a second source:
     * direction (0 none, 1 orig, 2 resp, negative once judged), start, bytes kept, the first 16
     * of them in two longs, and the source.
     */
    long origStation, respStation, origDataEnd, respDataEnd;
    int injDir, injLen;
    long injStart, injHead, injTail, injMac;
    boolean oneWayIcmp;
    /** Echo payload sizes and entropy; null unless this is an ICMP echo connection. */
    IcmpEchoStats icmpEcho;
    /** The TCP handshake's JA4T/JA4TS/JA4L measures; reused with the flow. */
    final HandshakePrints prints = new HandshakePrints();
    /** Nothing more of the handshake can come: a field of the flow, so later packets do not touch {@link #prints}. */
    boolean printsDone;
    long startNs, lastNs;

    // ---- counters (Zeek's ConnSize analyzer and UDP/ICMP request/reply lengths) ----
    long origPkts, origIpBytes, respPkts, respIpBytes;
    long origLen, respLen;
    long missedBytes;

    // ---- history ----
    int histSeen;
    byte[] history = new byte[8];
    int historyLen;
    int origChkCnt, origChkThresh, respChkCnt, respChkThresh;

    // ---- TCP ----
    TcpEndpoint tcpOrig, tcpResp;
    boolean tcpSeenFirstAck, tcpIsActive, tcpIsPartial, tcpCloseDeferred, tcpDeferredGenEvent;
    boolean tcpHandshakeDone;
    int tcpFirstPacketSeen;
    long expireTimer0, expireTimer1, expireTimer2, attemptTimer, deleteTimer, resetTimer;
    long dnsTimer;

    // ---- tunnels ----
    TunnelParent encap;
    TunnelParent[] parents;
    int parentCount;
    Tunnel tunnelType;
    boolean tunnelActive;
    /** Sides (1 originator, 2 responder) that sent tunnel packets, until the tunnel is confirmed. */
    int tunnelSides;
    boolean tunnelConfirmed;

    // ---- connection-creation event ----
    boolean creationEmitted;

    // ---- content (protocol layer) ----
    /** Streams, identification and dissector; null when the connection's content is not inspected. */
    io.sluice.protocol.FlowDissection dissection;
    /** conn.log's service: the protocols confirmed, comma-joined in confirmation order. */
    String service;
    /** The confirmed protocols found on a responder port that is not their standard one. */
    String serviceNonStandardPort;
    /** What the dissector that announced this connection attached to the announcement; usually null. */
    Object expectation;
    /**
     * The measure of the first payload bytes per direction, kept when the content state is released
     * and no protocol was confirmed (conn.log's {@code *_payload_*}): bytes sampled (0: none),
     * entropy in bits per byte (NaN: too few bytes), first four bytes (-1: fewer).
     */
    int origSampled, respSampled;
    double origSampleBits, respSampleBits;
    long origSampleHead, respSampleHead;
    /** The sample as text when it is mostly printable ({@code FirstBytes#text}), else null. */
    String origSampleText, respSampleText;

    void reset() {
        kind = 0;
        uidText = null;
        idCache = null;
        communityIdCache = null;
        localFlags = 0;
        origMac = respMac = -1;
        origStation = respStation = -1;
        origDataEnd = respDataEnd = 0;
        injDir = injLen = 0;
        injStart = injHead = injTail = 0;
        injMac = -1;
        oneWayIcmp = false;
        icmpEcho = null;
        prints.reset();
        printsDone = false;
        startNs = lastNs = 0;
        origPkts = origIpBytes = respPkts = respIpBytes = 0;
        origLen = respLen = -1;
        missedBytes = 0;
        histSeen = 0;
        historyLen = 0;
        origChkCnt = respChkCnt = 0;
        origChkThresh = respChkThresh = 1;
        tcpSeenFirstAck = tcpIsPartial = tcpCloseDeferred = tcpDeferredGenEvent = tcpHandshakeDone = false;
        tcpIsActive = true;
        tcpFirstPacketSeen = 0;
        expireTimer0 = expireTimer1 = expireTimer2 = attemptTimer = deleteTimer = resetTimer = NEVER;
        dnsTimer = NEVER;
        encap = null;
        for (int i = 0; i < parentCount; i++) parents[i] = null;
        parentCount = 0;
        tunnelType = null;
        tunnelActive = false;
        tunnelSides = 0;
        tunnelConfirmed = false;
        creationEmitted = false;
        dissection = null;
        service = serviceNonStandardPort = null;
        expectation = null;
        origSampled = respSampled = 0;
        origSampleText = respSampleText = null;
        scheduledDeadline = NEVER;
    }

    void initTcp() {
        if (tcpOrig == null) {
            tcpOrig = new TcpEndpoint(this);
            tcpResp = new TcpEndpoint(this);
        }
        tcpOrig.reset(true);
        tcpResp.reset(false);
        tcpOrig.peer = tcpResp;
        tcpResp.peer = tcpOrig;
    }

    // ---- history (Zeek's Session::CheckHistory / AddHistory / ScaledHistoryEntry) ----

    /** Notes the letter the first time only; true when it had been seen before (Zeek's contract). */
    boolean checkHistory(int mask, char code) {
        if ((histSeen & mask) == 0) {
            histSeen |= mask;
            addHistory(code);
            return false;
        }
        return true;
    }

    void addHistory(char code) {
        if (historyLen == history.length) history = java.util.Arrays.copyOf(history, history.length * 2);
        history[historyLen++] = (byte) code;
    }

    boolean scaledHistory(char code, int count, int threshold) {
        if (count == threshold) {
            addHistory(code);
            return true;
        }
        return false;
    }

    public String history() {
        return new String(history, 0, historyLen, java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- roles ----

    /** Zeek's Connection::FlipRoles: swaps the sides and their counters and notes '^'. */
    void flipRoles() {
        idCache = null;
        communityIdCache = null;
        localFlags = 0;
        long t = origHi; origHi = respHi; respHi = t;
        t = origLo; origLo = respLo; respLo = t;
        int p = origPort; origPort = respPort; respPort = p;
        t = origMac; origMac = respMac; respMac = t;
        t = origStation; origStation = respStation; respStation = t;
        t = origDataEnd; origDataEnd = respDataEnd; respDataEnd = t;
        if (injDir == 1 || injDir == 2) injDir = 3 - injDir;
        t = origPkts; origPkts = respPkts; respPkts = t;
        t = origIpBytes; origIpBytes = respIpBytes; respIpBytes = t;
        t = origLen; origLen = respLen; respLen = t;
        p = origSampled; origSampled = respSampled; respSampled = p;
        double b = origSampleBits; origSampleBits = respSampleBits; respSampleBits = b;
        t = origSampleHead; origSampleHead = respSampleHead; respSampleHead = t;
        String s = origSampleText; origSampleText = respSampleText; respSampleText = s;
        if (kind == TCP) {
            TcpEndpoint e = tcpOrig; tcpOrig = tcpResp; tcpResp = e;
            tcpOrig.isOrig = true;
            tcpResp.isOrig = false;
            int f = tcpFirstPacketSeen;
            tcpFirstPacketSeen = ((f & 1) != 0 ? 2 : 0) | ((f & 2) != 0 ? 1 : 0);
            tcpIsPartial = false;
        }
        addHistory('^');
        if (dissection != null) dissection.flipRoles();
    }

    /** A protocol confirmed by its dissector joins the service list (once). */
    /**
     * Notes a protocol found on the connection (dissectors confirm theirs once per message, so the
     * usual call finds it already there and returns at the first check).
     */
    void addService(String name, boolean nonStandardPort) {
        if (!listed(service, name)) service = appended(service, name);
        if (nonStandardPort && !listed(serviceNonStandardPort, name)) {
            serviceNonStandardPort = appended(serviceNonStandardPort, name);
        }
    }

    /** Whether the comma-separated {@code list} holds {@code name}; no splitting, no allocation. */
    static boolean listed(String list, String name) {
        if (list == null) return false;
        if (list.equals(name)) return true;
        int n = name.length();
        for (int i = list.indexOf(name); i >= 0; i = list.indexOf(name, i + 1)) {
            if ((i == 0 || list.charAt(i - 1) == ',') && (i + n == list.length() || list.charAt(i + n) == ',')) return true;
        }
        return false;
    }

    private static String appended(String list, String name) {
        return list == null ? name : list.concat(",").concat(name);
    }

    public String service() {
        return service;
    }

    void addParent(TunnelParent parent) {
        for (int i = 0; i < parentCount; i++) if (parents[i] == parent) return;
        if (parents == null) parents = new TunnelParent[2];
        else if (parentCount == parents.length) parents = java.util.Arrays.copyOf(parents, parentCount * 2);
        parents[parentCount++] = parent;
    }

    // ---- read access for listeners, tests and the pipeline ----

    @Override
    public String uid() {
        if (uidText == null) uidText = UidGenerator.format(uidHigh, uidLow);
        return uidText;
    }

    public int kind() {
        return kind;
    }

    public String proto() {
        return switch (kind) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            default -> "unknown_transport";
        };
    }

    public ConnId id() {
        if (idCache == null) {
            idCache = new ConnId(IpAddress.format(origHi, origLo), origPort, IpAddress.format(respHi, respLo), respPort);
        }
        return idCache;
    }

    public long startNanos() {
        return startNs;
    }

    public long lastNanos() {
        return lastNs;
    }

    public long origPackets() {
        return origPkts;
    }

    public long respPackets() {
        return respPkts;
    }

    public int origState() {
        return kind == TCP ? tcpOrig.state : -1;
    }

    public int respState() {
        return kind == TCP ? tcpResp.state : -1;
    }

    public boolean isOrig(long srcHi, long srcLo, int srcPort) {
        return srcHi == origHi && srcLo == origLo && srcPort == origPort;
    }

    /** Marks this UDP flow as the outer connection of a tunnel of the given type. */
    public void markTunnel(Tunnel type) {
        markTunnel(type, true);
        markTunnel(type, false);
    }

    /**
     * This UDP connection carried a tunnel packet from one side. The tunnel's name joins
     * {@code service} as Zeek's analyzer confirmation does: at once for VXLAN, Geneve and AYIYA;
     * for Teredo only once both sides sent valid Teredo (Zeek's Tunnel::delay_teredo_confirmation).
     */
    public void markTunnel(Tunnel type, boolean fromOrig) {
        if (tunnelType == null) tunnelType = type;
        if (tunnelConfirmed) return;
        tunnelSides |= fromOrig ? 1 : 2;
        if (type != Tunnel.TEREDO || tunnelSides == 3) {
            tunnelConfirmed = true;
            addService(type.name().toLowerCase(java.util.Locale.ROOT), false);
        }
    }

    @Override
    public ConnId tunnelId() {
        return id();
    }

    @Override
    public Tunnel tunnelType() {
        return tunnelType;
    }

    @Override
    public boolean tunnelActive() {
        return tunnelActive;
    }

    @Override
    public void setTunnelActive(boolean active) {
        tunnelActive = active;
    }

    @Override
    public TunnelParent outerParent() {
        return encap;
    }

    long nextDeadline(long inactivityTimeout) {
        long d = inactivityTimeout > 0 ? lastNs + inactivityTimeout : NEVER;
        d = Math.min(d, dnsTimer);
        if (kind == TCP) {
            d = Math.min(d, Math.min(Math.min(expireTimer0, expireTimer1), expireTimer2));
            d = Math.min(d, Math.min(attemptTimer, Math.min(deleteTimer, resetTimer)));
        }
        return d;
    }
}
