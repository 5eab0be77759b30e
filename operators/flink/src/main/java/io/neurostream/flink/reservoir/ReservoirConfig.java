package io.neurostream.flink.reservoir;

import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutParams;
import io.neurostream.core.timeseries.ReservoirSpec;
import java.io.Serializable;

/**
 * One reservoir + readout of the reservoir-regress job; each runs in its own operator
 * (uid {@code reservoir-<id>}) on the same keyed streams.
 *
 * @param reservoir reservoir kind
 * @param units reservoir size
 * @param adaptation spiking-ei: E/I adaptation on
 * @param readout readout kind
 * @param params readout hyper-parameters
 * @param outputs length of every label's target (and of the predictions' decoded values)
 * @param feedback the readout's previous output is appended to the reservoir's input (FORCE)
 * @param seed base seed; each stream's reservoir seed is {@link #streamSeed(String)}
 * @param snapshotEvery publish a model snapshot every this many learning updates (0: only on FREEZE / SNAPSHOT)
 */
public record ReservoirConfig(ReservoirSpec.Kind reservoir, int units, boolean adaptation, ReadoutKind readout,
                              ReadoutParams params, int outputs, boolean feedback, long seed, long snapshotEvery)
        implements Serializable {
    public ReservoirConfig {
        if (reservoir == null || readout == null || params == null) {
            throw new IllegalArgumentException("reservoir, readout and params are required");
        }
        if (units < 1 || outputs < 1 || snapshotEvery < 0) {
            throw new IllegalArgumentException("need units >= 1, outputs >= 1, snapshotEvery >= 0; got " + units + ", "
                    + outputs + ", " + snapshotEvery);
        }
    }

    /** The Mackey-Glass task's setting: ESN of {@code units}, one output, ridge 1e-8. */
    public static ReservoirConfig esn(int units, ReadoutKind readout, long seed) {
        return new ReservoirConfig(ReservoirSpec.Kind.ESN, units, false, readout, ReadoutParams.defaults(), 1, false,
                seed, 0);
    }

    /**
     * Parses {@code <reservoir>-<units>-<readout>[+adapt][+feedback]}, e.g. {@code esn-100-rls},
     * {@code spiking-ei-200-ridge+adapt}, {@code izhikevich-500-three-factor+feedback}, with the other
     * settings from {@code template}.
     */
    public static ReservoirConfig parse(String s, ReservoirConfig template) {
        String[] plus = s.trim().split("\\+");
        String base = plus[0];
        boolean adapt = false;
        boolean fb = false;
        for (int i = 1; i < plus.length; i++) {
            switch (plus[i]) {
                case "adapt" -> adapt = true;
                case "feedback" -> fb = true;
                default -> throw new IllegalArgumentException("unknown option '+" + plus[i] + "' in '" + s
                        + "': use +adapt or +feedback");
            }
        }
        for (ReservoirSpec.Kind kind : ReservoirSpec.Kind.values()) {
            String prefix = kind.id() + "-";
            if (base.startsWith(prefix)) {
                String rest = base.substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash < 1) {
                    break;
                }
                int units;
                try {
                    units = Integer.parseInt(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "': units must be a number");
                }
                return new ReservoirConfig(kind, units, adapt, ReadoutKind.parse(rest.substring(dash + 1)),
                        template.params(), template.outputs(), fb, template.seed(), template.snapshotEvery());
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not <reservoir>-<units>-<readout>[+adapt][+feedback],"
                + " e.g. esn-100-rls (reservoirs: esn, spiking-ei, izhikevich; readouts: rls, rls-classic, ridge,"
                + " three-factor)");
    }

    /** The operator's id: {@code <reservoir>-<units>-<readout>[+adapt][+feedback]} (parse gives it back). */
    public String id() {
        return reservoir.id() + "-" + units + "-" + readout.id() + (adaptation ? "+adapt" : "") + (feedback ? "+feedback" : "");
    }

    /** {@code <jobName>.<id>}: the job field of its predictions and model snapshots. */
    public String jobName(String job) {
        return job + "." + id();
    }

    /** The reservoir seed of stream {@code streamId}: the same for every operator, so readouts compare on one reservoir. */
    public long streamSeed(String streamId) {
        return streamSeed(seed, streamId);
    }

    public static long streamSeed(long seed, String streamId) {
        long h = seed * 0x9E3779B97F4A7C15L + streamId.hashCode(); // String.hashCode is specified: stable across JVMs
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    public ReservoirSpec spec(String streamId, int sampleLength) {
        return new ReservoirSpec(reservoir, units, sampleLength + (feedback ? outputs : 0), streamSeed(streamId),
                adaptation);
    }

    public ReservoirConfig withParams(ReadoutParams p) {
        return new ReservoirConfig(reservoir, units, adaptation, readout, p, outputs, feedback, seed, snapshotEvery);
    }

    public ReservoirConfig withOutputs(int n) {
        return new ReservoirConfig(reservoir, units, adaptation, readout, params, n, feedback, seed, snapshotEvery);
    }

    public ReservoirConfig withSeed(long s) {
        return new ReservoirConfig(reservoir, units, adaptation, readout, params, outputs, feedback, s, snapshotEvery);
    }
}
