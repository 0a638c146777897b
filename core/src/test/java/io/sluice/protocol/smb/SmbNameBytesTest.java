package io.sluice.protocol.smb;

import static io.sluice.packet.craft.Smb2Messages.createRequest;
import static io.sluice.packet.craft.Smb2Messages.createResponse;
import static io.sluice.packet.craft.Smb2Messages.frame;
import static io.sluice.packet.craft.Smb2Messages.renameRequest;
import static io.sluice.packet.craft.Smb2Messages.treeConnectRequest;
import static io.sluice.packet.craft.Smb2Messages.treeConnectResponse;
import static io.sluice.protocol.smb.Smb1DissectorTest.cat;
import static io.sluice.protocol.smb.Smb1DissectorTest.smb1;
import static io.sluice.protocol.smb.Smb1DissectorTest.words;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.WireText;
import io.sluice.protocol.files.FileInfo;
import io.sluice.testing.LogLines;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SMB names are logged as Zeek logs them, whatever the dialect: an SMB1 name in the OEM code page
 * (no Unicode flag) as the bytes sent, valid UTF-8 as text and any other byte as {@code \xNN}; a
 * UTF-16 name (SMB2/3, Unicode SMB1) as its UTF-8 bytes. The OEM byte E9 was written as "é" and the
 * UTF-8 bytes C3 A9 as "Ã©".
 */
class SmbNameBytesTest {

    /** An SMB1 frame of {@link Smb1DissectorTest#smb1} without the Unicode flag in Flags2 (header byte 11). */
    private static byte[] oem(byte[] frame) {
        frame[4 + 11] &= 0x7f;
        return frame;
    }

    private static byte[] oemTreeConnect(int mid, byte[] path) {
        var w = words(8).putShort((short) 0).putShort((short) 1); // one password byte
        return oem(smb1(0x75, false, 0, mid, w.array(),
                cat(new byte[1], path, new byte[1], "?????\0".getBytes(US_ASCII))));
    }

    private static byte[] oemTreeConnectReply(int mid, int tid, String service, byte[] fs) {
        var w = words(6).putShort((short) 1);
        return oem(smb1(0x75, true, tid, mid, w.array(), cat((service + "\0").getBytes(US_ASCII), fs, new byte[1])));
    }

    private static byte[] oemNtCreate(int mid, int tid, byte[] name) {
        var w = words(48).put((byte) 0).putShort((short) name.length);
        return oem(smb1(0xA2, false, tid, mid, w.array(), cat(name, new byte[1])));
    }

    /** \\SRV\Donn + OEM byte E9 (é in code page 1252) + es. */
    private static final byte[] OEM_PATH = "\\\\SRV\\Donn\u00e9es".getBytes(ISO_8859_1);
    private static final byte[] OEM_FS = "NTFS-\u00e9".getBytes(ISO_8859_1);
    /** r, the byte E9, sum, then é in UTF-8 (C3 A9), .txt: one byte that is not UTF-8 and one sequence that is. */
    private static final byte[] OEM_NAME =
            {'r', (byte) 0xe9, 's', 'u', 'm', (byte) 0xc3, (byte) 0xa9, '.', 't', 'x', 't'};

    private static List<Smb1DissectorTest.Step> smb1Session() {
        long ft = 132395416811819812L;
        var s = new ArrayList<Smb1DissectorTest.Step>();
        s.add(step(true, smb1(0x72, false, 0, 0, new byte[0], "\2NT LM 0.12\0".getBytes(US_ASCII))));
        s.add(step(false, smb1(0x72, true, 0, 0, ByteBuffer.allocate(34)
                .order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0).array(), new byte[0])));
        s.add(step(true, oemTreeConnect(1, OEM_PATH)));
        s.add(step(false, oemTreeConnectReply(1, 2049, "A:", OEM_FS)));
        s.add(step(true, oemNtCreate(2, 2049, OEM_NAME)));
        s.add(step(false, Smb1DissectorTest.ntCreateReply(2, 2049, 0x4001, 77, ft)));
        s.add(step(true, Smb1DissectorTest.writeAt(3, 2049, 0x4001, 0, "some text".getBytes(US_ASCII))));
        // the same connection with the Unicode flag: a UTF-16 name
        s.add(step(true, Smb1DissectorTest.ntCreate(4, 2049, "\u00e9t\u00e9.txt")));
        s.add(step(false, Smb1DissectorTest.ntCreateReply(4, 2049, 0x4002, 5, ft)));
        return s;
    }

    private static Smb1DissectorTest.Step step(boolean fromOrig, byte[] bytes) {
        return new Smb1DissectorTest.Step(fromOrig, bytes);
    }

    @Test
    void smb1OemNamesAreTheBytesSentAndUnicodeNamesTheirUtf8() {
        var ctx = Smb1DissectorTest.run(smb1Session(), Integer.MAX_VALUE);

        var mapping = Smb2DissectorTest.of(ctx, SmbMapping.class);
        assertThat(mapping).hasSize(1);
        SmbMapping m = mapping.get(0);
        assertThat(m.path()).isEqualTo(new String(OEM_PATH, ISO_8859_1));
        assertThat(m.service()).isEqualTo("A:");
        assertThat(m.nativeFileSystem()).isEqualTo(new String(OEM_FS, ISO_8859_1));
        var mappingTsv = LogLines.zeek(m);
        assertThat(mappingTsv.get("path")).isEqualTo("\\\\\\\\SRV\\\\Donn\\xe9es");
        assertThat(mappingTsv.get("service")).isEqualTo("A:");
        assertThat(mappingTsv.get("native_file_system")).isEqualTo("NTFS-\\xe9");
        assertThat(LogLines.json(m)).contains("\"path\":\"\\\\\\\\SRV\\\\Donn\\\\xe9es\"",
                "\"native_file_system\":\"NTFS-\\\\xe9\"");

        var files = Smb2DissectorTest.of(ctx, SmbFileAction.class);
        assertThat(files).extracting(SmbFileAction::name)
                .containsExactly(new String(OEM_NAME, ISO_8859_1), WireText.ofText("\u00e9t\u00e9.txt"));
        assertThat(LogLines.zeek(files.get(0)).get("name")).isEqualTo("r\\xe9sum\u00e9.txt");
        assertThat(LogLines.json(files.get(0))).contains("\"name\":\"r\\\\xe9sum\u00e9.txt\"");
        assertThat(LogLines.zeek(files.get(1)).get("name")).isEqualTo("\u00e9t\u00e9.txt");
        assertThat(LogLines.json(files.get(1))).contains("\"name\":\"\u00e9t\u00e9.txt\"");

        // files.log names the file by the same bytes (converted once, not twice)
        var data = Smb2DissectorTest.of(ctx, FileInfo.class);
        assertThat(data).extracting(FileInfo::filename).containsExactly(new String(OEM_NAME, ISO_8859_1));
        assertThat(LogLines.zeek(data.get(0)).get("filename")).isEqualTo("r\\xe9sum\u00e9.txt");
        assertThat(LogLines.json(data.get(0))).contains("\"filename\":\"r\\\\xe9sum\u00e9.txt\"");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void smb2NamesAreTheirUtf8() {
        long ft = Smb2DissectorTest.FT1;
        var steps = List.of(
                new Smb2DissectorTest.Step(true, frame(treeConnectRequest(1, "\\\\srv\\Partag\u00e9"))),
                new Smb2DissectorTest.Step(false, frame(treeConnectResponse(1, 5, 1))),
                new Smb2DissectorTest.Step(true, frame(createRequest(2, 5, "Rapport \u00e9t\u00e9 \u20ac.docx"))),
                new Smb2DissectorTest.Step(false, frame(createResponse(2, 5, 1, 2, 1000, ft, ft, ft, ft))),
                new Smb2DissectorTest.Step(true, frame(renameRequest(3, 5, 1, 2, "na\u00efve.docx"))));
        var ctx = Smb2DissectorTest.run(steps, Integer.MAX_VALUE);

        SmbMapping m = Smb2DissectorTest.of(ctx, SmbMapping.class).get(0);
        assertThat(m.path()).isEqualTo(WireText.ofText("\\\\srv\\Partag\u00e9"));
        assertThat(LogLines.zeek(m).get("path")).isEqualTo("\\\\\\\\srv\\\\Partag\u00e9");
        assertThat(LogLines.json(m)).contains("\"path\":\"\\\\\\\\srv\\\\Partag\u00e9\"");

        var files = Smb2DissectorTest.of(ctx, SmbFileAction.class);
        assertThat(files).extracting(SmbFileAction::action).containsExactly("SMB::FILE_OPEN", "SMB::FILE_RENAME");
        SmbFileAction renamed = files.get(1);
        assertThat(renamed.name()).isEqualTo(WireText.ofText("na\u00efve.docx"));
        assertThat(renamed.prevName()).isEqualTo(WireText.ofText("Rapport \u00e9t\u00e9 \u20ac.docx"));
        var tsv = LogLines.zeek(renamed);
        assertThat(tsv.get("path")).isEqualTo("\\\\\\\\srv\\\\Partag\u00e9");
        assertThat(tsv.get("name")).isEqualTo("na\u00efve.docx");
        assertThat(tsv.get("prev_name")).isEqualTo("Rapport \u00e9t\u00e9 \u20ac.docx");
        assertThat(LogLines.json(renamed)).contains("\"path\":\"\\\\\\\\srv\\\\Partag\u00e9\"",
                "\"name\":\"na\u00efve.docx\"", "\"prev_name\":\"Rapport \u00e9t\u00e9 \u20ac.docx\"");
    }
}
