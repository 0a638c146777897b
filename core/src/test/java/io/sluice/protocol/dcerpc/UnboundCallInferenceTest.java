package io.sluice.protocol.dcerpc;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Property
    void neverFailsOnAnyOpnums(@ForAll @Size(max = 40) int[] opnums, @ForAll @IntRange(min = 0, max = 40) int n) {
        UnboundCallInference.interfaceOf(opnums, Math.min(n, opnums.length));
    }
}
