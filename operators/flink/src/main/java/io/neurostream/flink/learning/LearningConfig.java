package io.neurostream.flink.learning;

import io.neurostream.core.lsm.LiquidPlasticity;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a learner learns with besides its readout's shape: the readout kind (one for every stream, or one
 * per stream id), the step sizes of the first-order readouts, and the plasticity of its reservoir.
 *
 * @param readout the readout of every stream without its own ({@code --readout})
 * @param streamReadouts readouts of single streams, by stream id ({@code --stream-readout id=kind;...})
 * @param lmsMu NLMS step size in (0, 2)
 * @param hebbianMu step size of the three-factor readout in (0, 2)
 * @param hebbianEpsilon variance floor of its normalisation, &gt; 0
 * @param hebbianAverageRate rate of its running weight average, in (0, 1]
 * @param plasticity the reservoir's plasticity ({@code --plasticity}; none by default)
 */
public record LearningConfig(ReadoutKind readout, Map<String, ReadoutKind> streamReadouts, double lmsMu,
                             double hebbianMu, double hebbianEpsilon, double hebbianAverageRate,
                             LiquidPlasticity.Params plasticity) implements Serializable {

    public LearningConfig {
        if (readout == null || plasticity == null) {
            throw new IllegalArgumentException("readout and plasticity are required");
        }
        streamReadouts = streamReadouts == null ? Map.of() : Map.copyOf(streamReadouts);
        if (!(lmsMu > 0 && lmsMu < 2) || !(hebbianMu > 0 && hebbianMu < 2)) {
            throw new IllegalArgumentException("lms-mu and three-factor-mu must be in (0, 2), got " + lmsMu + ", "
                    + hebbianMu);
        }
        if (!(hebbianEpsilon > 0) || !(hebbianAverageRate > 0 && hebbianAverageRate <= 1)) {
            throw new IllegalArgumentException("three-factor epsilon must be > 0 and average rate in (0, 1], got "
                    + hebbianEpsilon + ", " + hebbianAverageRate);
        }
    }

    /** RLS, no plasticity: what the jobs did before these options existed. */
    public static LearningConfig defaults() {
        return new LearningConfig(ReadoutKind.RLS, Map.of(), 0.5, 0.5, 0.01, 0.01, LiquidPlasticity.Params.none());
    }

    /** The readout of stream {@code streamId}. */
    public ReadoutKind readoutFor(String streamId) {
        return streamReadouts.getOrDefault(streamId, readout);
    }

    public LearningConfig withReadout(ReadoutKind kind) {
        return new LearningConfig(kind, streamReadouts, lmsMu, hebbianMu, hebbianEpsilon, hebbianAverageRate, plasticity);
    }

    public LearningConfig withStreamReadouts(Map<String, ReadoutKind> readouts) {
        return new LearningConfig(readout, readouts, lmsMu, hebbianMu, hebbianEpsilon, hebbianAverageRate, plasticity);
    }

    public LearningConfig withPlasticity(LiquidPlasticity.Params newPlasticity) {
        return new LearningConfig(readout, streamReadouts, lmsMu, hebbianMu, hebbianEpsilon, hebbianAverageRate,
                newPlasticity);
    }

    /** Options of the jobs that take a learning configuration: name -&gt; default and meaning. */
    public static Map<String, String> options() {
        Map<String, String> o = new java.util.LinkedHashMap<>();
        o.put("readout", "rls: the online readout, rls | lms | three-factor (error-modulated Hebbian, local, O(n))");
        o.put("stream-readout", "none: readouts of single streams, id=kind[;id=kind...] (e.g. to compare readouts on one input)");
        o.put("lms-mu", "0.5: step size of the lms readout, in (0, 2)");
        o.put("three-factor-mu", "0.5: step size of the three-factor readout, in (0, 2)");
        o.put("three-factor-average-rate", "0.01: rate of the three-factor readout's running weight average, in (0, 1]");
        o.put("plasticity", "none: reservoir plasticity, none | stdp | triplet-stdp | intrinsic | ei-homeostasis");
        o.put("plasticity-amplitude", "1: scale of the STDP amplitudes (1 = published values)");
        o.put("plasticity-target-rate-hz", "20: rate the homeostatic rules (intrinsic, ei-homeostasis) steer each neuron to");
        o.put("plasticity-eta", "0.01: mV per Hz of rate error and window, for the homeostatic rules");
        return o;
    }

    /** The configuration from {@code value(name, default)} lookups of {@link #options()}; fails naming the option. */
    public static LearningConfig parse(java.util.function.BiFunction<String, String, String> value) {
        LearningConfig d = defaults();
        ReadoutKind readout = ReadoutKind.parse(value.apply("readout", d.readout().option()));
        Map<String, ReadoutKind> streams = new HashMap<>();
        for (String entry : value.apply("stream-readout", "").split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--stream-readout entries must be id=kind, got '" + entry + "'");
            }
            streams.put(entry.substring(0, eq).trim(), ReadoutKind.parse(entry.substring(eq + 1)));
        }
        LiquidPlasticity.Params p = new LiquidPlasticity.Params(
                LiquidPlasticity.Rule.parse(value.apply("plasticity", "none")),
                number(value, "plasticity-amplitude", d.plasticity().amplitude()),
                number(value, "plasticity-target-rate-hz", d.plasticity().targetRateHz()),
                number(value, "plasticity-eta", d.plasticity().etaMvPerHz()));
        return new LearningConfig(readout, streams, number(value, "lms-mu", d.lmsMu()),
                number(value, "three-factor-mu", d.hebbianMu()), d.hebbianEpsilon(),
                number(value, "three-factor-average-rate", d.hebbianAverageRate()), p);
    }

    private static double number(java.util.function.BiFunction<String, String, String> value, String name, double d) {
        String text = value.apply(name, Double.toString(d));
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + text + "'");
        }
    }
}
