package io.neurostream.connectors.spikes.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.connectors.spikes.BehaviorSeries;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.schemas.SpikeBatch;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class ReachSimulatorTest {
    private static final long SECOND = 1_000_000L;

    @Test
    void isDeterministicFromTheSeed() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(32).build();
        ReachSimulator.SimulatedRecording a = new ReachSimulator(p, 7).run(5 * SECOND);
        ReachSimulator.SimulatedRecording b = new ReachSimulator(p, 7).run(5 * SECOND);
        ReachSimulator.SimulatedRecording c = new ReachSimulator(p, 8).run(5 * SECOND);
        assertThat(a.spikeCount()).isEqualTo(b.spikeCount());
        for (int i = 0; i < a.spikeCount(); i++) {
            assertThat(a.spikeTimesMicros()[i]).isEqualTo(b.spikeTimesMicros()[i]);
            assertThat(a.spikeUnits()[i]).isEqualTo(b.spikeUnits()[i]);
        }
        assertThat(a.velocity().values()).containsExactly(b.velocity().values());
        assertThat(c.spikeCount()).isNotEqualTo(a.spikeCount());
    }

    @Test
    void reachesAreMinimumJerkWithHolds() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(1).targetDistanceCm(10).reachMs(500, 900).build();
        ReachSimulator.SimulatedRecording rec = new ReachSimulator(p, 3).run(60 * SECOND);
        BehaviorSeries v = rec.velocity();
        BehaviorSeries x = rec.position();
        double maxSpeed = 0;
        double maxDistance = 0;
        int still = 0;
        for (int i = 0; i < v.length(); i++) {
            double speed = Math.hypot(v.value(i, 0), v.value(i, 1));
            maxSpeed = Math.max(maxSpeed, speed);
            maxDistance = Math.max(maxDistance, Math.hypot(x.value(i, 0), x.value(i, 1)));
            if (speed == 0) {
                still++;
            }
        }
        // peak speed of a minimum-jerk reach is 1.875 D / T
        assertThat(maxSpeed).isBetween(1.875 * 10 / 0.9, 1.875 * 10 / 0.5 + 1e-9);
        assertThat(maxDistance).isCloseTo(10, within(1e-6));
        assertThat(still).isBetween(v.length() / 5, v.length() * 3 / 5); // holds are 200-600 ms, moves 500-900 ms
        // the integral of velocity is the position (1 ms samples)
        double integratedX = 0;
        for (int i = 0; i < v.length(); i++) {
            integratedX += v.value(i, 0) * 1e-3;
        }
        assertThat(integratedX).isCloseTo(x.value(x.length() - 1, 0), within(0.2));
    }

    @Test
    void ratesFollowCosineTuningAndBaseline() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(64).noDrift().noise(0, 100).refractoryMs(0)
                .baselineHz(20, 0).depthHz(15, 0).build();
        ReachSimulator sim = new ReachSimulator(p, 11);
        double[] alignedSpikes = new double[1];
        double[] alignedTime = new double[1];
        double[] opposedSpikes = new double[1];
        double[] opposedTime = new double[1];
        long total = 0;
        long steps = 120_000;
        for (long s = 0; s < steps; s++) {
            int n = sim.step();
            total += n;
            double speed = Math.hypot(sim.vxCmPerS(), sim.vyCmPerS());
            if (speed < 15) {
                continue;
            }
            double heading = Math.atan2(sim.vyCmPerS(), sim.vxCmPerS());
            int spikesOf0 = 0;
            for (int i = 0; i < n; i++) {
                if (sim.spikeUnit(i) == 0) {
                    spikesOf0++;
                }
            }
            double cos = Math.cos(heading - sim.preferredDirectionRad(0));
            if (cos > 0.9) {
                alignedSpikes[0] += spikesOf0;
                alignedTime[0] += 1e-3;
            } else if (cos < -0.9) {
                opposedSpikes[0] += spikesOf0;
                opposedTime[0] += 1e-3;
            }
        }
        double meanRate = total / (steps * 1e-3) / p.neuronCount();
        assertThat(meanRate).isCloseTo(20, within(1.0)); // reaches are symmetric: modulation averages out
        assertThat(alignedSpikes[0] / alignedTime[0]).isGreaterThan(30);
        assertThat(opposedSpikes[0] / opposedTime[0]).isLessThan(10);
    }

    @Test
    void tuningDriftsAsARandomWalk() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(200).pdDriftDegPerSqrtMin(20).build();
        ReachSimulator sim = new ReachSimulator(p, 5);
        double[] before = new double[200];
        for (int i = 0; i < 200; i++) {
            before[i] = sim.preferredDirectionRad(i);
        }
        sim.run(4 * 60 * SECOND);
        double sumSq = 0;
        for (int i = 0; i < 200; i++) {
            double d = Math.toDegrees(sim.preferredDirectionRad(i) - before[i]);
            sumSq += d * d;
        }
        // expected std: 20 deg * sqrt(4 min) = 40 deg
        assertThat(Math.sqrt(sumSq / 200)).isBetween(34.0, 46.0);
    }

    @Test
    void refractoryPeriodIsRespected() {
        ReachSimParams p = ReachSimParams.builder().neuronCount(16).baselineHz(80, 0).refractoryMs(3).build();
        ReachSimulator.SimulatedRecording rec = new ReachSimulator(p, 9).run(20 * SECOND);
        long[] last = new long[16];
        java.util.Arrays.fill(last, -1_000_000);
        for (int i = 0; i < rec.spikeCount(); i++) {
            int u = rec.spikeUnits()[i];
            long t = rec.spikeTimesMicros()[i];
            assertThat(t - last[u]).isGreaterThanOrEqualTo(3000);
            last[u] = t;
        }
    }

    @Test
    void feedsTheBatcher() throws Exception {
        ReachSimulator.SimulatedRecording rec = new ReachSimulator(ReachSimParams.defaults(), 1).run(2 * SECOND);
        Iterator<SpikeBatch> it = SpikeBatcher.batches(rec.spikeSource("sim"), "sim", 20_000);
        long spikes = 0;
        int batches = 0;
        while (it.hasNext()) {
            SpikeBatch b = it.next();
            assertThat(b.getUnitCount()).isEqualTo(256);
            spikes += b.getSpikeCount();
            batches++;
        }
        assertThat(spikes).isEqualTo(rec.spikeCount());
        assertThat(batches).isEqualTo(100);
    }

    @Test
    void paramsExplainWhatIsWrong() {
        assertThatThrownBy(() -> ReachSimParams.builder().neuronCount(0).build())
                .hasMessageContaining("neuronCount = 0 is outside [1, 100000]");
        assertThatThrownBy(() -> ReachSimParams.builder().reachMs(900, 500).build())
                .hasMessageContaining("reachMsMin/reachMsMax");
    }
}
