package io.neurostream.bench.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForceSineGenerationTest {

    @Test
    void chaoticNetworkTrainedByForceGeneratesTheSineAutonomously() {
        ForceSineGeneration.Result r = ForceSineGeneration.run(300, 1.5, 0.2, 200, 3000, 1000, 1.0, 1);
        assertThat(r.rmseLastTrainingPeriod()).isLessThan(0.01);
        // frozen weights, 5 periods with no teacher: error under 2% of the target's RMS (0.707)
        assertThat(r.rmseAutonomous()).isLessThan(0.014);
    }
}
