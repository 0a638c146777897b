package io.sluice.protocol.dcerpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.DceRpcPdus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UnboundCallInferenceTest {

    private static String infer(int... opnums) {
        return UnboundCallInference.interfaceOf(opnums, opnums.length);
    }

    @Test
    void dcsyncToolSequencesAreDrsuapi() {
        assertThat(infer(0, 16, 12, 0, 3, 1)).isEqualTo(UnboundCallInference.DRSUAPI); // mimikatz lsadump::dcsync
        assertThat(infer(0, 16, 12, 3, 3, 3)).isEqualTo(UnboundCallInference.DRSUAPI); // secretsdump, several objects
        assertThat(infer(0, 12, 2)).isEqualTo(UnboundCallInference.DRSUAPI); // DRSReplicaSync after a lookup
    }

    @Test
    void sequencesThatDoNotOpenLikeADrsuapiClientAreNotNamed() {
        assertThat(infer(0, 3, 1)).isNull(); // no lookup before the replication call
        assertThat(infer(16, 12, 0, 3)).isNull(); // does not start with DRSBind
        assertThat(infer(0, 16, 12)).isNull(); // nothing replicated
        assertThat(infer(0, 16, 12, 7, 3)).isNull(); // 7 is not an operation of a replication client
        assertThat(infer(64, 5, 7, 17)).isNull(); // samr: SamrConnect5 first
        assertThat(infer(0, 12)).isNull(); // too short to judge
    }

    @Property
    void onlySequencesStartingWithBindThenLookupThenReplicationAreNamed(
            @ForAll @Size(min = 0, max = 32) int[] opnums) {
        String r = UnboundCallInference.interfaceOf(opnums, opnums.length);
        if (r == null) return;
        assertThat(opnums[0]).isZero();
        int lookup = -1, replicate = -1;
        for (int i = 0; i < opnums.length; i++) {
            if (lookup < 0 && (opnums[i] == 12 || opnums[i] == 16)) lookup = i;
            if (lookup >= 0 && replicate < 0 && (opnums[i] == 2 || opnums[i] == 3)) replicate = i;
        }
        assertThat(lookup).isPositive();
        assertThat(replicate).isGreaterThan(lookup);
    }

    /** LsarRetrievePrivateData's stub: a policy handle, then the secret's name, in NDR or NDR64. */
    private static byte[] privateDataStub(String name, boolean ndr64, int maxExtra) {
        var b = java.nio.ByteBuffer.allocate(200).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0); // handle attributes
        for (int i = 0; i < 16; i++) b.put((byte) (0xa0 + i)); // handle uuid
        if (ndr64) b.putInt(0); // align the string to 8
        b.putShort((short) (2 * name.length())).putShort((short) (2 * name.length() + maxExtra));
        if (ndr64) b.putInt(0).putLong(0x20000).putLong(name.length() + maxExtra / 2).putLong(0).putLong(name.length());
        else b.putInt(0x20000).putInt(name.length() + maxExtra / 2).putInt(0).putInt(name.length());
        for (char c : name.toCharArray()) b.putShort((short) c);
        b.putLong(0); // EncryptedData: a null pointer
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static boolean privateData(int opnum, byte[] stub) {
        byte[] pdu = DceRpcPdus.request(3, 1, opnum, stub, 3);
        return UnboundCallInference.lsaPrivateData(pdu, pdu.length, 3, opnum);
    }

    @Test
    void aPrivateDataCallIsNamedByItsStub() {
        assertThat(privateData(43, privateDataStub("G$BCKUPKEY_PREFERRED", true, 2))).as("NDR64, as in the corpus").isTrue();
        assertThat(privateData(43, privateDataStub("G$BCKUPKEY_PREFERRED", false, 2))).as("NDR").isTrue();
        assertThat(privateData(42, privateDataStub("$MACHINE.ACC", false, 0))).as("LsarStorePrivateData").isTrue();
    }

    @Test
    void otherCallsWithAHandleAndANameAreNot() {
        assertThat(privateData(5, privateDataStub("CORP", false, 2))).as("samr's LookupDomain: another opnum").isFalse();
        byte[] mismatched = privateDataStub("G$BCKUPKEY_PREFERRED", false, 2);
        mismatched[20 + 16] = 19; // actual count no longer the length / 2
        assertThat(privateData(43, mismatched)).isFalse();
        assertThat(privateData(43, privateDataStub("G$BCKUP\u0001KEY", false, 0))).as("not printable").isFalse();
        byte[] handle = privateDataStub("G$BCKUPKEY_PREFERRED", false, 2);
        handle[0] = 1;
        assertThat(privateData(43, handle)).as("a handle's attributes are zero").isFalse();
        byte[] cut = privateDataStub("G$BCKUPKEY_PREFERRED", true, 2);
        byte[] pdu = DceRpcPdus.request(3, 1, 43, cut, 3);
        assertThat(UnboundCallInference.lsaPrivateData(pdu, pdu.length - 30, 3, 43)).as("name not all kept").isFalse();
    }

    @Property
    void neverFailsOnAnyStub(@ForAll @Size(max = 120) byte[] stub, @ForAll @IntRange(min = 0, max = 200) int kept) {
        byte[] pdu = DceRpcPdus.request(3, 1, 43, stub, 3);
        UnboundCallInference.lsaPrivateData(pdu, Math.min(kept, pdu.length), 3, 43);
    }

    @Property
    void neverFailsOnAnyOpnums(@ForAll @Size(max = 40) int[] opnums, @ForAll @IntRange(min = 0, max = 40) int n) {
        UnboundCallInference.interfaceOf(opnums, Math.min(n, opnums.length));
    }
}
