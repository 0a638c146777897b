package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import java.util.List;

/** Turns the rows of one Zeek log ({@code conn}, {@code dns}, ...) into Sluice's events for it. */
interface ZeekLogMapping {

    /** The log's {@code #path}. */
    String path();

    /**
     * Fields that every row of this log has (Zeek logs them always, by default value or as
     * required), which together no other supported log has: how a JSON row without {@code _path}
     * is recognised.
     */
    List<String> signature();

    /** Emits the row's events; throws {@link BadFieldException} when the row cannot become one. */
    void map(ZeekRow row, IngestContext context, String exporter);
}
