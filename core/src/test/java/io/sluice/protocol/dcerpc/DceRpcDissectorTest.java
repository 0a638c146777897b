package io.sluice.protocol.dcerpc;

import static io.sluice.packet.craft.DceRpcPdus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.packet.craft.NtlmMessages;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DceRpcDissectorTest {

    private static final long T0 = 1_600_000_000_000_000_000L;

    private static List<DceRpcCall> calls(RecordingContext ctx) {
        return ctx.events.stream().filter(e -> e instanceof DceRpcCall).map(e -> (DceRpcCall) e).toList();
    }

    private static void feed(DceRpcDissector d, RecordingContext ctx, boolean fromOrig, byte[] b, long ts) {
        ctx.ts = ts;
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    @Test
    void namesTheInterfaceAndOperationOfAnAnsweredCall() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, SVCCTL, null), T0);
        feed(d, ctx, false, bindAck(1, "135"), T0 + 1000);
        feed(d, ctx, true, request(2, 0, 12, 40, 3), T0 + 2000);
        feed(d, ctx, false, response(2, 0, 8, 3), T0 + 5000);
        d.onEnd(ctx);
        assertThat(calls(ctx)).containsExactly(new DceRpcCall(T0 + 2000, ctx.uid(), ctx.id(), 3000L, "135", "svcctl",
                "CreateServiceW"));
        assertThat(ctx.confirmed).contains("dce_rpc");
        assertThat(ctx.weirds).isEmpty();
    }

    /**
     * MS-PAR over TCP, the asynchronous print interface PrintNightmare (CVE-2021-1675) installs its
     * driver through: Zeek names its 75 operations; the table had the interface with none, so the
     * call was logged as unknown-39.
     */
    @Test
    void namesTheOperationsOfTheAsynchronousPrintInterface() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49670);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, "76f03f96-cdfd-44fc-a22c-64950a001209", null), T0);
        feed(d, ctx, false, bindAck(1, "49670"), T0 + 1000);
        feed(d, ctx, true, request(2, 0, 39, 40, 3), T0 + 2000);
        feed(d, ctx, false, response(2, 0, 8, 3), T0 + 5000);
        feed(d, ctx, true, request(3, 0, 74, 40, 3), T0 + 6000);
        feed(d, ctx, false, response(3, 0, 8, 3), T0 + 7000);
        assertThat(calls(ctx)).extracting(DceRpcCall::endpoint, DceRpcCall::operation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("IRemoteWinspool", "RpcAsyncAddPrinterDriver"),
                org.assertj.core.groups.Tuple.tuple("IRemoteWinspool", "RpcAsyncLogJobInfoForBranchOffice"));
    }

    @Test
    void everySplitOfTheStreamsGivesTheSameRows() {
        byte[] orig = concat(bind(11, 1, 0, DRSUAPI, null), request(2, 0, 3, 300, 3), request(3, 0, 12, 10, 3));
        byte[] resp = concat(bindAck(1, "49667"), response(2, 0, 500, 3), response(3, 0, 4, 3));
        var whole = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d0 = new DceRpcDissector();
        feed(d0, whole, true, orig, T0);
        feed(d0, whole, false, resp, T0 + 10);
        d0.onEnd(whole);
        assertThat(calls(whole)).extracting(DceRpcCall::operation).containsExactly("DRSGetNCChanges", "DRSCrackNames");
        for (int split = 1; split < Math.max(orig.length, resp.length); split++) {
            var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
            var d = new DceRpcDissector();
            int so = Math.min(split, orig.length), sr = Math.min(split, resp.length);
            ctx.ts = T0;
            d.onData(true, ByteBuffer.wrap(orig), 0, so, ctx);
            d.onData(true, ByteBuffer.wrap(orig), so, orig.length - so, ctx);
            ctx.ts = T0 + 10;
            d.onData(false, ByteBuffer.wrap(resp), 0, sr, ctx);
            d.onData(false, ByteBuffer.wrap(resp), sr, resp.length - sr, ctx);
            d.onEnd(ctx);
            assertThat(calls(ctx)).as("split at %d", split).isEqualTo(calls(whole));
        }
    }

    @Test
    void pairsFragmentedCallsByCallIdAndTimesThemFromTheLastFragments() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49668);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, NETLOGON, null), T0);
        feed(d, ctx, false, bindAck(1, "49668"), T0);
        feed(d, ctx, true, request(7, 0, 26, 100, 1), T0 + 100); // first
        feed(d, ctx, true, request(7, 0, 0, 100, 0), T0 + 200); // middle: opnum of later fragments is not trusted
        feed(d, ctx, true, request(7, 0, 0, 100, 2), T0 + 300); // last
        feed(d, ctx, false, response(7, 0, 100, 1), T0 + 400);
        assertThat(calls(ctx)).isEmpty();
        feed(d, ctx, false, response(7, 0, 100, 2), T0 + 900);
        assertThat(calls(ctx)).containsExactly(new DceRpcCall(T0 + 300, ctx.uid(), ctx.id(), 600L, "49668", "netlogon",
                "NetrServerAuthenticate3"));
    }

    @Test
    void unknownInterfacesAndOperationsAreNamedAsZeekNamesThem() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 5000);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, "01234567-89ab-cdef-0123-456789abcdef", null), T0);
        feed(d, ctx, true, request(2, 0, 3, 0, 3), T0);
        feed(d, ctx, false, response(2, 0, 0, 3), T0);
        feed(d, ctx, true, bind(14, 3, 1, SVCCTL, null), T0); // alter_context adds a context
        feed(d, ctx, true, request(4, 1, 999, 0, 3), T0);
        feed(d, ctx, false, response(4, 1, 0, 3), T0);
        assertThat(calls(ctx)).extracting(DceRpcCall::endpoint, DceRpcCall::operation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("unknown-01234567-89ab-cdef-0123-456789abcdef", "unknown-3"),
                org.assertj.core.groups.Tuple.tuple("svcctl", "unknown-999"));
        assertThat(calls(ctx).get(0).rttNanos()).as("same instant: no rtt, as Zeek").isNull();
    }

    @Test
    void fileServerVssAgentCallsAreNamedFromMsFsrvp() {
        // ShadowCoerce's trigger: IsPathShadowCopied is opnum 9 of MS-FSRVP (Zeek's table has no FSRVP).
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 445);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, "a8e0653c-2744-4389-a61d-7373df8b2292", null), T0);
        feed(d, ctx, false, bindAck(1, "\\PIPE\\FssagentRpc"), T0 + 1000);
        feed(d, ctx, true, request(2, 0, 9, 40, 3), T0 + 2000);
        feed(d, ctx, false, response(2, 0, 8, 3), T0 + 5000);
        d.onEnd(ctx);
        assertThat(calls(ctx)).extracting(DceRpcCall::endpoint, DceRpcCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FileServerVssAgent", "IsPathShadowCopied"));
    }

    @Test
    void zeeksIgnoredOperationsAreLeftOut() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 5000);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, "338cd001-2244-31f1-aaaa-900038001003", null), T0);
        feed(d, ctx, true, request(2, 0, 2, 0, 3), T0); // OpenLocalMachine: ignored
        feed(d, ctx, false, response(2, 0, 0, 3), T0);
        feed(d, ctx, true, request(3, 0, 22, 0, 3), T0); // BaseRegSetValue: logged
        feed(d, ctx, false, response(3, 0, 0, 3), T0);
        assertThat(calls(ctx)).extracting(DceRpcCall::operation).containsExactly("BaseRegSetValue");
    }

    @Test
    void requestsWithoutAnswerAreLoggedAtTheEndWithoutRtt() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, DRSUAPI, null), T0);
        feed(d, ctx, true, request(2, 0, 3, 10, 3), T0 + 5);
        feed(d, ctx, true, request(3, 0, 3, 10, 1), T0 + 6); // never completed: not logged
        assertThat(calls(ctx)).isEmpty();
        d.onEnd(ctx);
        assertThat(calls(ctx)).containsExactly(new DceRpcCall(T0 + 5, ctx.uid(), ctx.id(), null, null, "drsuapi",
                "DRSGetNCChanges"));
    }

    @Test
    void aReplicationSequenceWithoutItsBindIsNamedDrsuapiAndMarkedInferred() {
        // a capture that starts after the bind, sealed stubs: only the opnums say what happened
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d = new DceRpcDissector();
        int[] opnums = {0, 16, 12, 0, 3, 1};
        for (int i = 0; i < opnums.length; i++) {
            feed(d, ctx, true, request(10 + i, 0, opnums[i], 40, 3), T0 + 100L * i);
            feed(d, ctx, false, response(10 + i, 0, 40, 3), T0 + 100L * i + 7);
        }
        assertThat(calls(ctx)).isEmpty(); // held until the sequence can be judged
        d.onEnd(ctx);
        assertThat(calls(ctx)).extracting(DceRpcCall::operation).containsExactly("DRSBind", "DRSDomainControllerInfo",
                "DRSCrackNames", "DRSBind", "DRSGetNCChanges", "DRSUnbind");
        assertThat(calls(ctx)).allSatisfy(c -> {
            assertThat(c.endpoint()).isEqualTo("drsuapi");
            assertThat(c.endpointInferred()).isTrue();
            assertThat(c.rttNanos()).isEqualTo(7L);
        });
        assertThat(calls(ctx).get(4).tsNanos()).isEqualTo(T0 + 400);
    }

    @Test
    void unansweredUnboundRequestsAreJudgedInRequestOrderAtTheEnd() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d = new DceRpcDissector();
        // answered out of order: the later DRSGetNCChanges is answered first, the rest never
        feed(d, ctx, true, request(1, 0, 0, 40, 3), T0);
        feed(d, ctx, true, request(2, 0, 12, 40, 3), T0 + 1);
        feed(d, ctx, true, request(3, 0, 3, 40, 3), T0 + 2);
        feed(d, ctx, false, response(3, 0, 900, 3), T0 + 9);
        d.onEnd(ctx);
        assertThat(calls(ctx)).extracting(DceRpcCall::operation)
                .containsExactly("DRSBind", "DRSCrackNames", "DRSGetNCChanges");
        assertThat(calls(ctx)).extracting(DceRpcCall::rttNanos).containsExactly(null, null, 7L);
    }

    @Test
    void otherUnboundSequencesStayUnnamed() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49670);
        var d = new DceRpcDissector();
        int[] opnums = {15, 12, 0, 3}; // svcctl-like: ROpenSCManagerW first
        for (int i = 0; i < opnums.length; i++) {
            feed(d, ctx, true, request(i + 1, 0, opnums[i], 40, 3), T0 + i);
            feed(d, ctx, false, response(i + 1, 0, 40, 3), T0 + i + 1);
        }
        d.onEnd(ctx);
        assertThat(calls(ctx)).isEmpty();
    }

    @Test
    void aBoundCallIsNotMarkedInferred() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, DRSUAPI, null), T0);
        feed(d, ctx, true, request(2, 0, 3, 10, 3), T0 + 5);
        feed(d, ctx, false, response(2, 0, 10, 3), T0 + 6);
        assertThat(calls(ctx)).singleElement().satisfies(c -> assertThat(c.endpointInferred()).isFalse());
    }

    /** An ORPCTHIS-like prefix, then an OBJREF of the activation properties (MS-DCOM 2.2.18), as activation calls carry. */
    private static byte[] activationStub(int lead) {
        byte[] objref = {'M', 'E', 'O', 'W', 4, 0, 0, 0, (byte) 0xa2, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0,
                0, 0x46, 0x38, 0x03, 0, 0};
        byte[] stub = new byte[lead + objref.length + 64];
        stub[0] = 5; // COMVERSION 5.7
        stub[2] = 7;
        System.arraycopy(objref, 0, stub, lead, objref.length);
        return stub;
    }

    @Test
    void aDcomActivationWithoutItsBindIsNamedFromItsStub() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, ctx, true, request(6, 0, 4, activationStub(68), 3), T0);
        feed(d, ctx, false, response(6, 0, 40, 3), T0 + 9);
        d.onEnd(ctx);
        assertThat(calls(ctx)).singleElement().satisfies(c -> {
            assertThat(c.endpoint()).isEqualTo("IRemoteSCMActivator");
            assertThat(c.operation()).isEqualTo("RemoteCreateInstance");
            assertThat(c.endpointInferred()).isTrue();
            assertThat(c.rttNanos()).isEqualTo(9L);
        });
    }

    @Test
    void anActivationObjrefBeyondTheScannedBytesOrAnotherInterfaceStaysUnnamed() {
        var far = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, far, true, request(6, 0, 4, activationStub(UnboundCallInference.ACTIVATION_SCAN), 3), T0);
        feed(d, far, false, response(6, 0, 40, 3), T0 + 9);
        d.onEnd(far);
        assertThat(calls(far)).isEmpty();

        var other = RecordingContext.tcp("10.0.0.1", 50001, "10.0.0.2", 135);
        byte[] stub = activationStub(68);
        stub[68 + 8] = 0x00; // an OBJREF of IUnknown {00000000-...}, not of the activation properties
        stub[68 + 9] = 0x00;
        d = new DceRpcDissector();
        feed(d, other, true, request(6, 0, 4, stub, 3), T0);
        feed(d, other, false, response(6, 0, 40, 3), T0 + 9);
        d.onEnd(other);
        assertThat(calls(other)).isEmpty();
    }

    @Test
    void ntlmInAuthVerifiersIsLogged() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49670);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, SVCCTL, NtlmMessages.negotiate()), T0);
        feed(d, ctx, true, bind(16, 1, 0, SVCCTL, NtlmMessages.authenticate("CORP", "alice", "WS1")), T0 + 1);
        d.onEnd(ctx);
        assertThat(ctx.events).filteredOn(e -> e instanceof NtlmAuthentication).singleElement()
                .satisfies(e -> {
                    var n = (NtlmAuthentication) e;
                    assertThat(n.username()).isEqualTo("alice");
                    assertThat(n.domainname()).isEqualTo("CORP");
                    assertThat(n.hostname()).isEqualTo("WS1");
                    assertThat(n.success()).isNull();
                });
    }

    @Test
    void garbageIsAWeirdAndStopsTheDirection() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, ctx, true, "GET / HTTP/1.1\r\n\r\n".getBytes(), T0);
        feed(d, ctx, false, new byte[] {5, 0, 12, 3, 0x10, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0}, T0); // frag_length 4
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .containsExactly("DCE_RPC_invalid_header", "DCE_RPC_bad_frag_length");
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void callsInFlightAreBounded() {
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, SVCCTL, null), T0);
        for (int i = 0; i < DceRpcSession.MAX_PENDING + 10; i++) feed(d, ctx, true, request(100 + i, 0, 15, 0, 3), T0);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).contains("DCE_RPC_too_many_pending_calls");
        d.onEnd(ctx);
        assertThat(calls(ctx)).hasSize(DceRpcSession.MAX_PENDING);
    }

    @Test
    void bigEndianDataRepresentationIsRead() {
        // drep 0x00: big-endian integers; a UUID's first three fields follow that order
        var bind = ByteBuffer.allocate(72);
        bind.put(new byte[] {5, 0, 11, 3, 0, 0, 0, 0}).putShort((short) 72).putShort((short) 0).putInt(1);
        bind.putShort((short) 4280).putShort((short) 4280).putInt(0).put((byte) 1).put(new byte[3]);
        bind.putShort((short) 0).put((byte) 1).put((byte) 0);
        var u = java.util.UUID.fromString(DRSUAPI);
        bind.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).putInt(0x00040000);
        bind.put(new byte[20]);
        var req = ByteBuffer.allocate(24);
        req.put(new byte[] {5, 0, 0, 3, 0, 0, 0, 0}).putShort((short) 24).putShort((short) 0).putInt(2);
        req.putInt(0).putShort((short) 0).putShort((short) 3);
        var resp = ByteBuffer.allocate(24);
        resp.put(new byte[] {5, 0, 2, 3, 0, 0, 0, 0}).putShort((short) 24).putShort((short) 0).putInt(2);
        resp.putInt(0).putShort((short) 0).putShort((short) 0);
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 49667);
        var d = new DceRpcDissector();
        feed(d, ctx, true, concat(bind.array(), req.array()), T0);
        feed(d, ctx, false, resp.array(), T0 + 1);
        assertThat(calls(ctx)).extracting(DceRpcCall::endpoint, DceRpcCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("drsuapi", "DRSGetNCChanges"));
    }

    /**
     * The bind_ack's secondary address is logged as the bytes sent, as Zeek logs it: valid UTF-8 as
     * text and any other byte as {@code \xNN}. Bytes outside printable ASCII were written as "?".
     */
    @Test
    void theNamedPipeIsTheBytesSent() {
        byte[] ack = bindAck(1, "\\PIPE\\abcd");
        // the secondary address starts at 26: \PIPE\ then the byte E9 (not UTF-8), t, and é in UTF-8
        byte[] tail = {(byte) 0xe9, 't', (byte) 0xc3, (byte) 0xa9};
        System.arraycopy(tail, 0, ack, 26 + 6, tail.length);
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        feed(d, ctx, true, bind(11, 1, 0, SVCCTL, null), T0);
        feed(d, ctx, false, ack, T0 + 1000);
        feed(d, ctx, true, request(2, 0, 12, 40, 3), T0 + 2000);
        feed(d, ctx, false, response(2, 0, 8, 3), T0 + 5000);
        d.onEnd(ctx);
        var call = calls(ctx).get(0);
        assertThat(call.namedPipe()).isEqualTo("\\PIPE\\\u00e9t\u00c3\u00a9");
        assertThat(io.sluice.testing.LogLines.zeek(call).get("named_pipe")).isEqualTo("\\\\PIPE\\\\\\xe9t\u00e9");
        assertThat(io.sluice.testing.LogLines.json(call)).contains("\"named_pipe\":\"\\\\PIPE\\\\\\\\xe9t\u00e9\"");
    }

    @Test
    void signatureTakesDceRpcPdusFromEitherSideNotOtherBytes() {
        var s = DceRpcProtocol.SIGNATURE;
        byte[] b = bind(11, 1, 0, SVCCTL, null);
        assertThat(s.matches(true, ByteBuffer.wrap(b), 0, b.length, 50000, 135)).isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(b), 0, b.length, 50000, 49999)).as("any port").isTrue();
        byte[] ack = bindAck(1, "135");
        assertThat(s.matches(false, ByteBuffer.wrap(ack), 0, ack.length, 50000, 135)).isTrue();
        // a capture that starts mid-connection may make the client the responder: direction is not checked
        assertThat(s.matches(false, ByteBuffer.wrap(b), 0, b.length, 50000, 135)).as("bind from responder").isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(ack), 0, ack.length, 49667, 52226)).as("bind_ack from originator").isTrue();
        byte[] v4 = b.clone();
        v4[0] = 4;
        assertThat(s.matches(true, ByteBuffer.wrap(v4), 0, v4.length, 50000, 135)).isFalse();
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        assertThat(s.matches(true, ByteBuffer.wrap(http), 0, http.length, 50000, 135)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(b), 0, 9, 50000, 135)).as("too short").isFalse();
    }
}
