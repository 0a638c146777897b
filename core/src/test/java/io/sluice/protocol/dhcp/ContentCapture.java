package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST SCAFFOLDING shared by the LAN protocol corpus tests (dhcp, arp, ntp, snmp, name services):
 * runs a capture through the real pipeline (default flow and dissection configuration, the
 * standard protocols) and keeps what it emits.
 */
public final class ContentCapture {
    public final List<ContentEvent> content = new ArrayList<>();
    public final List<FlowRecord> conns = new ArrayList<>();
    public final List<TunnelEvent> tunnels = new ArrayList<>();

    private ContentCapture() {}

    public static ContentCapture run(Path capture) throws Exception {
        return run(capture, true);
    }

    public static ContentCapture run(Path capture, boolean verifyChecksums) throws Exception {
        var out = new ContentCapture();
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                out.conns.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {
                out.tunnels.add(event);
            }

            @Override
            public void content(ContentEvent event) {
                out.content.add(event);
            }
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(verifyChecksums), listener);
        try (PacketSource source = CaptureInputs.open(capture)) {
            assertThat(pipeline.run(source, ProgressListener.NONE)).as("capture error").isNull();
        }
        pipeline.finish();
        return out;
    }

    public <T> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ContentEvent e : content) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }
}
