package io.sluice.ingest.zeek;

import io.sluice.event.ConnId;
import io.sluice.ingest.IngestContext;
import io.sluice.protocol.files.FileInfo;
import java.util.List;

/**
 * {@code files.log} → {@link FileInfo}, from Zeek 5.1 and later ({@code uid} and {@code id.*}) and
 * from older Zeek (RITA-era), which logged the sets {@code tx_hosts}, {@code rx_hosts} and
 * {@code conn_uids} instead. When a row has both (Zeek 5.1 to 6.0 with the
 * {@code deprecated-txhosts-rxhosts-connuids} policy script), {@code uid} and {@code id} win.
 *
 * <p>From the old sets: the uid is the first of {@code conn_uids}, and the connection is built from
 * the first sender ({@code tx_hosts}) and receiver ({@code rx_hosts}): the sender is the
 * originator when {@code is_orig} is true, the responder otherwise. Those logs have no ports, so
 * both are 0. A file that crossed several connections is reduced to the first one listed (Zeek
 * prints sets in no particular order), because {@link FileInfo} holds one connection.
 *
 * <p>{@link FileInfo} describes a file a connection carried, so a row without any connection (a
 * file Zeek read from disk or the input framework) is rejected, as is one without {@code source}
 * (Zeek names the protocol for every file a connection carries). Unset values of fields that are
 * not nullable in {@link FileInfo} take Zeek's defaults: {@code depth}, {@code seen_bytes},
 * {@code missing_bytes}, {@code overflow_bytes} 0, {@code duration} 0 s, {@code timedout} F, an
 * empty {@code analyzers}. {@code local_orig} and {@code is_orig} have no Zeek default
 * ({@code &optional}); unset reads as F — Zeek leaves {@code local_orig} unset when
 * {@code Site::local_nets} is empty, so such a row writes back F where it had {@code -}.
 *
 * <p>Not carried: {@code parent_fuid} (Sluice unpacks no archives, so {@link FileInfo} has no place
 * for it; it writes back unset). The {@code extracted*} fields are carried as Zeek wrote them.
 */
final class FilesLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "files";
    }

    /** Zeek logs these three in every row (the counts {@code &default=0}); smb_files has fuid but neither count. */
    @Override
    public List<String> signature() {
        return List.of("fuid", "seen_bytes", "missing_bytes");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        boolean isOrig = r.bool("is_orig", false);
        String uid;
        ConnId id;
        if (r.has("uid")) {
            uid = r.string("uid");
            id = r.connId();
        } else {
            uid = first(r, "conn_uids");
            id = fromHosts(r, isOrig);
        }
        List<String> analyzers = r.strings("analyzers");
        context.emit(new FileInfo(r.requiredTime("ts"), r.required("fuid"), uid, id, r.required("source"),
                r.count("depth", 0), analyzers == null ? List.of() : analyzers, r.string("mime_type"),
                r.wire("filename"), durationOrZero(r), r.bool("local_orig", false), isOrig, r.count("seen_bytes", 0),
                r.count("total_bytes"), r.count("missing_bytes", 0), r.count("overflow_bytes", 0),
                r.bool("timedout", false), r.string("md5"), r.string("sha1"), r.string("sha256"), r.string("extracted"),
                r.bool("extracted_cutoff"), r.count("extracted_size")));
    }

    /** Pre-5.1 rows: the sender is whichever end {@code is_orig} says; ports were never logged. */
    private static ConnId fromHosts(ZeekRow r, boolean isOrig) {
        String sender = first(r, "tx_hosts");
        String receiver = first(r, "rx_hosts");
        return isOrig ? new ConnId(sender, 0, receiver, 0) : new ConnId(receiver, 0, sender, 0);
    }

    /** The first element of a set, which must have one: without it the row names no connection. */
    private static String first(ZeekRow r, String name) {
        List<String> values = r.strings(name);
        if (values == null || values.isEmpty()) {
            throw new BadFieldException("no connection: uid and " + name + " are unset (a file not carried by a connection)");
        }
        return values.get(0);
    }

    private static long durationOrZero(ZeekRow r) {
        Long d = r.interval("duration");
        return d == null ? 0 : d;
    }
}
