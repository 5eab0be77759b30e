package io.neurostream.operators.events;

/**
 * FEAST (Feature Extraction with Adaptive Selection Thresholds; Afshar et al. 2020), online and unsupervised.
 * For a context vector c (normalised to unit length here):
 * <ol>
 *   <li>every neuron n computes {@code d_n = w_n · c}; neurons with {@code d_n ≥ θ_n} are candidates;</li>
 *   <li>the candidate with the largest {@code d_n} wins: {@code w ← normalise((1 − η) w + η c)},
 *       {@code θ_winner += ΔI};</li>
 *   <li>if there is no candidate (a miss), every threshold falls: {@code θ_n −= ΔE}.</li>
 * </ol>
 * A zero context cannot be normalised: it is ignored (returns -1, nothing changes). Ties go to the lowest index.
 * The kernel owns one scratch vector; it is not thread-safe. No allocation per call.
 */
public final class FeastKernel {
    /** Returned when no neuron is selected. */
    public static final int NONE = -1;

    private final FeastParams params;
    private final double[] unit;

    public FeastKernel(FeastParams params) {
        this.params = params;
        this.unit = new double[params.contextSize()];
    }

    public FeastParams params() {
        return params;
    }

    /**
     * Selects and learns (context not modified).
     *
     * @return the winning neuron, or {@link #NONE} after a miss (thresholds lowered) or for a zero context
     */
    public int learn(FeastState state, double[] context) {
        int winner = select(state, context);
        if (winner == NONE) {
            if (normOk) {
                final double[] th = state.thresholds;
                final double dE = params.thresholdClose();
                for (int n = 0; n < th.length; n++) {
                    th[n] -= dE;
                }
            }
            return NONE;
        }
        final int size = params.contextSize();
        final int base = winner * size;
        final double[] w = state.weights;
        final double eta = params.eta();
        final double keep = 1 - eta;
        double sq = 0;
        for (int i = 0; i < size; i++) {
            double v = keep * w[base + i] + eta * unit[i];
            w[base + i] = v;
            sq += v * v;
        }
        double inv = 1 / Math.sqrt(sq);
        for (int i = 0; i < size; i++) {
            w[base + i] *= inv;
        }
        state.thresholds[winner] += params.thresholdOpen();
        return winner;
    }

    /** Selects without learning (frozen features): the winner or {@link #NONE}. Context not modified. */
    public int infer(FeastState state, double[] context) {
        return select(state, context);
    }

    private boolean normOk;

    private int select(FeastState state, double[] context) {
        final int size = params.contextSize();
        if (context.length < size || state.contextSize != size || state.neurons != params.neurons()) {
            throw new IllegalArgumentException("context of " + context.length + " values / state "
                    + state.neurons + "x" + state.contextSize + " do not match params " + params);
        }
        double sq = 0;
        for (int i = 0; i < size; i++) {
            sq += context[i] * context[i];
        }
        normOk = sq > 0 && !Double.isInfinite(sq);
        if (!normOk) {
            return NONE;
        }
        double inv = 1 / Math.sqrt(sq);
        for (int i = 0; i < size; i++) {
            unit[i] = context[i] * inv;
        }
        final double[] w = state.weights;
        final double[] th = state.thresholds;
        int best = NONE;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int n = 0, base = 0; n < params.neurons(); n++, base += size) {
            double dot = 0;
            for (int i = 0; i < size; i++) {
                dot += w[base + i] * unit[i];
            }
            if (dot >= th[n] && dot > bestDot) {
                bestDot = dot;
                best = n;
            }
        }
        return best;
    }
}
