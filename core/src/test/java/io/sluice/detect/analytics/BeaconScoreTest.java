package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each sub-score of RITA v5's beacon score on inputs small enough to work out by hand. */
class BeaconScoreTest {
    private static final BeaconScore.Params RITA = BeaconScore.Params.rita();

    @Test
    void bowleyOnAnEvenCountUsesTheHalvesAsQuartiles() {
        // Q1 = median(10,20,30) = 20, Q2 = (30+60)/2 = 45, Q3 = median(60,100,110) = 100:
        // skew = (20 + 100 - 90) / 80 = 0.375.
        assertThat(BeaconScore.bowleyScore(new double[] {10, 20, 30, 60, 100, 110})).isCloseTo(0.625, within(1e-12));
    }

    @Test
    void bowleyOnAnOddCountLeavesTheMedianOutOfBothHalves() {
        // Q1 = median(0,10,20) = 10, Q2 = 30, Q3 = median(50,80,120) = 80: skew = (10+80-60)/70.
        assertThat(BeaconScore.bowleyScore(new double[] {0, 10, 20, 30, 50, 80, 120}))
                .isCloseTo(1 - 30.0 / 70, within(1e-12));
    }

    @Test
    void bowleyIgnoresSkewWhenTheSpreadIsUnderTenOrTheMedianSitsOnAQuartile() {
        // IQR = 9.5 - 1.5 = 8 < 10: a skew RITA treats as noise.
        assertThat(BeaconScore.bowleyScore(new double[] {1, 2, 3, 9, 10})).isEqualTo(1.0);
        // Q1 = Q2 = 5.
        assertThat(BeaconScore.bowleyScore(new double[] {5, 5, 5, 5, 30, 40})).isEqualTo(1.0);
    }

    @Test
    void madScoreIsTheMedianLessItsAbsoluteDeviationOverTheMedian() {
        // median 60, deviations 2,1,0,1,2 -> MAD 1.
        assertThat(BeaconScore.madScore(new double[] {58, 59, 60, 61, 62}, 0)).isCloseTo(59.0 / 60, within(1e-12));
        // Median below 1: the default (1 for intervals, 0 for sizes).
        assertThat(BeaconScore.madScore(new double[] {0, 0, 0, 1}, 1)).isEqualTo(1.0);
        assertThat(BeaconScore.madScore(new double[] {0, 0, 0, 1}, 0)).isEqualTo(0.0);
    }

    @Test
    void timestampScoreAveragesBowleyAndMadOfTheIntervals() {
        // Intervals 55,65,60,55,65: Q1 55, Q2 60, Q3 65 -> no skew; MAD 5 -> 55/60. Mean rounded: 0.958.
        long[] ts = {0, 55, 120, 180, 235, 300};
        double[] deltas = BeaconScore.nonZeroDeltas(ts, ts.length);
        assertThat(deltas).containsExactly(55, 55, 60, 65, 65);
        assertThat(BeaconScore.statisticalScore(deltas, 1)).isEqualTo(0.958);
    }

    @Test
    void connectionsInTheSameSecondAddNoInterval() {
        long[] ts = {0, 0, 60, 120, 120, 180};
        assertThat(BeaconScore.nonZeroDeltas(ts, ts.length)).containsExactly(60, 60, 60);
        // Only two non-zero intervals: no score.
        long[] few = {0, 0, 60, 120, 120};
        assertThat(BeaconScore.score(few, few.length, new long[] {1, 1, 1, 1, 1}, 5, 0, 86_400, RITA))
                .isEqualTo(BeaconScore.NONE);
    }

    @Test
    void dataSizeScoreOfEqualSizesIsOneAndOfEmptyConnectionsIsAHalf() {
        assertThat(BeaconScore.statisticalScore(new double[] {400, 400, 400, 400}, 0)).isEqualTo(1.0);
        // All zero: no skew (score 1), median below 1 so MAD score 0.
        assertThat(BeaconScore.statisticalScore(new double[] {0, 0, 0}, 0)).isEqualTo(0.5);
    }

    @Test
    void histogramCountsConnectionsPerBinAndFindsTheLongestRunAcrossTheWindowsEnd() {
        // Bins of 10 s over [0, 240): connections in bins 0, 1, 2 and 20..23.
        long[] ts = {0, 15, 25, 200, 210, 220, 235};
        var h = BeaconScore.histogram(ts, ts.length, 0, 240, 24, 0.05);
        assertThat(h.counts()[0]).isEqualTo(1);
        assertThat(h.counts()[23]).isEqualTo(1);
        assertThat(h.totalBars()).isEqualTo(7);
        assertThat(h.longestRun()).isEqualTo(7); // 20,21,22,23 then 0,1,2
    }

    @Test
    void coefficientOfVariationScore() {
        int[] flat = new int[24];
        java.util.Arrays.fill(flat, 60);
        assertThat(BeaconScore.coefficientOfVariationScore(flat)).isEqualTo(1.0);
        // mean 3, population variance (1+1+1+9)/4 = 3: CV = sqrt(3)/3 = 0.577 -> 0.423.
        assertThat(BeaconScore.coefficientOfVariationScore(new int[] {2, 2, 2, 6})).isEqualTo(0.423);
        // Half the bins empty: CV exactly 1 -> 0.
        int[] half = new int[24];
        for (int i = 0; i < 12; i++) half[i] = 2;
        assertThat(BeaconScore.coefficientOfVariationScore(half)).isEqualTo(0.0);
    }

    @Test
    void bimodalFitTakesTheTwoCommonestBarHeights() {
        // A beacon busier by day: 12 bars of 10 and 12 of 30. CV 0.5, but a perfect two-level fit.
        long[] ts = new long[12 * 10 + 12 * 30];
        int k = 0;
        for (int bin = 0; bin < 24; bin++) {
            int n = bin % 2 == 0 ? 10 : 30;
            for (int i = 0; i < n; i++) ts[k++] = bin * 3600L + i;
        }
        var h = BeaconScore.histogram(ts, k, 0, 86_400, 24, 0.05);
        assertThat(BeaconScore.coefficientOfVariationScore(h.counts())).isEqualTo(0.5);
        assertThat(BeaconScore.bimodalFitScore(h, 1, 11)).isEqualTo(1.0); // 24 / 23, capped

        // Heights 10 x6, 30 x3, 50, 70, 90 (group width ceil(90 * 0.05) = 5): (6 + 3) / (12 - 1).
        int[] heights = {10, 10, 10, 10, 10, 10, 30, 30, 30, 50, 70, 90};
        long[] ts2 = new long[10 * 6 + 90 + 50 + 70 + 90];
        k = 0;
        for (int bin = 0; bin < heights.length; bin++) {
            for (int i = 0; i < heights[bin]; i++) ts2[k++] = bin * 3600L + i;
        }
        var h2 = BeaconScore.histogram(ts2, k, 0, 86_400, 24, 0.05);
        assertThat(h2.totalBars()).isEqualTo(12);
        assertThat(BeaconScore.bimodalFitScore(h2, 1, 11)).isEqualTo(0.818);
        // Fewer than 11 non-empty bins: not scored.
        var h3 = BeaconScore.histogram(ts2, 10 * 6 + 90, 0, 86_400, 24, 0.05);
        assertThat(h3.totalBars()).isEqualTo(9);
        assertThat(BeaconScore.bimodalFitScore(h3, 1, 11)).isEqualTo(0.0);
    }

    @Test
    void durationScoreIsCoverageOrConsistencyOnceSixHoursAreSeen() {
        // Half the day covered, 3 consecutive hours: coverage 0.5 wins.
        assertThat(BeaconScore.durationScore(0, 86_400, 0, 43_200, 10, 3, 6, 12)).isEqualTo(0.5);
        // One hour covered but 8 consecutive bins: ceil(8/12 * 1000) / 1000 = 0.667.
        assertThat(BeaconScore.durationScore(0, 86_400, 0, 3_600, 8, 8, 6, 12)).isEqualTo(0.667);
        // Five bins only: no duration score.
        assertThat(BeaconScore.durationScore(0, 86_400, 0, 86_000, 5, 5, 6, 12)).isEqualTo(0.0);
    }

    @Test
    void aPerfectDayLongBeaconScoresOneAndTheWeightsCombineTheParts() {
        int n = 1440;
        long[] ts = new long[n];
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_000_000 + 60L * i;
            bytes[i] = 512;
        }
        var s = BeaconScore.score(ts, n, bytes, n, 1_000_000, 1_000_000 + 86_400, RITA);
        assertThat(s.timestamp()).isEqualTo(1.0);
        assertThat(s.dataSize()).isEqualTo(1.0);
        assertThat(s.histogram()).isEqualTo(1.0);
        assertThat(s.duration()).isEqualTo(1.0);
        assertThat(s.score()).isEqualTo(1.0);
        assertThat(s.medianIntervalSeconds()).isEqualTo(60.0);

        // Only the timestamp part counts: the score is the timestamp score.
        var tsOnly = new BeaconScore.Params(1, 0, 0, 0, 24, 6, 12, 0.05, 1, 11);
        long[] jitter = {0, 55, 120, 180, 235, 300};
        var j = BeaconScore.score(jitter, 6, new long[] {1, 2, 300, 4, 5, 6}, 6, 0, 86_400, tsOnly);
        assertThat(j.score()).isEqualTo(0.958);
        assertThat(j.intervalMadSeconds()).isEqualTo(5.0);
    }

    @Test
    void burstsOfBrowsingScoreLow() {
        // Three bursts of page loads in one hour, sizes all over the place.
        long[] ts = {100, 101, 103, 104, 900, 902, 903, 2_000, 2_001, 2_003};
        long[] bytes = {500, 12_000, 800, 64_000, 700, 3_000, 90_000, 1_200, 40_000, 650};
        var s = BeaconScore.score(ts, ts.length, bytes, bytes.length, 0, 86_400, RITA);
        assertThat(s.duration()).isEqualTo(0.0);
        assertThat(s.score()).isLessThan(0.5);
    }
}
