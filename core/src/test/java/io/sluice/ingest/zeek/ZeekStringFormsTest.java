package io.sluice.ingest.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.event.WireText;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.smb.SmbFileAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each string field is read in the form its record writes it: wire strings (one char per byte, as
 * Zeek logs byte strings) and text (RDP's client name, certificate subjects). The same value
 * written by Zeek as TSV and as JSON reads into equal events, and Sluice's writers give the input's
 * field text back.
 *
 * <p>The value: "café €" (valid UTF-8, which Zeek writes as it is) and the byte 0xff, which is not
 * UTF-8 and which Zeek writes as {@code \xff} in TSV and as {@code "\\xff"} in JSON.
 */
class ZeekStringFormsTest {

    /** "café €" then byte 0xff, one char per byte: how a dissector keeps it. */
    private static final String WIRE = WireText.ofText("café €") + "\u00ff";
    private static final String TSV_VALUE = "café €\\xff";

    /** One field of a hand-made row: its name, Zeek type, TSV text and JSON text (quotes included). */
    private record F(String name, String type, String tsv, String json) {}

    /** A field with its TSV text; the JSON text is what Zeek's JSON writer makes of the same value. */
    private static F f(String name, String type, String tsv) {
        String json = switch (type) {
            case "string", "enum", "addr" -> jsonString(tsv);
            case "bool" -> tsv.equals("T") ? "true" : "false";
            case "set[string]", "vector[string]" -> tsv.equals("(empty)") ? "[]"
                    : Arrays.stream(tsv.split(",")).map(ZeekStringFormsTest::jsonString)
                            .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            default -> tsv;
        };
        return new F(name, type, tsv, json);
    }

    /**
     * A TSV string value (no control bytes, quotes or separators) as Zeek's JSON writer writes the
     * same bytes: a backslash of the data ({@code \\} in TSV) is JSON-escaped, {@code "\\"}; so is
     * the backslash of the {@code \xNN} Zeek writes for a byte that is not UTF-8, {@code "\\xNN"}.
     */
    private static String jsonString(String tsv) {
        var sb = new StringBuilder("\"");
        for (int i = 0; i < tsv.length(); i++) {
            char c = tsv.charAt(i);
            if (c == '\\' && tsv.charAt(i + 1) == '\\') {
                sb.append("\\\\");
                i++;
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static final List<F> CONN = List.of(f("ts", "time", "1700000000.250000"), f("uid", "string", "CWire1"),
            f("id.orig_h", "addr", "10.0.0.5"), f("id.orig_p", "port", "49152"), f("id.resp_h", "addr", "192.0.2.7"),
            f("id.resp_p", "port", "80"));

    private static List<F> row(F... fields) {
        var all = new ArrayList<>(CONN);
        all.addAll(List.of(fields));
        return all;
    }

    private static String tsv(String path, List<F> fields) {
        var sb = new StringBuilder("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n");
        sb.append("#path\t").append(path).append('\n');
        sb.append("#fields\t").append(String.join("\t", fields.stream().map(F::name).toList())).append('\n');
        sb.append("#types\t").append(String.join("\t", fields.stream().map(F::type).toList())).append('\n');
        sb.append(String.join("\t", fields.stream().map(F::tsv).toList())).append('\n');
        return sb.toString();
    }

    private static String json(List<F> fields) {
        var parts = fields.stream().map(x -> "\"" + x.name() + "\":" + x.json()).toList();
        return "{" + String.join(",", parts) + "}\n";
    }

    private static Event readOne(String name, String text) throws IOException {
        var r = ZeekLogText.read(name, text);
        assertThat(r.problems()).as(name).isEmpty();
        assertThat(r.notices()).as(name).isEmpty();
        assertThat(r.events()).as(name).hasSize(1);
        return r.events().get(0);
    }

    private static String write(LogFormat format, Event e) throws IOException {
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(format, e.schema(), out, 0)) {
            w.write((LogEntry) e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The data row of a Sluice TSV log, field name to text as printed. */
    private static Map<String, String> tsvRow(String log) {
        String[] names = null;
        String[] values = null;
        for (String line : log.split("\n")) {
            if (line.startsWith("#fields\t")) names = line.substring(8).split("\t");
            else if (!line.startsWith("#") && !line.isEmpty()) values = line.split("\t", -1);
        }
        assertThat(values).hasSameSizeAs(names);
        var row = new LinkedHashMap<String, String>();
        for (int i = 0; i < names.length; i++) row.put(names[i], values[i]);
        return row;
    }

    /**
     * Reads the row as TSV and as JSON, checks both give the same event, and that writing it back
     * gives each {@code checked} field's text as it was in the input, in each format.
     */
    private static Event readBothAndWriteBack(String path, List<F> fields, String... checked) throws IOException {
        Event fromTsv = readOne(path + ".log", tsv(path, fields));
        Event fromJson = readOne(path + ".json", json(fields));
        assertThat(fromJson).as(path + ": JSON and TSV read into the same event").isEqualTo(fromTsv);
        Map<String, String> tsvOut = tsvRow(write(LogFormat.ZEEK, fromTsv));
        String jsonOut = write(LogFormat.JSON, fromJson);
        for (String name : checked) {
            F in = fields.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertThat(tsvOut.get(name)).as(path + " TSV " + name).isEqualTo(in.tsv());
            assertThat(jsonOut).as(path + " JSON " + name)
                    .containsPattern(java.util.regex.Pattern.quote("\"" + name + "\":" + in.json()) + "[,}]");
        }
        return fromTsv;
    }

    @Test
    void httpUriUserAgentAndFileNamesAreWireStrings() throws IOException {
        var fields = row(f("trans_depth", "count", "1"), f("method", "string", "GET"),
                f("host", "string", "example.com"), f("uri", "string", "/" + TSV_VALUE),
                f("user_agent", "string", TSV_VALUE), f("request_body_len", "count", "0"),
                f("response_body_len", "count", "3"),
                f("orig_fuids", "vector[string]", "Fo1,Fo2"),
                f("orig_filenames", "vector[string]", TSV_VALUE + ",plain.txt"),
                f("resp_fuids", "vector[string]", "Fr1"), f("resp_filenames", "vector[string]", TSV_VALUE));
        var http = (HttpTransaction) readBothAndWriteBack("http", fields, "uri", "user_agent", "orig_filenames",
                "resp_filenames");
        assertThat(http.uri()).isEqualTo("/" + WIRE);
        assertThat(http.userAgent()).isEqualTo(WIRE);
        assertThat(http.origFilenames()).containsExactly(WIRE, "plain.txt");
        assertThat(http.respFilenames()).containsExactly(WIRE);
    }

    @Test
    void dnsQueryIsAWireString() throws IOException {
        var fields = row(f("proto", "enum", "udp"), f("trans_id", "count", "7"),
                f("query", "string", TSV_VALUE + ".example"), f("qclass", "count", "1"),
                f("qclass_name", "string", "C_INTERNET"), f("qtype", "count", "1"), f("qtype_name", "string", "A"),
                f("AA", "bool", "F"), f("TC", "bool", "F"), f("RD", "bool", "T"), f("RA", "bool", "F"),
                f("Z", "count", "0"), f("rejected", "bool", "F"));
        var dns = (DnsTransaction) readBothAndWriteBack("dns", fields, "query");
        assertThat(dns.query()).isEqualTo(WIRE + ".example");
    }

    @Test
    void filesFilenameIsAWireString() throws IOException {
        var fields = row(f("fuid", "string", "FWire1"), f("source", "string", "HTTP"), f("depth", "count", "0"),
                f("analyzers", "set[string]", "(empty)"), f("filename", "string", TSV_VALUE),
                f("seen_bytes", "count", "3"), f("missing_bytes", "count", "0"));
        var file = (FileInfo) readBothAndWriteBack("files", fields, "filename");
        assertThat(file.filename()).isEqualTo(WIRE);
    }

    /**
     * SMB names are the bytes Zeek logs: a UTF-16 name (SMB2/3) as its UTF-8 bytes, which stay as
     * they are, and an SMB1 name in the OEM code page as the bytes sent, where a byte that is not
     * UTF-8 is escaped.
     */
    @Test
    void smbNamesAndPathsAreWireStrings() throws IOException {
        String name = "Rapport café €.docx";
        var fields = row(f("fuid", "string", "FSmb1"), f("action", "enum", "SMB::FILE_RENAME"),
                // \\srv\Partagé: a backslash is doubled in TSV
                f("path", "string", "\\\\\\\\srv\\\\Partagé"), f("name", "string", name), f("size", "count", "10"),
                f("prev_name", "string", TSV_VALUE));
        var smb = (SmbFileAction) readBothAndWriteBack("smb_files", fields, "name", "path", "prev_name");
        assertThat(smb.name()).isEqualTo(WireText.ofText(name));
        assertThat(smb.path()).isEqualTo(WireText.ofText("\\\\srv\\Partagé"));
        assertThat(smb.prevName()).isEqualTo(WIRE);
        var mappingFields = row(f("path", "string", "\\\\\\\\SRV\\\\Donn\\xe9es"), f("service", "string", "A:"),
                f("native_file_system", "string", TSV_VALUE), f("share_type", "string", "DISK"));
        var mapping = (io.sluice.protocol.smb.SmbMapping) readBothAndWriteBack("smb_mapping", mappingFields, "path",
                "service", "native_file_system");
        assertThat(mapping.path()).isEqualTo("\\\\SRV\\Donn\u00e9es");
        assertThat(mapping.nativeFileSystem()).isEqualTo(WIRE);
    }

    /**
     * Kerberos principals and error message (the e-text) and dce_rpc.log's named pipe are the bytes
     * sent, as Zeek logs them.
     */
    @Test
    void kerberosPrincipalsAndTheNamedPipeAreWireStrings() throws IOException {
        var krbFields = row(f("request_type", "string", "AS"), f("client", "string", TSV_VALUE + "/EXAMPLE.COM"),
                f("service", "string", "cifs/" + TSV_VALUE), f("success", "bool", "F"),
                f("error_msg", "string", "KDC_ERR_C_PRINCIPAL_UNKNOWN"));
        var krb = (io.sluice.protocol.kerberos.KerberosTransaction) readBothAndWriteBack("kerberos", krbFields,
                "client", "service", "error_msg");
        assertThat(krb.client()).isEqualTo(WIRE + "/EXAMPLE.COM");
        assertThat(krb.service()).isEqualTo("cifs/" + WIRE);
        assertThat(krb.errorMsg()).isEqualTo("KDC_ERR_C_PRINCIPAL_UNKNOWN");
        // the KRB-ERROR's e-text, which Zeek logs as bytes too
        var eTextFields = row(f("request_type", "string", "AS"), f("client", "string", "bob/EXAMPLE.COM"),
                f("success", "bool", "F"), f("error_msg", "string", "Client " + TSV_VALUE + " not found"));
        var eText = (io.sluice.protocol.kerberos.KerberosTransaction) readBothAndWriteBack("kerberos", eTextFields,
                "error_msg");
        assertThat(eText.errorMsg()).isEqualTo("Client " + WIRE + " not found");
        var rpcFields = row(f("rtt", "interval", "0.000300"), f("named_pipe", "string", "\\\\PIPE\\\\" + TSV_VALUE),
                f("endpoint", "string", "svcctl"), f("operation", "string", "CreateServiceW"));
        var rpc = (io.sluice.protocol.dcerpc.DceRpcCall) readBothAndWriteBack("dce_rpc", rpcFields, "named_pipe");
        assertThat(rpc.namedPipe()).isEqualTo("\\PIPE\\" + WIRE);
        // a Zeek log has none of Sluice's own dce_rpc fields: their defaults
        assertThat(rpc.endpointInferred()).isFalse();
        assertThat(rpc.activatedClsid()).isNull();
        assertThat(rpc.activatedClass()).isNull();
        assertThat(rpc.requestFromResponder()).isFalse();
    }

    /** DHCP's names and messages and RDP's cookie are bytes as sent, as Zeek logs them. */
    @Test
    void dhcpNamesAndTheRdpCookieAreWireStrings() throws IOException {
        var dhcpFields = List.of(f("ts", "time", "1700000000.250000"), f("uids", "set[string]", "CDhcp1"),
                f("mac", "string", "02:00:00:00:00:01"), f("host_name", "string", TSV_VALUE),
                f("domain", "string", "corp." + TSV_VALUE), f("msg_types", "vector[string]", "DISCOVER,OFFER"),
                f("duration", "interval", "0.100000"), f("client_software", "string", TSV_VALUE));
        var dhcp = (io.sluice.protocol.dhcp.DhcpTransaction) readBothAndWriteBack("dhcp", dhcpFields, "host_name",
                "domain", "client_software");
        assertThat(dhcp.hostName()).isEqualTo(WIRE);
        assertThat(dhcp.clientSoftware()).isEqualTo(WIRE);
        var rdpFields = row(f("cookie", "string", TSV_VALUE), f("result", "string", "Success"),
                f("client_channels", "vector[string]", "rdpdr," + TSV_VALUE), f("cert_count", "count", "0"));
        var rdp = (io.sluice.protocol.rdp.RdpSession) readBothAndWriteBack("rdp", rdpFields, "cookie",
                "client_channels");
        assertThat(rdp.cookie()).isEqualTo(WIRE);
        assertThat(rdp.clientChannels()).containsExactly("rdpdr", WIRE);
    }

    /**
     * A byte that is not UTF-8 has no place in a text field: TSV's {@code \xff} reads as U+FFFD (as
     * before), JSON's {@code "\\xff"} as the text it is. Zeek's RDP client names come from UTF-16
     * and are always UTF-8; only a hand-made row carries such a byte there.
     */
    @Test
    void aByteThatIsNotUtf8InATextFieldReadsAsTheTextEachFormatGives() throws IOException {
        var fields = row(f("client_name", "string", TSV_VALUE), f("cert_count", "count", "0"));
        var fromTsv = (io.sluice.protocol.rdp.RdpSession) readOne("rdp.log", tsv("rdp", fields));
        var fromJson = (io.sluice.protocol.rdp.RdpSession) readOne("rdp.json", json(fields));
        assertThat(fromTsv.clientName()).isEqualTo("café €\ufffd");
        assertThat(fromJson.clientName()).isEqualTo("café €\\xff");
    }

    @Test
    void olderZeekTsvThatEscapesEveryNonAsciiByteReadsTheSameBytes() throws IOException {
        var modern = row(f("trans_depth", "count", "1"), f("uri", "string", "/" + TSV_VALUE),
                f("request_body_len", "count", "0"));
        var older = row(f("trans_depth", "count", "1"), f("uri", "string", "/caf\\xc3\\xa9 \\xe2\\x82\\xac\\xff"),
                f("request_body_len", "count", "0"));
        Event a = readOne("http.log", tsv("http", modern));
        Event b = readOne("http.log", tsv("http", older));
        assertThat(b).isEqualTo(a);
        assertThat(((HttpTransaction) b).uri()).isEqualTo("/" + WIRE);
        // written back as Zeek writes today: valid UTF-8 as it is
        assertThat(tsvRow(write(LogFormat.ZEEK, b)).get("uri")).isEqualTo("/" + TSV_VALUE);
    }

    /**
     * Without a {@code #types} line a container is known only by the mapping that asks for one: it
     * is split at its separators before it is unescaped, so an escaped comma stays in its element.
     */
    @Test
    void anUntypedContainerIsSplitBeforeItIsUnescaped() throws IOException {
        String text = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n"
                + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\turi\torig_filenames"
                + "\tresp_filenames\n"
                + "1700000000.250000\tCWire2\t10.0.0.5\t49152\t192.0.2.7\t80\t1\t/a\\x2cb\tx\\x2cy.txt,plain.txt\t(empty)\n";
        var http = (HttpTransaction) readOne("http.log", text);
        assertThat(http.origFilenames()).containsExactly("x,y.txt", "plain.txt");
        assertThat(http.respFilenames()).isEmpty();
        assertThat(http.uri()).as("a single value is unescaped whole").isEqualTo("/a,b");
    }

    @Test
    void tsvUnescapingGivesTheBytes() {
        assertThat(ZeekEscapes.unescape("caf\u00c3\u00a9\\xff\\\\x41\\x09")).isEqualTo("caf\u00c3\u00a9\u00ff\\x41\t");
        assertThat(ZeekEscapes.unescape("plain")).isEqualTo("plain");
    }

    @Test
    void jsonTextToWireTurnsBackOnlyTheEscapesZeekMakes() {
        String e9 = WireText.ofText("é");
        // valid UTF-8 as its bytes, Zeek's escape of a byte that is not UTF-8 as the byte
        assertThat(ZeekEscapes.wireOfJson("café €\\xff")).isEqualTo(WIRE);
        assertThat(ZeekEscapes.wireOfJson("\\xe9t\\xe9")).isEqualTo("\u00e9t\u00e9");
        assertThat(ZeekEscapes.wireOfJson("a\\x01b\\x7f")).isEqualTo("a\u0001b\u007f");
        // a backslash of the data before an escaped byte: Zeek writes \ then \xff
        assertThat(ZeekEscapes.wireOfJson("a\\\\xff")).isEqualTo("a\\\u00ff");
        // Zeek never escapes printable ASCII, never writes uppercase hex, and writes valid UTF-8 as it is:
        // these were text in the data
        assertThat(ZeekEscapes.wireOfJson("/\\x41\\x2f")).isEqualTo("/\\x41\\x2f");
        assertThat(ZeekEscapes.wireOfJson("\\xFF")).isEqualTo("\\xFF");
        assertThat(ZeekEscapes.wireOfJson("\\xc3\\xa9\\xff")).isEqualTo("\\xc3\\xa9\u00ff");
        assertThat(ZeekEscapes.wireOfJson("\\xe9é")).isEqualTo("\u00e9" + e9);
        assertThat(ZeekEscapes.wireOfJson("\\x")).isEqualTo("\\x");
        assertThat(ZeekEscapes.wireOfJson("\\xg0")).isEqualTo("\\xg0");
        assertThat(ZeekEscapes.wireOfJson("plain")).isSameAs("plain");
    }
}
