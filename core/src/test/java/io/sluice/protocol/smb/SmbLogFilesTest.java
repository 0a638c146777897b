package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.LogDirectory;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.protocol.RecordingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rows of a built session written by the log writers, Zeek TSV and JSON lines. */
class SmbLogFilesTest {

    @Test
    void zeekTsvHasZeeksColumnsAndValues(@TempDir Path dir) throws Exception {
        var ctx = Smb2DissectorTest.run(Smb2DissectorTest.psexecLikeSession(), Integer.MAX_VALUE);
        write(ctx, dir, LogFormat.ZEEK);
        List<String> mapping = Files.readAllLines(dir.resolve("smb_mapping.log"));
        assertThat(mapping).contains("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tpath\tservice"
                + "\tnative_file_system\tshare_type\tdialect");
        assertThat(mapping).anyMatch(l -> l.endsWith("\\\\\\\\srv\\\\ADMIN$\t-\t-\tDISK\t3.11"));
        List<String> files = Files.readAllLines(dir.resolve("smb_files.log"));
        assertThat(files).contains("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tfuid\taction\tpath"
                + "\tname\tsize\tprev_name\ttimes.modified\ttimes.accessed\ttimes.created\ttimes.changed");
        assertThat(files).anyMatch(l -> l.contains("\tSMB::FILE_RENAME\t") && l.contains("\tsvc.exe\t1000\tPSEXESVC.exe\t"));
        List<String> rpc = Files.readAllLines(dir.resolve("dce_rpc.log"));
        assertThat(rpc).contains("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\trtt\tnamed_pipe"
                + "\tendpoint\toperation\tendpoint_inferred\tactivated_clsid\tactivated_class\trequest_from_resp"); // the
        // last four are Sluice's, unset unless the endpoint was inferred, the call is a DCOM activation or the
        // capture began with the server's packet
        assertThat(rpc).anyMatch(l -> l.endsWith("\t0.000001\t\\\\PIPE\\\\svcctl\tsvcctl\tCreateServiceW\t-\t-\t-\t-"));
        List<String> ntlm = Files.readAllLines(dir.resolve("ntlm.log"));
        assertThat(ntlm).anyMatch(l -> l.endsWith("\talice\tWS1\tCORP\tSRV\tsrv.corp.local\tcorp.local\tT"));
    }

    @Test
    void jsonLinesUseZeeksNames(@TempDir Path dir) throws Exception {
        var ctx = Smb2DissectorTest.run(Smb2DissectorTest.psexecLikeSession(), Integer.MAX_VALUE);
        write(ctx, dir, LogFormat.JSON);
        assertThat(Files.readString(dir.resolve("dce_rpc.log"))).contains("\"named_pipe\":\"\\\\PIPE\\\\svcctl\"",
                "\"operation\":\"CreateServiceW\"");
        assertThat(Files.readString(dir.resolve("smb_files.log"))).contains("\"action\":\"SMB::FILE_OPEN\"",
                "\"name\":\"PSEXESVC.exe\"");
    }

    private static void write(RecordingContext ctx, Path dir, LogFormat format) throws Exception {
        try (var logs = new LogDirectory(dir, format, 0)) {
            for (var e : ctx.events) logs.write((LogEntry) e);
        }
    }
}
