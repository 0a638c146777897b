package io.sluice.ingest.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.protocol.files.FileInfo;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * files.log rows written by hand, in Zeek 6's layout (uid, id.*) and in the layout before Zeek 5.1
 * (tx_hosts, rx_hosts, conn_uids), as TSV and as JSON, read into {@link FileInfo}.
 */
class FilesLogMappingTest {

    private static final String TSV_HEAD = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tfiles
            """;

    // Hashes of "abc", so the row is self-consistent with seen_bytes 3.
    private static final String MD5 = "900150983cd24fb0d6963f7d28e17f72";
    private static final String SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
    private static final String SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /** The files read, and every problem and notice (each row here is one Sluice reads). */
    private record Read(List<FileInfo> files, List<String> problems) {}

    private static Read read(String name, String text) throws IOException {
        var r = ZeekLogText.read(name, text);
        var problems = new java.util.ArrayList<>(r.problems());
        for (String n : r.notices()) problems.add("notice: " + n);
        return new Read(r.of(FileInfo.class), problems);
    }

    /** The Zeek 6 row both formats below describe: an HTTP response body, hashed three ways. */
    private static final FileInfo ZEEK6 = new FileInfo(1_700_000_000_250_000_000L, "FhAbc1xyzT0aQw2Kd3",
            "CHhAvVGS1DHFjwGM9", new ConnId("10.0.0.5", 49152, "192.0.2.7", 80), "HTTP", 0,
            List.of("MD5", "SHA1", "SHA256"), "text/plain", "abc.txt", 1_500_000L, true, false, 3, 3L, 0, 0, false,
            MD5, SHA1, SHA256);
    /** The same row as the TSV gives it, with Zeek's extraction fields. */
    private static final FileInfo ZEEK6_EXTRACTED = new FileInfo(ZEEK6.tsNanos(), ZEEK6.fuid(), ZEEK6.uid(), ZEEK6.id(),
            ZEEK6.source(), ZEEK6.depth(), ZEEK6.analyzers(), ZEEK6.mimeType(), ZEEK6.filename(), ZEEK6.durationNanos(),
            ZEEK6.localOrig(), ZEEK6.isOrig(), ZEEK6.seenBytes(), ZEEK6.totalBytes(), ZEEK6.missingBytes(),
            ZEEK6.overflowBytes(), ZEEK6.timedout(), MD5, SHA1, SHA256, "HTTP-FhAbc1xyzT0aQw2Kd3.txt", false, 3L);

    @Test
    void zeek6TsvRowWithHashes() throws IOException {
        String tsv = TSV_HEAD + """
                #fields\tts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tsource\tdepth\tanalyzers\tmime_type\tfilename\tduration\tlocal_orig\tis_orig\tseen_bytes\ttotal_bytes\tmissing_bytes\toverflow_bytes\ttimedout\tparent_fuid\tmd5\tsha1\tsha256\textracted\textracted_cutoff\textracted_size
                #types\ttime\tstring\tstring\taddr\tport\taddr\tport\tstring\tcount\tset[string]\tstring\tstring\tinterval\tbool\tbool\tcount\tcount\tcount\tcount\tbool\tstring\tstring\tstring\tstring\tstring\tbool\tcount
                1700000000.250000\tFhAbc1xyzT0aQw2Kd3\tCHhAvVGS1DHFjwGM9\t10.0.0.5\t49152\t192.0.2.7\t80\tHTTP\t0\tMD5,SHA1,SHA256\ttext/plain\tabc.txt\t0.001500\tT\tF\t3\t3\t0\t0\tF\tFparent0000000001\t%s\t%s\t%s\tHTTP-FhAbc1xyzT0aQw2Kd3.txt\tF\t3
                """.formatted(MD5, SHA1, SHA256);
        Read r = read("files.log", tsv);
        assertThat(r.problems()).isEmpty();
        // parent_fuid has no place in FileInfo: it is dropped, not an error; the extraction is kept
        assertThat(r.files()).containsExactly(ZEEK6_EXTRACTED);
    }

    @Test
    void zeek6JsonRowWithHashesWithoutPath() throws IOException {
        String json = """
                {"ts":1700000000.25,"fuid":"FhAbc1xyzT0aQw2Kd3","uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.0.0.5","id.orig_p":49152,"id.resp_h":"192.0.2.7","id.resp_p":80,"source":"HTTP","depth":0,"analyzers":["MD5","SHA1","SHA256"],"mime_type":"text/plain","filename":"abc.txt","duration":0.0015,"local_orig":true,"is_orig":false,"seen_bytes":3,"total_bytes":3,"missing_bytes":0,"overflow_bytes":0,"timedout":false,"md5":"%s","sha1":"%s","sha256":"%s"}
                """.formatted(MD5, SHA1, SHA256);
        Read r = read("files.json", json);
        assertThat(r.problems()).isEmpty();
        assertThat(r.files()).containsExactly(ZEEK6);
    }

    /** Zeek 4's header: the hosts and uids as sets, no ports. */
    private static final String OLD_FIELDS = """
            #fields\tts\tfuid\ttx_hosts\trx_hosts\tconn_uids\tsource\tdepth\tanalyzers\tmime_type\tfilename\tduration\tlocal_orig\tis_orig\tseen_bytes\ttotal_bytes\tmissing_bytes\toverflow_bytes\ttimedout\tparent_fuid\tmd5\tsha1\tsha256\textracted\textracted_cutoff\textracted_size
            #types\ttime\tstring\tset[addr]\tset[addr]\tset[string]\tstring\tcount\tset[string]\tstring\tstring\tinterval\tbool\tbool\tcount\tcount\tcount\tcount\tbool\tstring\tstring\tstring\tstring\tstring\tbool\tcount
            """;

    @Test
    void preZeek51TsvRowsTakeTheConnectionFromTxAndRxHosts() throws IOException {
        String tsv = TSV_HEAD + OLD_FIELDS
                // a download: the server (responder) sent it, so is_orig F puts the receiver first
                + "1500000000.000001\tFdl\t192.0.2.7\t10.0.0.5\tCdl\tHTTP\t0\tMD5,SHA1\tapplication/x-dosexec\t-\t"
                + "0.5\tF\tF\t3\t-\t0\t0\tF\t-\t" + MD5 + "\t" + SHA1 + "\t-\t-\t-\t-\n"
                // an upload over two connections: the first host and uid of each set are kept
                + "1500000001.000000\tFup\t10.0.0.6,10.0.0.9\t198.51.100.1,198.51.100.2\tCup1,Cup2\tSMB\t0\t"
                + "(empty)\t-\tfile.doc\t0.000000\t-\tT\t10\t20\t10\t0\tT\t-\t-\t-\t-\t-\t-\t-\n";
        Read r = read("files.log", tsv);
        assertThat(r.problems()).isEmpty();
        assertThat(r.files()).containsExactly(
                new FileInfo(1_500_000_000_000_001_000L, "Fdl", "Cdl", new ConnId("10.0.0.5", 0, "192.0.2.7", 0),
                        "HTTP", 0, List.of("MD5", "SHA1"), "application/x-dosexec", null, 500_000_000L, false, false,
                        3, null, 0, 0, false, MD5, SHA1, null),
                new FileInfo(1_500_000_001_000_000_000L, "Fup", "Cup1", new ConnId("10.0.0.6", 0, "198.51.100.1", 0),
                        "SMB", 0, List.of(), null, "file.doc", 0, false, true, 10, 20L, 10, 0, true, null, null, null));
    }

    @Test
    void preZeek51JsonRowAsRitaReadsIt() throws IOException {
        String json = """
                {"ts":1500000000.000001,"fuid":"Fdl","tx_hosts":["192.0.2.7"],"rx_hosts":["10.0.0.5"],"conn_uids":["Cdl"],"source":"HTTP","depth":0,"analyzers":["MD5","SHA1"],"mime_type":"application/x-dosexec","duration":0.5,"local_orig":false,"is_orig":false,"seen_bytes":3,"missing_bytes":0,"overflow_bytes":0,"timedout":false,"md5":"%s","sha1":"%s"}
                """.formatted(MD5, SHA1);
        Read r = read("files.log", json);
        assertThat(r.problems()).isEmpty();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.uid()).isEqualTo("Cdl");
            assertThat(f.id()).isEqualTo(new ConnId("10.0.0.5", 0, "192.0.2.7", 0));
            assertThat(f.isOrig()).isFalse();
            assertThat(f.md5()).isEqualTo(MD5);
            assertThat(f.sha256()).isNull();
            assertThat(f.totalBytes()).isNull();
        });
    }

    @Test
    void withUidAndTheOldSetsBothTheUidAndIdWin() throws IOException {
        // Zeek 5.1 to 6.0 with policy/frameworks/files/deprecated-txhosts-rxhosts-connuids loaded
        String json = """
                {"ts":1.0,"fuid":"F1","uid":"C1","id.orig_h":"10.0.0.5","id.orig_p":40000,"id.resp_h":"192.0.2.7","id.resp_p":445,"tx_hosts":["192.0.2.7"],"rx_hosts":["10.0.0.5"],"conn_uids":["Cother"],"source":"SMB","is_orig":false,"seen_bytes":1,"missing_bytes":0}
                """;
        FileInfo f = read("files.log", json).files().get(0);
        assertThat(f.uid()).isEqualTo("C1");
        assertThat(f.id()).isEqualTo(new ConnId("10.0.0.5", 40000, "192.0.2.7", 445));
    }

    @Test
    void missingOptionalFieldsTakeZeekDefaults() throws IOException {
        String tsv = TSV_HEAD + """
                #fields\tts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tsource\tdepth\tanalyzers\tduration\tlocal_orig\tis_orig\tseen_bytes\tmissing_bytes
                #types\ttime\tstring\tstring\taddr\tport\taddr\tport\tstring\tcount\tset[string]\tinterval\tbool\tbool\tcount\tcount
                2.0\tF2\tC2\t10.0.0.5\t1\t10.0.0.7\t445\tSMB\t-\t-\t-\t-\t-\t7\t0
                """;
        String json = """
                {"ts":2.0,"fuid":"F2","uid":"C2","id.orig_h":"10.0.0.5","id.orig_p":1,"id.resp_h":"10.0.0.7","id.resp_p":445,"source":"SMB","seen_bytes":7,"missing_bytes":0}
                """;
        var want = new FileInfo(2_000_000_000L, "F2", "C2", new ConnId("10.0.0.5", 1, "10.0.0.7", 445), "SMB", 0,
                List.of(), null, null, 0, false, false, 7, null, 0, 0, false, null, null, null);
        for (String text : List.of(tsv, json)) {
            Read r = read("files.log", text);
            assertThat(r.problems()).isEmpty();
            assertThat(r.files()).containsExactly(want);
        }
    }

    @Test
    void aRowWithoutConnectionOrSourceIsReportedAndTheOthersKept() throws IOException {
        String json = """
                {"ts":1.0,"fuid":"Fdisk","source":"INPUT","seen_bytes":5,"missing_bytes":0}
                {"ts":2.0,"fuid":"Fempty","tx_hosts":[],"rx_hosts":[],"conn_uids":[],"source":"HTTP","seen_bytes":5,"missing_bytes":0}
                {"ts":3.0,"fuid":"Fnosrc","uid":"C3","id.orig_h":"10.0.0.5","id.orig_p":1,"id.resp_h":"10.0.0.7","id.resp_p":80,"seen_bytes":5,"missing_bytes":0}
                {"ts":4.0,"fuid":"Fok","conn_uids":["C4"],"tx_hosts":["10.0.0.7"],"rx_hosts":["10.0.0.5"],"source":"HTTP","seen_bytes":5,"missing_bytes":0}
                """;
        Read r = read("files.log", json);
        assertThat(r.files()).extracting(FileInfo::fuid).containsExactly("Fok");
        assertThat(r.problems()).containsExactly(
                "line 1: files row: no connection: uid and conn_uids are unset (a file not carried by a connection)",
                "line 2: files row: no connection: uid and conn_uids are unset (a file not carried by a connection)",
                "line 3: files row: required field source is unset");
    }
}
