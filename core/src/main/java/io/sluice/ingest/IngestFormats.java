package io.sluice.ingest;

import io.sluice.ingest.zeek.ZeekLogFormat;
import java.util.List;
import java.util.Optional;

/**
 * The non-packet formats Sluice reads, in the order they are tried when recognising an input by
 * its first bytes (most specific first: a Sysmon JSON export is also JSON lines). The one place a
 * new format is registered.
 */
public final class IngestFormats {

    /** How many leading (decompressed) bytes recognisers get to look at. */
    public static final int HEAD_BYTES = 8192;

    private final List<IngestFormat> formats;

    public IngestFormats(List<IngestFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** Every format Sluice ships. */
    public static IngestFormats standard() {
        return new IngestFormats(List.of(
                new io.sluice.ingest.sysmon.SysmonXmlFormat(),
                new io.sluice.ingest.sysmon.SysmonJsonFormat(),
                new io.sluice.ingest.cloud.AzureFlowLogFormat(),
                new io.sluice.ingest.cloud.GcpVpcFlowFormat(),
                new io.sluice.ingest.cloud.AwsVpcFlowFormat(),
                new io.sluice.ingest.linux.AuditdFormat(),
                new io.sluice.ingest.linux.ConntrackFormat(),
                new io.sluice.ingest.macos.LsofFormat(),
                new io.sluice.ingest.macos.NettopFormat(),
                new ZeekLogFormat()
        ));
    }

    /** The first format that recognises {@code head}, if any. */
    public Optional<IngestFormat> recognise(byte[] head, int length) {
        for (IngestFormat f : formats) {
            if (f.recognises(head, length)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format called {@code name} ({@code --input-format}). */
    public Optional<IngestFormat> named(String name) {
        for (IngestFormat f : formats) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public List<IngestFormat> all() {
        return formats;
    }
}
