package io.neurostream.flink.dvs;

import io.neurostream.core.lsm.LiquidPlasticity;
import io.neurostream.flink.learning.LocalReadout;
import io.neurostream.schemas.ModelSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model snapshots of what {@link io.neurostream.flink.learning.LearningConfig} adds to a learner:
 * <ul>
 *   <li>{@code lms-readout} / {@code three-factor-readout}: shape {@code [classes, features + 1]}, the weights on
 *       the raw features row by row, the bias last ({@link LocalReadout#effectiveWeights()});</li>
 *   <li>{@code reservoir-weights}: the liquid's adapted weights, shape {@code [excitatory + inhibitory + neurons]}:
 *       the excitatory recurrent weights then the inhibitory ones (mV, in the row order of the seeded topology) and
 *       the neurons' threshold offsets (mV); metadata {@code excitatorySynapses}, {@code inhibitorySynapses},
 *       {@code neurons}, {@code rule}. Published only when plasticity is on.</li>
 * </ul>
 * All values are little-endian float64 as in {@link ReadoutSnapshots}.
 */
public final class LearningSnapshots {
    private LearningSnapshots() {}

    public static ModelSnapshot localReadout(String jobName, String key, LocalReadout readout, Map<String, String> metadata) {
        double[] w = readout.effectiveWeights();
        return new ModelSnapshot(jobName, key, readout.kind().option() + "-readout", readout.updates(),
                System.currentTimeMillis(), List.of(readout.outputCount(), readout.featureCount() + 1), bytes(w), metadata);
    }

    public static ModelSnapshot reservoir(String jobName, String key, LiquidPlasticity plastic, long version,
                                          Map<String, String> metadata) {
        double[] e = plastic.excitatoryWeights();
        double[] i = plastic.inhibitoryWeights();
        double[] t = plastic.thresholdOffsetMv();
        double[] all = new double[e.length + i.length + t.length];
        System.arraycopy(e, 0, all, 0, e.length);
        System.arraycopy(i, 0, all, e.length, i.length);
        System.arraycopy(t, 0, all, e.length + i.length, t.length);
        Map<String, String> m = new HashMap<>(metadata);
        m.put("excitatorySynapses", Integer.toString(e.length));
        m.put("inhibitorySynapses", Integer.toString(i.length));
        m.put("neurons", Integer.toString(t.length));
        m.put("rule", plastic.params().rule().option());
        m.put("plasticWindows", Long.toString(plastic.windows()));
        return new ModelSnapshot(jobName, key, LiquidClassifierFunction.RESERVOIR_WEIGHTS_KIND, version,
                System.currentTimeMillis(), List.of(all.length), bytes(all), m);
    }

    private static ByteBuffer bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        b.flip();
        return b;
    }
}
