package io.sluice.ingest.netflow;

/** Receives each decoded record; the view is reused, so copy what must outlive the call. */
public interface ExportListener {
    void onRecord(ExportRecord record);
}
