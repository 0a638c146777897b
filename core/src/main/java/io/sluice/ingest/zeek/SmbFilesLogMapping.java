package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.smb.SmbFileAction;
import java.util.List;

/** {@code smb_files.log} → {@link SmbFileAction}, Zeek's file id included. */
final class SmbFilesLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "smb_files";
    }

    @Override
    public List<String> signature() {
        return List.of("action", "size");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new SmbFileAction(r.requiredTime("ts"), r.required("uid"), r.connId(), r.string("fuid"),
                r.string("action"), r.wire("path"), r.wire("name"), r.count("size", 0), r.wire("prev_name"),
                r.time("times.modified"), r.time("times.accessed"), r.time("times.created"),
                r.time("times.changed")));
    }
}
