package io.neurostream.flink.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.lsm.LiquidPlasticity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningConfigTest {
    private static LearningConfig parse(Map<String, String> options) {
        return LearningConfig.parse((name, d) -> options.getOrDefault(name, d));
    }

    @Test
    void defaultsAreRlsWithoutPlasticity() {
        LearningConfig c = parse(Map.of());
        assertThat(c.readoutFor("any")).isEqualTo(ReadoutKind.RLS);
        assertThat(c.plasticity().enabled()).isFalse();
    }

    @Test
    void readsReadoutsPerStreamAndPlasticity() {
        LearningConfig c = parse(Map.of("readout", "lms", "stream-readout", "a=three-factor; b=rls",
                "plasticity", "triplet-stdp", "plasticity-amplitude", "2"));
        assertThat(c.readoutFor("a")).isEqualTo(ReadoutKind.THREE_FACTOR);
        assertThat(c.readoutFor("b")).isEqualTo(ReadoutKind.RLS);
        assertThat(c.readoutFor("c")).isEqualTo(ReadoutKind.LMS);
        assertThat(c.plasticity().rule()).isEqualTo(LiquidPlasticity.Rule.TRIPLET_STDP);
        assertThat(c.plasticity().amplitude()).isEqualTo(2.0);
    }

    @Test
    void wrongValuesFailNamingWhatToFix() {
        assertThatThrownBy(() -> parse(Map.of("readout", "perceptron"))).hasMessageContaining("rls, lms or three-factor");
        assertThatThrownBy(() -> parse(Map.of("plasticity", "bcm"))).hasMessageContaining("none, stdp, triplet-stdp");
        assertThatThrownBy(() -> parse(Map.of("stream-readout", "a"))).hasMessageContaining("--stream-readout");
        assertThatThrownBy(() -> parse(Map.of("lms-mu", "3"))).hasMessageContaining("(0, 2)");
        assertThatThrownBy(() -> parse(Map.of("plasticity-eta", "x"))).hasMessageContaining("--plasticity-eta");
    }
}
