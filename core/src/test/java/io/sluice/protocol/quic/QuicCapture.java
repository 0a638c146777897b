package io.sluice.protocol.quic;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.Weird;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A capture run through the real pipeline with the standard protocols; what came out, by kind. */
record QuicCapture(List<FlowRecord> conns, List<QuicConnection> quic, List<TlsHandshake> ssl, List<Weird> weirds) {

    static QuicCapture run(Path pcap) throws Exception {
        return run(pcap, true);
    }

    /** @param verifyChecksums false as Suricata's tests run ({@code -k none}) and Zeek's with {@code -C} */
    static QuicCapture run(Path pcap, boolean verifyChecksums) throws Exception {
        var out = new QuicCapture(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                out.conns().add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {}

            @Override
            public void content(ContentEvent event) {
                switch (event) {
                    case QuicConnection q -> out.quic().add(q);
                    case TlsHandshake h -> out.ssl().add(h);
                    case Weird w -> out.weirds().add(w);
                    default -> { }
                }
            }
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(verifyChecksums), listener);
        try (PacketSource source = CaptureInputs.open(pcap)) {
            CaptureException damage = pipeline.run(source, ProgressListener.NONE);
            if (damage != null) throw damage;
        }
        pipeline.finish();
        return out;
    }
}
