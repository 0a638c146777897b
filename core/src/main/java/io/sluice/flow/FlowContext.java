package io.sluice.flow;

import io.sluice.event.FlowListener;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.FlowDissection;
import io.sluice.protocol.ProtocolSignature;
import java.util.Locale;

/**
 * The flow layer's {@link DissectorContext}: one instance per table, pointed at the connection
 * and packet time before every call into its dissector (so nothing is allocated per packet).
 * Valid only during that call.
 */
final class FlowContext implements DissectorContext {
    private final FlowListener listener;
    private final WeirdReporter weirds;
    private final LocalNetworks localNetworks;
    private final ExpectedConnections expected;
    private final ProxyTunnels proxyTunnels;
    private final UidGenerator fileIds;
    private final java.util.Set<String> fileHashes;
    private final io.sluice.protocol.files.FileExtraction fileExtraction;
    /** Out-of-order file bytes held over all of this pipeline's files. */
    private final io.sluice.protocol.files.HeldBytesBudget heldFileBytes =
            new io.sluice.protocol.files.HeldBytesBudget(io.sluice.protocol.files.HeldBytesBudget.DEFAULT_LIMIT);
    private Flow flow;
    private long ts;

    /**
     * @param fileIdSeed seed of the file ids (the run's uid seed, varied), so that runs are reproducible
     * @param fileHashes the hashes computed over files
     * @param fileExtraction where files are written to disk
     */
    FlowContext(FlowListener listener, WeirdReporter weirds, LocalNetworks localNetworks, ExpectedConnections expected,
            ProxyTunnels proxyTunnels, long fileIdSeed, java.util.Set<String> fileHashes, io.sluice.protocol.files.FileExtraction fileExtraction) {
        this.listener = listener;
        this.weirds = weirds;
        this.localNetworks = localNetworks;
        this.expected = expected;
        this.proxyTunnels = proxyTunnels;
        this.fileIds = new UidGenerator(fileIdSeed);
        this.fileHashes = fileHashes;
        this.fileExtraction = fileExtraction;
    }

    FlowContext at(Flow f, long tsNanos) {
        flow = f;
        ts = tsNanos;
        return this;
    }

    @Override
    public Object expectation() {
        return flow.expectation;
    }

    @Override
    public String newFileId() {
        long hi = fileIds.nextHigh();
        return UidGenerator.format('F', hi, fileIds.nextLow());
    }

    @Override
    public java.util.Set<String> fileHashes() {
        return fileHashes;
    }

    @Override
    public io.sluice.protocol.files.FileExtraction fileExtraction() {
        return fileExtraction;
    }

    @Override
    public io.sluice.protocol.files.HeldBytesBudget heldFileBytes() {
        return heldFileBytes;
    }

    @Override
    public String uid() {
        return flow.uid();
    }

    @Override
    public ConnId id() {
        return flow.id();
    }

    @Override
    public String proto() {
        return flow.proto();
    }

    @Override
    public boolean origIsLocal() {
        return localNetworks.contains(flow.origHi, flow.origLo);
    }

    @Override
    public boolean respIsLocal() {
        return localNetworks.contains(flow.respHi, flow.respLo);
    }

    @Override
    public long tsNanos() {
        return ts;
    }

    @Override
    public void emit(Event event) {
        listener.dispatch(event);
    }

    @Override
    public void confirm(String name) {
        FlowDissection d = flow.dissection;
        flow.addService(name, d != null && d.onNonStandardPort());
    }

    @Override
    public void weird(String name, String addl) {
        FlowDissection d = flow.dissection;
        ProtocolSignature s = d == null ? null : d.signature();
        String source = name.equals(FlowDissection.REXMIT_INCONSISTENCY) ? "TCP"
                : s == null ? null : s.name().toUpperCase(Locale.ROOT);
        weirds.conn(flow, ts, name, addl, source);
    }

    @Override
    public void registerProxyTunnel(String tunnelType) {
        proxyTunnels.register(flow.origHi, flow.origLo, flow.respHi, flow.respLo, flow.respPort, tunnelType, ts);
    }

    @Override
    public void expectConnection(String origH, String respH, int respP, String proto, String service, long timeoutNanos) {
        expectConnection(origH, respH, respP, proto, service, null, timeoutNanos);
    }

    @Override
    public void expectConnection(String origH, String respH, int respP, String proto, String service, Object attachment,
            long timeoutNanos) {
        if (respH == null || service == null || respP < 0 || respP > 0xFFFF) return;
        boolean tcp = "tcp".equals(proto);
        if (!tcp && !"udp".equals(proto)) return;
        long oHi = 0, oLo = 0, rHi, rLo;
        try {
            rHi = IpAddress.parseHi(respH);
            rLo = IpAddress.parseLo(respH);
            if (origH != null) {
                oHi = IpAddress.parseHi(origH);
                oLo = IpAddress.parseLo(origH);
            }
        } catch (IllegalArgumentException e) {
            return; // e.g. a PORT argument naming no address: nothing to expect
        }
        expected.add(origH == null, oHi, oLo, rHi, rLo, respP, tcp, service, attachment, ts + Math.max(0, timeoutNanos));
    }
}
