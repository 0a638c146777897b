package io.sluice.protocol.netflow;

import io.sluice.ingest.netflow.ExportRecognizer;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/** Recognises export datagrams by content ({@link ExportRecognizer}); one instance per family. */
final class FlowExportSignature implements ProtocolSignature {
    private final boolean sflow;

    FlowExportSignature(boolean sflow) {
        this.sflow = sflow;
    }

    @Override
    public String name() {
        return sflow ? "sflow" : "netflow";
    }

    @Override
    public boolean onTcp() {
        return false;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (!fromOrig) return false; // exports flow from exporter to collector, never answered
        int kind = ExportRecognizer.recognise(buf, offset, length);
        return sflow ? kind == ExportRecognizer.SFLOW : kind != ExportRecognizer.NONE && kind != ExportRecognizer.SFLOW;
    }

    @Override
    public Dissector create() {
        return new FlowExportDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return sflow ? port == 6343 : port == 2055 || port == 9995 || port == 9996 || port == 4739;
    }
}
