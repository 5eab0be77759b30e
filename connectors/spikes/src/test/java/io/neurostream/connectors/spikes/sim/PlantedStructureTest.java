package io.neurostream.connectors.spikes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlantedStructureTest {
    private static final long SECOND = 1_000_000L;

    @Test
    void withoutStructureTheOutputIsUnchanged() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(16).build();
        ReachSimulator.SimulatedRecording plain = new ReachSimulator(p, 5).run(3 * SECOND);
        ReachSimulator.SimulatedRecording none = new ReachSimulator(p, PlantedStructure.none(), 5).run(3 * SECOND);
        assertThat(none.spikeCount()).isEqualTo(plain.spikeCount());
        for (int i = 0; i < plain.spikeCount(); i++) {
            assertThat(none.spikeTimesMicros()[i]).isEqualTo(plain.spikeTimesMicros()[i]);
            assertThat(none.spikeUnits()[i]).isEqualTo(plain.spikeUnits()[i]);
        }
    }

    @Test
    void aPlantedPairEvokesSpikesAtItsLag() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(4).noDrift().baselineHz(20, 0).depthHz(0, 0).build();
        PlantedStructure planted = new PlantedStructure(
                List.of(new PlantedStructure.PlantedPair(0, 1, 3_000, 200, 0.5)), new double[0][], 0, 0);
        ReachSimulator.SimulatedRecording rec = new ReachSimulator(p, planted, 9).run(60 * SECOND);
        // cross-correlogram of 1 after 0, and of 3 after 2 (no pair) as the control
        long[] pairLags = lags(rec, 0, 1);
        long[] controlLags = lags(rec, 2, 3);
        long inWindow = java.util.Arrays.stream(pairLags).filter(l -> l >= 2_000 && l < 4_000).count();
        long controlInWindow = java.util.Arrays.stream(controlLags).filter(l -> l >= 2_000 && l < 4_000).count();
        long pre = java.util.Arrays.stream(rec.spikeUnits(), 0, rec.spikeCount()).filter(u -> u == 0).count();
        // about half of the presynaptic spikes evoke one (fewer where the refractory period blocks it)
        assertThat((double) (inWindow - controlInWindow) / pre).isBetween(0.35, 0.55);
        assertThat(controlInWindow).isLessThan(inWindow / 5);
    }

    private static long[] lags(ReachSimulator.SimulatedRecording rec, int pre, int post) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        long lastPre = Long.MIN_VALUE / 2;
        for (int i = 0; i < rec.spikeCount(); i++) {
            if (rec.spikeUnits()[i] == pre) {
                lastPre = rec.spikeTimesMicros()[i];
            } else if (rec.spikeUnits()[i] == post) {
                out.add(rec.spikeTimesMicros()[i] - lastPre);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void statesSwitchAndScaleTheRates() {
        int units = 8;
        ReachSimParams p = ReachSimParams.builder().neuronCount(units).noDrift().noise(0, 100).baselineHz(20, 0)
                .depthHz(0, 0).build();
        double[][] gains = new double[2][units];
        java.util.Arrays.fill(gains[0], 0.5);
        java.util.Arrays.fill(gains[1], 2.0);
        PlantedStructure planted = new PlantedStructure(List.of(), gains, 2_000, 500);
        ReachSimulator sim = new ReachSimulator(p, planted, 3);
        long[] spikes = new long[2];
        long[] steps = new long[2];
        int switches = 0;
        int last = sim.state();
        for (int s = 0; s < 120_000; s++) {
            int n = sim.step();
            spikes[sim.state()] += n;
            steps[sim.state()]++;
            if (sim.state() != last) {
                switches++;
                last = sim.state();
            }
        }
        assertThat(switches).isBetween(40, 80); // 120 s at a mean dwell of 2 s
        double rate0 = spikes[0] / (steps[0] / 1000.0) / units;
        double rate1 = spikes[1] / (steps[1] / 1000.0) / units;
        assertThat(rate0).isBetween(9.0, 11.0);
        assertThat(rate1).isBetween(34.0, 42.0); // 40 Hz less what the 2 ms refractory period removes
    }

    @Test
    void randomStructureUsesDisjointUnitsAndMeanGainOne() {
        PlantedStructure s = PlantedStructure.random(40, 10, 0.1, 3, 0.5, 4000, 1);
        assertThat(s.pairs()).hasSize(10);
        assertThat(s.pairs().stream().flatMap(pp -> java.util.stream.Stream.of(pp.preUnit(), pp.postUnit())).distinct())
                .hasSize(20);
        for (int u = 0; u < 40; u++) {
            double mean = (s.stateGains()[0][u] + s.stateGains()[1][u] + s.stateGains()[2][u]) / 3;
            assertThat(mean).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThatThrownBy(() -> PlantedStructure.random(10, 6, 0.1, 3, 0.5, 4000, 1))
                .hasMessageContaining("12 units");
        assertThatThrownBy(() -> new ReachSimulator(ReachSimParams.builder().neuronCount(4).build(),
                new PlantedStructure(List.of(new PlantedStructure.PlantedPair(0, 1, 1_500, 250, 0.1)),
                        new double[0][], 0, 0), 1)).hasMessageContaining("lag - 4 x jitter");
    }
}
