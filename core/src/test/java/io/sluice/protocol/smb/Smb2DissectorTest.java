package io.sluice.protocol.smb;

import static io.sluice.packet.craft.Smb2Messages.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.packet.craft.NtlmMessages;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Smb2DissectorTest {

    record Step(boolean fromOrig, byte[] bytes) {}

    /** FILETIME of 2020-07-19T13:14:41.1819812Z and a day later. */
    static final long FT1 = 132395416811819812L, FT2 = FT1 + 864_000_000_000L;
    static final byte[] NEG_OK = {(byte) 0xa1, 7, 0x30, 5, (byte) 0xa0, 3, 0x0a, 1, 0};

    static List<Step> psexecLikeSession() {
        var s = new ArrayList<Step>();
        s.add(new Step(true, frame(negotiateRequest(0, 0x0202, 0x0210, 0x0300, 0x0302, 0x0311))));
        s.add(new Step(false, frame(negotiateResponse(0, 0x0311))));
        byte[] spnegoPrefix = {0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
        s.add(new Step(true, frame(sessionSetupRequest(1, DceRpcPdus.concat(spnegoPrefix, NtlmMessages.negotiate())))));
        s.add(new Step(false, frame(sessionSetupResponse(1, 0xC0000016L, NtlmMessages.challenge("SRV", "srv.corp.local",
                "corp.local")))));
        s.add(new Step(true, frame(sessionSetupRequest(2, NtlmMessages.authenticate("CORP", "alice", "WS1")))));
        s.add(new Step(false, frame(sessionSetupResponse(2, 0, NEG_OK))));
        s.add(new Step(true, frame(treeConnectRequest(3, "\\\\srv\\ADMIN$"))));
        s.add(new Step(false, frame(treeConnectResponse(3, 5, 1))));
        s.add(new Step(true, frame(createRequest(4, 5, "PSEXESVC.exe"))));
        s.add(new Step(false, frame(createResponse(4, 5, 1, 2, 1000, FT1, FT2, FT2, FT2))));
        s.add(new Step(true, frame(renameRequest(5, 5, 1, 2, "svc.exe"))));
        s.add(new Step(true, frame(treeConnectRequest(6, "\\\\srv\\IPC$"))));
        s.add(new Step(false, frame(treeConnectResponse(6, 7, 2))));
        s.add(new Step(true, frame(createRequest(7, 7, "svcctl"))));
        s.add(new Step(false, frame(createResponse(7, 7, 3, 4, 0, 0, 0, 0, 0))));
        s.add(new Step(true, frame(writeRequest(8, 7, 3, 4, DceRpcPdus.bind(11, 1, 0, DceRpcPdus.SVCCTL, null)))));
        s.add(new Step(true, frame(readRequest(9, 7, 3, 4))));
        s.add(new Step(false, frame(readResponse(9, 7, DceRpcPdus.bindAck(1, "\\PIPE\\svcctl")))));
        s.add(new Step(true, frame(ioctlRequest(10, 7, 3, 4, DceRpcPdus.request(2, 0, 12, 100, 3)))));
        s.add(new Step(false, frame(ioctlResponse(10, 7, 3, 4, DceRpcPdus.response(2, 0, 20, 3)))));
        s.add(new Step(true, frame(deleteRequest(11, 5, 1, 2))));
        s.add(new Step(true, frame(closeRequest(12, 7, 3, 4))));
        return s;
    }

    static RecordingContext run(List<Step> steps, int split) {
        var ctx = RecordingContext.tcp("10.0.0.1", 49208, "10.0.0.2", 445);
        var d = SmbProtocol.SIGNATURE.create();
        long ts = 1_600_000_000_000_000_000L;
        for (Step st : steps) {
            ctx.ts = ts += 1000;
            byte[] b = st.bytes();
            int cut = Math.min(split, b.length);
            d.onData(st.fromOrig(), ByteBuffer.wrap(b), 0, cut, ctx);
            d.onData(st.fromOrig(), ByteBuffer.wrap(b), cut, b.length - cut, ctx);
        }
        d.onEnd(ctx);
        return ctx;
    }

    static <T> List<T> of(RecordingContext ctx, Class<T> type) {
        return ctx.events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A compression transform header (MS-SMB2 2.2.42) with {@code data} compressed bytes after it. */
    static byte[] compressed(long originalSize, int flags, long offset, int data) {
        var b = ByteBuffer.allocate(16 + data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFC).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.putInt((int) originalSize).putShort((short) 2).putShort((short) flags).putInt((int) offset);
        return b.array();
    }

    @Test
    void compressionHeadersWhoseSizesOverflowOrPointOutsideAreWeirds() {
        var steps = new ArrayList<Step>();
        steps.add(new Step(true, frame(negotiateRequest(0, 0x0311))));
        steps.add(new Step(false, frame(negotiateResponse(0, 0x0311))));
        steps.add(new Step(true, frame(compressed(4096, 0, 64, 100)))); // an ordinary LZ77 message
        steps.add(new Step(true, frame(compressed(0xFFFFFFFFL, 0, 16, 40)))); // SMBGhost's header
        steps.add(new Step(false, frame(compressed(4096, 0, 0x1000, 40)))); // SMBleed's: offset past the end
        steps.add(new Step(true, frame(compressed(0xFFFFFFFFL, 1, 16, 40)))); // chained: payload headers, not checked
        for (int split : new int[] {Integer.MAX_VALUE, 7, 1}) {
            var ctx = run(steps, split);
            assertThat(ctx.weirds).as("split %d", split).containsExactly(
                    new RecordingContext.Weird("SMB_compression_size_overflow", "orig original_size=4294967295 offset=16"),
                    new RecordingContext.Weird("SMB_compression_offset_beyond_message", "resp original_size=4096 offset=4096"));
        }
    }

    @Test
    void logsMappingsFilesNtlmAndPipeRpcAsZeekDoes() {
        var ctx = run(psexecLikeSession(), Integer.MAX_VALUE);
        long t0 = 1_600_000_000_000_000_000L;
        assertThat(of(ctx, SmbMapping.class)).containsExactly(
                new SmbMapping(t0 + 7000, ctx.uid(), ctx.id(), "\\\\srv\\ADMIN$", null, null, "DISK", "3.11"),
                new SmbMapping(t0 + 12000, ctx.uid(), ctx.id(), "\\\\srv\\IPC$", null, null, "PIPE", "3.11"));
        Long written = (FT2 - 116444736000000000L) * 100, created = (FT1 - 116444736000000000L) * 100;
        assertThat(of(ctx, SmbFileAction.class)).containsExactly(
                new SmbFileAction(t0 + 9000, ctx.uid(), ctx.id(), null, "SMB::FILE_OPEN", "\\\\srv\\ADMIN$",
                        "PSEXESVC.exe", 1000, null, written, written, created, written),
                new SmbFileAction(t0 + 9000, ctx.uid(), ctx.id(), null, "SMB::FILE_RENAME", "\\\\srv\\ADMIN$",
                        "svc.exe", 1000, "PSEXESVC.exe", written, written, created, written),
                new SmbFileAction(t0 + 9000, ctx.uid(), ctx.id(), null, "SMB::FILE_DELETE", "\\\\srv\\ADMIN$",
                        "svc.exe", 1000, "PSEXESVC.exe", written, written, created, written));
        assertThat(of(ctx, NtlmAuthentication.class)).containsExactly(new NtlmAuthentication(t0 + 3000, ctx.uid(),
                ctx.id(), "alice", "WS1", "CORP", "SRV", "srv.corp.local", "corp.local", true));
        assertThat(of(ctx, DceRpcCall.class)).containsExactly(
                new DceRpcCall(t0 + 19000, ctx.uid(), ctx.id(), 1000L, "\\PIPE\\svcctl", "svcctl", "CreateServiceW"));
        assertThat(ctx.confirmed).containsExactly("smb", "ntlm", "dce_rpc");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void everySplitOfEveryMessageGivesTheSameRows() {
        var steps = psexecLikeSession();
        var whole = run(steps, Integer.MAX_VALUE);
        int longest = steps.stream().mapToInt(s -> s.bytes().length).max().orElseThrow();
        for (int split = 0; split <= longest; split++) {
            assertThat(run(steps, split).events).as("split at %d", split).isEqualTo(whole.events);
        }
    }

    @Test
    void compoundedAndAsyncResponsesArePaired() {
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\C$"))),
                new Step(false, frame(treeConnectResponse(1, 9, 1))),
                new Step(true, frame(createRequest(2, 9, "a.txt"), closeRequest(3, 9, -1, -1))),
                // interim async answer: the create stays pending
                new Step(false, frame(message(5, RESPONSE | 2, 2, 0, 0x103, new byte[9]))),
                new Step(false, frame(createResponse(2, 9, 10, 11, 5, FT1, FT1, FT1, FT1),
                        message(6, RESPONSE, 3, 9, 0, new byte[60]))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(of(ctx, SmbFileAction.class)).singleElement()
                .satisfies(f -> {
                    assertThat(f.name()).isEqualTo("a.txt");
                    assertThat(f.path()).isEqualTo("\\\\srv\\C$");
                    assertThat(f.size()).isEqualTo(5);
                });
    }

    @Test
    void relatedCloseInACompoundClosesTheFileItsCreateOpened() {
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\C$"))),
                new Step(false, frame(treeConnectResponse(1, 9, 1))),
                new Step(true, frame(createRequest(2, 9, "a.txt"), closeRequest(3, 9, -1, -1))),
                new Step(false, frame(createResponse(2, 9, 10, 11, 5, FT1, FT1, FT1, FT1),
                        message(6, RESPONSE, 3, 9, 0, new byte[60]))),
                // a later rename of that id is of a file no longer open: no previous name
                new Step(true, frame(renameRequest(4, 9, 10, 11, "b.txt"))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(of(ctx, SmbFileAction.class)).extracting(SmbFileAction::action, SmbFileAction::prevName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", null),
                        org.assertj.core.groups.Tuple.tuple("SMB::FILE_RENAME", null));
    }

    @Test
    void relatedReadInACompoundReadsTheFileItsCreateOpened() {
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\IPC$"))),
                new Step(false, frame(treeConnectResponse(1, 7, 2))),
                new Step(true, frame(createRequest(2, 7, "svcctl"), readRequest(3, 7, -1, -1))),
                new Step(false, frame(createResponse(2, 7, 5, 6, 0, 0, 0, 0, 0),
                        readResponse(3, 7, DceRpcPdus.bindAck(1, "\\PIPE\\svcctl")))),
                new Step(true, frame(ioctlRequest(4, 7, 5, 6, DceRpcPdus.request(2, 0, 15, 10, 3)))),
                new Step(false, frame(ioctlResponse(4, 7, 5, 6, DceRpcPdus.response(2, 0, 20, 3)))));
        var ctx = run(steps, Integer.MAX_VALUE);
        // the bind_ack reached the pipe through the related READ: its secondary address names the pipe
        assertThat(of(ctx, DceRpcCall.class)).extracting(DceRpcCall::namedPipe, DceRpcCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("\\PIPE\\svcctl", "OpenSCManagerW"));
    }

    @Test
    void theSameOpenIsLoggedOnceAndShareRootsAreNamed() {
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\share"))),
                new Step(false, frame(treeConnectResponse(1, 9, 1))),
                new Step(true, frame(createRequest(2, 9, ""))),
                new Step(false, frame(createResponse(2, 9, 1, 1, 0, FT1, FT1, FT1, FT1))),
                new Step(true, frame(createRequest(3, 9, ""))),
                new Step(false, frame(createResponse(3, 9, 1, 2, 0, FT1, FT2, FT1, FT1))), // only the access time differs
                new Step(true, frame(createRequest(4, 9, ""))),
                new Step(false, frame(createResponse(4, 9, 1, 3, 0, FT1, FT1, FT2, FT1))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(of(ctx, SmbFileAction.class)).extracting(SmbFileAction::name).containsExactly("<share_root>",
                "<share_root>");
    }

    @Test
    void failedLogonIsLoggedAsUnsuccessful() {
        var steps = List.of(
                new Step(true, frame(sessionSetupRequest(2, NtlmMessages.authenticate("CORP", "mallory", "X")))),
                new Step(false, frame(message(1, RESPONSE, 2, 0, 0xC000006DL, new byte[9]))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(of(ctx, NtlmAuthentication.class)).singleElement()
                .satisfies(n -> assertThat(n.success()).isFalse());
    }

    @Test
    void bulkFileDataIsSkippedAndFramingHolds() {
        byte[] big = new byte[300_000];
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\C$"))),
                new Step(false, frame(treeConnectResponse(1, 9, 1))),
                new Step(true, frame(createRequest(2, 9, "big.bin"))),
                new Step(false, frame(createResponse(2, 9, 1, 1, 0, FT1, FT1, FT1, FT1))),
                new Step(true, frame(writeRequest(3, 9, 1, 1, big))),
                new Step(true, frame(treeConnectRequest(4, "\\\\srv\\D$"))),
                new Step(false, frame(treeConnectResponse(4, 10, 1))));
        var ctx = run(steps, 7);
        assertThat(of(ctx, SmbMapping.class)).extracting(SmbMapping::path).containsExactly("\\\\srv\\C$",
                "\\\\srv\\D$");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void aPipeThatCarriesNoDceRpcIsNamedOnceAndABrokenRpcPipeIsAnInvalidHeader() {
        byte[] command = "whoami\r\n".repeat(3).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] output = "corp\\it.admin\r\n".repeat(2).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\IPC$"))),
                new Step(false, frame(treeConnectResponse(1, 7, 2))),
                // PsExec's stdin and stdout: plain bytes on a named pipe, both ways
                new Step(true, frame(createRequest(2, 7, "PSEXESVC-WS03-4242-stdin"))),
                new Step(false, frame(createResponse(2, 7, 5, 6, 0, 0, 0, 0, 0))),
                new Step(true, frame(writeRequest(3, 7, 5, 6, command))),
                new Step(true, frame(readRequest(4, 7, 5, 6))),
                new Step(false, frame(readResponse(4, 7, output))),
                // svcctl after a bind: DCE/RPC until garbage follows
                new Step(true, frame(createRequest(5, 7, "svcctl"))),
                new Step(false, frame(createResponse(5, 7, 8, 9, 0, 0, 0, 0, 0))),
                new Step(true, frame(writeRequest(6, 7, 8, 9, DceRpcPdus.bind(11, 1, 0, DceRpcPdus.SVCCTL, null)))),
                new Step(true, frame(writeRequest(7, 7, 8, 9, command))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(ctx.weirds).containsExactly(
                new RecordingContext.Weird("SMB_pipe_not_DCE_RPC", "PSEXESVC-WS03-4242-stdin"),
                new RecordingContext.Weird("DCE_RPC_invalid_header", null));
    }

    /**
     * weird.log's addl is bytes, as Zeek logs it: the pipe's name, sent in UTF-16, goes in as its
     * UTF-8 bytes (the wire form the dissector keeps) and is written as the text, not as the
     * Latin-1 reading of those bytes ("Ã©").
     */
    @Test
    void aPipeNotCarryingDceRpcIsNamedInWeirdLogAsZeekWritesIt() {
        byte[] command = "whoami\r\n".repeat(3).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var steps = List.of(
                new Step(true, frame(treeConnectRequest(1, "\\\\srv\\IPC$"))),
                new Step(false, frame(treeConnectResponse(1, 7, 2))),
                new Step(true, frame(createRequest(2, 7, "tuyau-\u00e9t\u00e9"))),
                new Step(false, frame(createResponse(2, 7, 5, 6, 0, 0, 0, 0, 0))),
                new Step(true, frame(writeRequest(3, 7, 5, 6, command))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(ctx.weirds).containsExactly(
                new RecordingContext.Weird("SMB_pipe_not_DCE_RPC", "tuyau-\u00c3\u00a9t\u00c3\u00a9"));
        var w = new io.sluice.event.Weird(1_000_000_000L, ctx.uid(), ctx.id(), "SMB_pipe_not_DCE_RPC",
                ctx.weirds.get(0).addl(), false, "sluice", "SMB");
        assertThat(io.sluice.testing.LogLines.json(w)).contains("\"addl\":\"tuyau-\u00e9t\u00e9\"");
        assertThat(io.sluice.testing.LogLines.zeek(w)).containsEntry("addl", "tuyau-\u00e9t\u00e9");
    }

    /**
     * The capture lost the server's side (CA_masterkey_rpc_protectedstorage.pcapng with checksums
     * verified: every packet from the server has a bad IP checksum): no tree connect or create
     * answer, so the pipe's open is unknown when the client writes a bind larger than the head the
     * dissector looks at first. The write's data is DCE/RPC, so it is kept whole and the pipe
     * followed: the alter_context and the request after it are read in step (before, the bind's
     * head alone was fed, it swallowed the next PDUs, and the request was an invalid header).
     */
    @Test
    void aPipeWhoseOpenWasNotSeenIsFollowedFromABindLargerThanTheHead() {
        byte[] token = new byte[1700];
        java.util.Arrays.fill(token, (byte) 0x5a);
        var steps = List.of(
                new Step(true, frame(writeRequest(8, 1, 0x295, 0xfb, DceRpcPdus.bind(11, 2, 0, DceRpcPdus.SVCCTL, token)))),
                new Step(true, frame(writeRequest(9, 1, 0x295, 0xfb, DceRpcPdus.bind(14, 2, 0, DceRpcPdus.SVCCTL, null)))),
                new Step(true, frame(ioctlRequest(10, 1, 0x295, 0xfb, DceRpcPdus.request(2, 0, 12, 100, 3)))),
                new Step(false, frame(ioctlResponse(10, 1, 0x295, 0xfb, DceRpcPdus.response(2, 0, 20, 3)))));
        for (int split : new int[] {96, 100, 112, 120, 127, Integer.MAX_VALUE}) {
            var ctx = run(steps, split);
            assertThat(ctx.weirds).as("split at %d", split).isEmpty();
            assertThat(of(ctx, DceRpcCall.class)).as("split at %d", split)
                    .extracting(DceRpcCall::endpoint, DceRpcCall::operation).containsExactly(tuple("svcctl", "CreateServiceW"));
        }
    }

    @Test
    void pendingRequestsAreBounded() {
        var steps = new ArrayList<Step>();
        for (int i = 0; i < Smb2Parser.MAX_PENDING + 5; i++) steps.add(new Step(true, frame(readRequest(i, 1, 1, 1))));
        var ctx = run(steps, Integer.MAX_VALUE);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("SMB_discarded_messages_state");
    }

    @Test
    void notSmbStopsTheDissector() {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 445);
        var d = SmbProtocol.SIGNATURE.create();
        byte[] junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        d.onData(true, ByteBuffer.wrap(junk), 0, junk.length, ctx);
        assertThat(d.wantsMore()).isFalse();
        assertThat(ctx.events).isEmpty();
    }

    @Test
    void signatureNeedsAnSmbProtocolIdBehindTheNetbiosHeader() {
        var s = SmbProtocol.SIGNATURE;
        byte[] ok = frame(treeConnectRequest(1, "\\\\x\\y"));
        assertThat(s.matches(true, ByteBuffer.wrap(ok), 0, ok.length, 50000, 8445)).isTrue();
        byte[] smb1 = {0, 0, 0, 40, (byte) 0xff, 'S', 'M', 'B', 0x72};
        assertThat(s.matches(true, ByteBuffer.wrap(smb1), 0, smb1.length, 50000, 445)).isTrue();
        byte[] bad = ok.clone();
        bad[5] = 'X';
        assertThat(s.matches(true, ByteBuffer.wrap(bad), 0, bad.length, 50000, 445)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(ok), 0, 7, 50000, 445)).isFalse();
    }
}
