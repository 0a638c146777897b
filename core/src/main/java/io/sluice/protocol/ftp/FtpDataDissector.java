package io.sluice.protocol.ftp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.nio.ByteBuffer;

/**
 * An FTP data connection (service "ftp-data"), attached when the flow layer creates a connection
 * an FTP control connection announced: its bytes, in the direction that sends first, are one file
 * of files.log (source FTP_DATA, as Zeek names it), named by the file command's argument when the
 * control connection said which (Zeek leaves FTP files unnamed; the name is Sluice's). A directory
 * listing (LIST, NLST) is a file too, as in Zeek.
 */
final class FtpDataDissector implements Dissector {
    private FileAnalysis file;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        if (file == null) {
            file = FileAnalysis.open(ctx, "FTP_DATA", fromOrig, 0);
            if (ctx.expectation() instanceof FtpDataChannel channel) {
                file.filename(channel.name);
                channel.file = file;
            }
        }
        if (file.isOrig() == fromOrig) file.append(buf, offset, length, ctx.tsNanos());
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (file != null && file.isOrig() == fromOrig) file.gap(bytes);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (file != null) file.end(ctx);
    }

    @Override
    public boolean wantsMore() {
        return true;
    }
}
