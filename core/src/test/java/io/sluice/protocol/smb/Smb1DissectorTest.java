package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.packet.craft.DceRpcPdus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SMB1 (MS-CIFS) messages built in code: tree connect AndX, NT create AndX, pipe I/O. */
class Smb1DissectorTest {

    record Step(boolean fromOrig, byte[] bytes) {}

    /** A NetBIOS-framed SMB1 message; {@code words} and {@code bytes} as they follow the header. */
    static byte[] smb1(int command, boolean reply, int tid, int mid, byte[] words, byte[] bytes) {
        var o = new ByteArrayOutputStream();
        var h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0xFF).put((byte) 'S').put((byte) 'M').put((byte) 'B').put((byte) command).putInt(0);
        h.put((byte) (reply ? 0x98 : 0x18)).putShort((short) 0xC807).putShort((short) 0).put(new byte[8]);
        h.putShort((short) 0).putShort((short) tid).putShort((short) 0x1234).putShort((short) 0x0800)
                .putShort((short) mid);
        o.writeBytes(h.array());
        o.write(words.length / 2);
        o.writeBytes(words);
        o.write(bytes.length & 0xff);
        o.write(bytes.length >> 8);
        o.writeBytes(bytes);
        byte[] m = o.toByteArray();
        byte[] f = new byte[4 + m.length];
        f[2] = (byte) (m.length >> 8);
        f[3] = (byte) m.length;
        System.arraycopy(m, 0, f, 4, m.length);
        return f;
    }

    static ByteBuffer words(int n) {
        var b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFF).put((byte) 0).putShort((short) 0); // no AndX follows
        return b;
    }

    static byte[] utf16z(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] cat(byte[]... parts) {
        return DceRpcPdus.concat(parts);
    }

    static byte[] treeConnect(int mid, String path) {
        var w = words(8).putShort((short) 0).putShort((short) 1);
        // bytes start at 32 + 1 + 8 + 2 = 43: one password byte puts the path on an even offset
        return smb1(0x75, false, 0, mid, w.array(), cat(new byte[1], utf16z(path), "?????\0".getBytes()));
    }

    static byte[] treeConnectReply(int mid, int tid, String service, String fs) {
        var w = words(6).putShort((short) 1);
        byte[] svc = (service + "\0").getBytes(StandardCharsets.US_ASCII);
        // bytes start at 32 + 1 + 6 + 2 = 41; the native file system is aligned to an even offset
        byte[] pad = (41 + svc.length) % 2 == 1 ? new byte[1] : new byte[0];
        return smb1(0x75, true, tid, mid, w.array(), cat(svc, pad, utf16z(fs)));
    }

    static byte[] ntCreate(int mid, int tid, String name) {
        byte[] n = utf16z(name);
        var w = words(48).put((byte) 0).putShort((short) (n.length - 2));
        return smb1(0xA2, false, tid, mid, w.array(), cat(new byte[1], n)); // 83: pad to 84
    }

    static byte[] ntCreateReply(int mid, int tid, int fid, long size, long ft) {
        var w = words(68).put((byte) 0).putShort((short) fid).putInt(1).putLong(ft).putLong(ft).putLong(ft)
                .putLong(ft).putInt(0x20).putLong(size).putLong(size).putShort((short) 0).putShort((short) 0)
                .put((byte) 0);
        return smb1(0xA2, true, tid, mid, w.array(), new byte[0]);
    }

    static byte[] write(int mid, int tid, int fid, byte[] data) {
        int dataOff = 32 + 1 + 28 + 2 + 1;
        var w = words(28).putShort((short) fid).putInt(0).putInt(0).putShort((short) 8).putShort((short) data.length)
                .putShort((short) 0).putShort((short) data.length).putShort((short) dataOff).putInt(0);
        return smb1(0x2F, false, tid, mid, w.array(), cat(new byte[1], data));
    }

    /** WRITE_ANDX at a file offset (low 32 bits in Offset, high in OffsetHigh). */
    static byte[] writeAt(int mid, int tid, int fid, long offset, byte[] data) {
        int dataOff = 32 + 1 + 28 + 2 + 1;
        var w = words(28).putShort((short) fid).putInt((int) offset).putInt(0).putShort((short) 8)
                .putShort((short) data.length).putShort((short) (data.length >>> 16)).putShort((short) data.length)
                .putShort((short) dataOff).putInt((int) (offset >>> 32));
        return smb1(0x2F, false, tid, mid, w.array(), cat(new byte[1], data));
    }

    static byte[] read(int mid, int tid, int fid) {
        var w = words(24).putShort((short) fid).putInt(0).putShort((short) 1024).putShort((short) 1024);
        return smb1(0x2E, false, tid, mid, w.array(), new byte[0]);
    }

    static byte[] readReply(int mid, int tid, byte[] data) {
        int dataOff = 32 + 1 + 24 + 2 + 1;
        var w = words(24).putShort((short) -1).putShort((short) 0).putShort((short) 0).putShort((short) data.length)
                .putShort((short) dataOff);
        return smb1(0x2E, true, tid, mid, w.array(), cat(new byte[1], data));
    }

    static byte[] transact(int mid, int tid, int fid, byte[] data) {
        int dataOff = 32 + 1 + 32 + 2 + 8; // after words, byte count and "\PIPE\" name bytes
        var b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) data.length).putShort((short) 0).putShort((short) 4280).put((byte) 0)
                .put((byte) 0).putShort((short) 0).putInt(0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) data.length).putShort((short) dataOff).put((byte) 2)
                .put((byte) 0).putShort((short) 0x26).putShort((short) fid);
        return smb1(0x25, false, tid, mid, b.array(), cat("\\PIPE\\\0\0".getBytes(), data));
    }

    static byte[] transactReply(int mid, int tid, byte[] data) {
        int dataOff = 32 + 1 + 20 + 2 + 1;
        var b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) data.length).putShort((short) 0).putShort((short) 0)
                .putShort((short) dataOff).putShort((short) 0).putShort((short) data.length)
                .putShort((short) dataOff).putShort((short) 0).put((byte) 0).put((byte) 0);
        return smb1(0x25, true, tid, mid, b.array(), cat(new byte[1], data));
    }

    static List<Step> session() {
        long ft = 132395416811819812L;
        var s = new ArrayList<Step>();
        s.add(new Step(true, smb1(0x72, false, 0, 0, new byte[0], cat("\2PC NETWORK PROGRAM 1.0\0".getBytes(),
                "\2NT LM 0.12\0".getBytes()))));
        s.add(new Step(false, smb1(0x72, true, 0, 0, ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).array(), new byte[0])));
        s.add(new Step(true, treeConnect(1, "\\\\SRV\\IPC$")));
        s.add(new Step(false, treeConnectReply(1, 2048, "IPC", "")));
        s.add(new Step(true, ntCreate(2, 2048, "\\svcctl")));
        s.add(new Step(false, ntCreateReply(2, 2048, 0x4000, 0, 0)));
        s.add(new Step(true, write(3, 2048, 0x4000, DceRpcPdus.bind(11, 1, 0, DceRpcPdus.SVCCTL, null))));
        s.add(new Step(true, read(4, 2048, 0x4000)));
        s.add(new Step(false, readReply(4, 2048, DceRpcPdus.bindAck(1, "\\PIPE\\svcctl"))));
        s.add(new Step(true, transact(5, 2048, 0x4000, DceRpcPdus.request(2, 0, 19, 30, 3))));
        s.add(new Step(false, transactReply(5, 2048, DceRpcPdus.response(2, 0, 4, 3))));
        s.add(new Step(true, treeConnect(6, "\\\\SRV\\C$")));
        s.add(new Step(false, treeConnectReply(6, 2049, "A:", "NTFS")));
        s.add(new Step(true, ntCreate(7, 2049, "Windows\\Temp\\x.bat")));
        s.add(new Step(false, ntCreateReply(7, 2049, 0x4001, 77, ft)));
        return s;
    }

    static RecordingContext run(List<Step> steps, int split) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1025, "10.0.0.2", 139);
        var d = SmbProtocol.SIGNATURE.create();
        long ts = 1_600_000_000_000_000_000L;
        for (Step st : steps) {
            ctx.ts = ts += 1000;
            int cut = Math.min(split, st.bytes().length);
            d.onData(st.fromOrig(), ByteBuffer.wrap(st.bytes()), 0, cut, ctx);
            d.onData(st.fromOrig(), ByteBuffer.wrap(st.bytes()), cut, st.bytes().length - cut, ctx);
        }
        d.onEnd(ctx);
        return ctx;
    }

    @Test
    void treesFilesAndPipeTransactionsAreDecoded() {
        var ctx = run(session(), Integer.MAX_VALUE);
        long t0 = 1_600_000_000_000_000_000L;
        assertThat(Smb2DissectorTest.of(ctx, SmbMapping.class)).containsExactly(
                new SmbMapping(t0 + 3000, ctx.uid(), ctx.id(), "\\\\SRV\\IPC$", "IPC", null, "PIPE", "NT LM 0.12"),
                new SmbMapping(t0 + 12000, ctx.uid(), ctx.id(), "\\\\SRV\\C$", "A:", "NTFS", "DISK", "NT LM 0.12"));
        // Zeek's smb1-main: every NT create AndX is a FILE_OPEN (the pipe too), logged without the path
        assertThat(Smb2DissectorTest.of(ctx, SmbFileAction.class))
                .extracting(SmbFileAction::action, SmbFileAction::path, SmbFileAction::name, SmbFileAction::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", null, "\\svcctl", 0L),
                        org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", null, "Windows\\Temp\\x.bat", 77L));
        assertThat(Smb2DissectorTest.of(ctx, DceRpcCall.class)).extracting(DceRpcCall::namedPipe,
                DceRpcCall::endpoint, DceRpcCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("\\PIPE\\svcctl", "svcctl", "StartServiceW"));
        assertThat(ctx.weirds).isEmpty();
    }

    /** The session's x.bat written in two pieces, then read back: two files (one per direction). */
    static List<Step> fileSession() {
        var s = session();
        byte[] head = new byte[300];
        head[0] = 'M';
        head[1] = 'Z';
        for (int i = 2; i < head.length; i++) head[i] = (byte) i;
        byte[] tail = "tail of the file".getBytes(StandardCharsets.US_ASCII);
        s.add(new Step(true, writeAt(8, 2049, 0x4001, 0, head)));
        s.add(new Step(true, writeAt(9, 2049, 0x4001, head.length, tail)));
        s.add(new Step(true, read(10, 2049, 0x4001)));
        s.add(new Step(false, readReply(10, 2049, java.util.Arrays.copyOf(head, 120))));
        return s;
    }

    @Test
    void fileDataOfReadsAndWritesIsAFilePerDirection() {
        var ctx = run(fileSession(), Integer.MAX_VALUE);
        var files = Smb2DissectorTest.of(ctx, io.sluice.protocol.files.FileInfo.class);
        assertThat(files).extracting(f -> f.isOrig(), f -> f.seenBytes(), f -> f.mimeType(), f -> f.filename(), f -> f.missingBytes())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, 316L, "application/x-dosexec", "Windows\\Temp\\x.bat", 0L),
                        org.assertj.core.groups.Tuple.tuple(false, 120L, "application/x-dosexec", "Windows\\Temp\\x.bat", 0L));
        assertThat(files).allSatisfy(f -> assertThat(f.source()).isEqualTo("SMB"));
        // the pipe's DCE/RPC is still DCE/RPC, not a file
        assertThat(Smb2DissectorTest.of(ctx, DceRpcCall.class)).hasSize(1);
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void everySplitGivesTheSameFiles() {
        var steps = fileSession();
        var whole = run(steps, Integer.MAX_VALUE);
        for (int split = 0; split <= 400; split += 7) {
            assertThat(run(steps, split).events).as("split at %d", split).isEqualTo(whole.events);
        }
    }

    @Test
    void everySplitGivesTheSameRows() {
        var steps = session();
        var whole = run(steps, Integer.MAX_VALUE);
        int longest = steps.stream().mapToInt(s -> s.bytes().length).max().orElseThrow();
        for (int split = 0; split <= longest; split++) {
            assertThat(run(steps, split).events).as("split at %d", split).isEqualTo(whole.events);
        }
    }
}
