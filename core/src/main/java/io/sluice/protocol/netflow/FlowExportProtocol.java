package io.sluice.protocol.netflow;

import io.sluice.protocol.ProtocolSignature;

/**
 * Flow exports inside captures: NetFlow v5/v9 and IPFIX (service "netflow") and sFlow v5
 * (service "sflow") datagrams recognised by content on any UDP port. Their dissector decodes the
 * exported records with {@code io.sluice.ingest.netflow} and emits the exported flows as flow
 * records and connection creations beside the capture's own (source "netflow-v5", "netflow-v9",
 * "ipfix", "sflow"; the exporter is the datagram's sender).
 */
public final class FlowExportProtocol {
    public static final ProtocolSignature NETFLOW = new FlowExportSignature(false);
    public static final ProtocolSignature SFLOW = new FlowExportSignature(true);

    private FlowExportProtocol() {}
}
