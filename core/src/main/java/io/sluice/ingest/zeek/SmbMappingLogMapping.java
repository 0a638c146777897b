package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.smb.SmbMapping;
import java.util.List;

/** {@code smb_mapping.log} → {@link SmbMapping}. */
final class SmbMappingLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "smb_mapping";
    }

    @Override
    public List<String> signature() {
        return List.of("share_type");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new SmbMapping(r.requiredTime("ts"), r.required("uid"), r.connId(), r.wire("path"),
                r.wire("service"), r.wire("native_file_system"), r.string("share_type"), r.string("dialect")));
    }
}
