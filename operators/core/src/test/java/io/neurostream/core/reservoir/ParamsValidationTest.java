package io.neurostream.core.reservoir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.neuron.AdLifParams;
import io.neurostream.core.neuron.IzhikevichParams;
import io.neurostream.core.neuron.LifParams;
import io.neurostream.core.plasticity.PairStdpRule;
import io.neurostream.core.plasticity.TripletStdpRule;
import org.junit.jupiter.api.Test;

/** Every Params record refuses bad values with a message naming the field, the value and the range. */
class ParamsValidationTest {

    @Test
    void esnParams() {
        assertThatThrownBy(() -> new EsnParams(100, 1, 1.25, 1.5, 1, 1, 0.1, 0.2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leakRate must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new EsnParams(0, 1, 1.25, 0.3, 1, 1, 0.1, 0.2, 1)).hasMessageContaining("units");
        assertThatThrownBy(() -> new EsnParams(10, 1, -1, 0.3, 1, 1, 0.1, 0.2, 1)).hasMessageContaining("spectralRadius");
    }

    @Test
    void neuronParams() {
        assertThatThrownBy(() -> new IzhikevichParams(0.02, 0.2, 35, 8)).hasMessage("cMv must be < 30 mV, got 35.0");
        assertThatThrownBy(() -> new AdLifParams(LifParams.brunel2000(), 100, -1))
                .hasMessage("jumpAdaptMv must be in [0, inf), got -1.0");
        assertThatThrownBy(() -> new LifParams(20, 0, 10, 20, -2)).hasMessage("refractoryMs must be in [0, inf), got -2.0");
    }

    @Test
    void plasticityParams() {
        assertThatThrownBy(() -> new PairStdpRule.Params(0.01, 0.01, 0, 20, 1)).hasMessageContaining("tauPlusMs");
        assertThatThrownBy(() -> new TripletStdpRule.Params(-1, 0, 0, 0, 1, 1, 1, 1, 1)).hasMessageContaining("amplitudes");
    }
}
