package io.neurostream.flink.spikes;

import io.neurostream.core.decoder.EsnRateDecoder;
import io.neurostream.flink.learning.ReadoutKind;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What spike-decode's rls and esn decoders learn with besides their defaults: the readout ({@code --readout rls|lms},
 * the names of dvs-classify's {@link io.neurostream.flink.learning.LearningConfig}) and the plasticity of the ESN's
 * reservoir ({@code --plasticity none|oja}).
 *
 * <p>Oja's rule adapts the ESN's input weights (rate units: {@code y = W_in u} is defined, the rule needs nothing
 * else). The {@code intrinsic} rule of dvs-classify ({@link io.neurostream.core.plasticity.IntrinsicPlasticity})
 * moves spiking neurons' thresholds by their firing rate in Hz; the ESN's tanh units have neither, so it is refused
 * rather than approximated.
 *
 * @param readout RLS (default) or LMS; the three-factor readout is classification-only
 * @param lmsMu NLMS step size in (0, 2); 0.05 by default: on the operator tests' tuning world it reached held-out
 *              R^2 0.91, 0.2 only 0.84 / 0.75 on rates / ESN (noisy targets: a large step adds noise)
 * @param plasticity the ESN reservoir's plasticity
 * @param ojaEta Oja's learning rate, &gt; 0
 * @param publishEveryBins a plastic reservoir's weights go to {@code models} every this many adapted bins
 */
public record SpikeDecodeLearning(ReadoutKind readout, double lmsMu, Plasticity plasticity, double ojaEta,
                                  long publishEveryBins) implements Serializable {

    /** Plasticity of the ESN reservoir. */
    public enum Plasticity {
        NONE, OJA;

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses none or oja; names why the other rules of dvs-classify do not apply to the ESN. */
        public static Plasticity parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "none" -> {
                    return NONE;
                }
                case "oja" -> {
                    return OJA;
                }
                case "intrinsic" -> throw new IllegalArgumentException("--plasticity intrinsic adapts the thresholds of "
                        + "spiking neurons from their rates in Hz (dvs-classify's liquid); spike-decode's ESN has tanh "
                        + "rate units without a threshold: use --plasticity oja or none");
                case "stdp", "triplet-stdp", "ei-homeostasis" -> throw new IllegalArgumentException("--plasticity " + t
                        + " needs spiking neurons (dvs-classify's liquid); spike-decode's ESN has rate units: use "
                        + "--plasticity oja or none");
                default -> throw new IllegalArgumentException("--plasticity must be none or oja for spike-decode, got '"
                        + text + "'");
            }
        }
    }

    public SpikeDecodeLearning {
        if (readout == null || plasticity == null) {
            throw new IllegalArgumentException("readout and plasticity are required");
        }
        if (readout == ReadoutKind.THREE_FACTOR) {
            throw new IllegalArgumentException("--readout three-factor is classification-only (dvs-classify's "
                    + "error-modulated Hebbian readout learns class scores); spike-decode regresses: use rls or lms");
        }
        if (!(lmsMu > 0 && lmsMu < 2)) {
            throw new IllegalArgumentException("--lms-mu must be in (0, 2), got " + lmsMu);
        }
        if (!(ojaEta > 0) || Double.isInfinite(ojaEta)) {
            throw new IllegalArgumentException("--oja-eta must be > 0, got " + ojaEta);
        }
        if (publishEveryBins < 1) {
            throw new IllegalArgumentException("--publish-reservoir-every-bins must be >= 1, got " + publishEveryBins);
        }
    }

    /** RLS readout, fixed reservoir: what spike-decode did before these options. */
    public static SpikeDecodeLearning defaults() {
        return new SpikeDecodeLearning(ReadoutKind.RLS, 0.05, Plasticity.NONE, 1e-3, 500);
    }

    public SpikeDecodeLearning withReadout(ReadoutKind kind, double mu) {
        return new SpikeDecodeLearning(kind, mu, plasticity, ojaEta, publishEveryBins);
    }

    public SpikeDecodeLearning withPlasticity(Plasticity rule, double eta) {
        return new SpikeDecodeLearning(readout, lmsMu, rule, eta, publishEveryBins);
    }

    public SpikeDecodeLearning withPublishEveryBins(long bins) {
        return new SpikeDecodeLearning(readout, lmsMu, plasticity, ojaEta, bins);
    }

    /** The ESN decoder's adaptation. */
    public EsnRateDecoder.Adaptation esnAdaptation() {
        return new EsnRateDecoder.Adaptation(readout == ReadoutKind.LMS ? lmsMu : 0,
                plasticity == Plasticity.OJA ? ojaEta : 0);
    }

    /** Fails naming the option when none of {@code decoders} uses what is configured (e.g. --plasticity oja without esn). */
    public void checkApplies(List<DecoderKind> decoders) {
        boolean linear = decoders.contains(DecoderKind.RLS) || decoders.contains(DecoderKind.ESN);
        if (readout != ReadoutKind.RLS && !linear) {
            throw new IllegalArgumentException("--readout " + readout.option() + " applies to the rls and esn decoders "
                    + "only (kalman learns its own models, rates learns nothing); decoders are " + decoders);
        }
        if (plasticity != Plasticity.NONE && !decoders.contains(DecoderKind.ESN)) {
            throw new IllegalArgumentException("--plasticity " + plasticity.option() + " adapts the esn decoder's "
                    + "reservoir; add esn to --decoders, decoders are " + decoders);
        }
    }

    /** Options: name -&gt; default and meaning. */
    public static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("readout", "rls: readout of the rls and esn decoders, rls | lms (normalised LMS, O(n)); three-factor is "
                + "classification-only");
        o.put("lms-mu", "0.05: step size of the lms readout, in (0, 2) (smaller than dvs-classify's 0.5: noisy "
                + "regression targets; 0.2 loses 0.07-0.16 of held-out R^2 on the tuning-world test data)");
        o.put("plasticity", "none: plasticity of the esn decoder's reservoir, none | oja (Oja's rule on its input "
                + "weights); stops on FREEZE, resumes on UNFREEZE");
        o.put("oja-eta", "0.001: learning rate of --plasticity oja");
        o.put("publish-reservoir-every-bins", "500: a plastic reservoir's input weights go to models (kind "
                + "reservoir-weights) every this many adapted bins");
        return o;
    }

    /** The settings from {@code value(name, default)} lookups of {@link #options()}; fails naming the option. */
    public static SpikeDecodeLearning parse(BiFunction<String, String, String> value) {
        SpikeDecodeLearning d = defaults();
        return new SpikeDecodeLearning(ReadoutKind.parse(value.apply("readout", d.readout().option())),
                number(value, "lms-mu", d.lmsMu()), Plasticity.parse(value.apply("plasticity", "none")),
                number(value, "oja-eta", d.ojaEta()),
                (long) number(value, "publish-reservoir-every-bins", d.publishEveryBins()));
    }

    private static double number(BiFunction<String, String, String> value, String name, double d) {
        String text = value.apply(name, name.startsWith("publish") ? Long.toString((long) d) : Double.toString(d));
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + text + "'");
        }
    }
}
