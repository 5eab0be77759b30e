package io.neurostream.core.continual;

import io.neurostream.core.plasticity.OjaRule;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The lateral circuit of Hebbian learning based orthogonal projection (HLOP; Xiao, Meng, Zhang,
 * Zhou, Lin 2024, "Hebbian learning based orthogonal projection for continual learning of spiking
 * neural networks", ICLR 2024). After each task, {@code k} new lateral neurons learn the principal
 * subspace of that task's inputs with Oja's subspace rule ({@link OjaRule}), fed with the residual
 * left after the already stored neurons (so the new neurons extract new directions only). Later
 * updates are projected out of the stored subspace: {@code x - H' (H x)}, where the rows of
 * {@code H} are the lateral weights (near orthonormal after Hebbian convergence).
 */
public final class Hlop {
    private final int inputs;
    private final int maxComponents;
    private final double[] h;   // maxComponents x inputs
    private int components;
    private final double[] y;

    public Hlop(int inputs, int maxComponents) {
        if (inputs < 1 || maxComponents < 1 || maxComponents > inputs) {
            throw new IllegalArgumentException("need 1 <= maxComponents <= inputs, got inputs=" + inputs
                    + ", maxComponents=" + maxComponents);
        }
        this.inputs = inputs;
        this.maxComponents = maxComponents;
        this.h = new double[maxComponents * inputs];
        this.y = new double[maxComponents];
    }

    /** Number of stored lateral neurons. */
    public int components() {
        return components;
    }

    /**
     * Learns up to {@code k} new lateral neurons from {@code samples} (not modified) with Oja's subspace
     * rule, {@code epochs} passes, initial weights from {@code seed}. The learning rate is
     * {@code eta / E||r||^2} for residual inputs {@code r}: normalised by the residual energy, so
     * that the neurons of late tasks, which see only small residuals, converge as fast as the first.
     */
    public void learnSubspace(double[][] samples, int k, int epochs, double eta, long seed) {
        if (components + k > maxComponents) {
            throw new IllegalStateException("capacity exceeded: " + components + " + " + k + " > " + maxComponents);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[k * inputs];
        // residuals after the stored neurons are fixed during this learning: compute them once
        double[][] residuals = new double[samples.length][];
        double energy = 0;
        for (int s = 0; s < samples.length; s++) {
            double[] residual = new double[inputs];
            project(samples[s], residual);
            for (int j = 0; j < inputs; j++) {
                energy += residual[j] * residual[j];
            }
            residuals[s] = residual;
        }
        energy /= samples.length;
        if (!(energy > 0)) {
            throw new IllegalArgumentException("samples carry no energy outside the stored subspace");
        }
        // Start each neuron as a random mix of residual samples: Oja's rule only moves weights within the
        // span of its inputs, so a random start would keep components outside it (e.g. on pixels that are
        // always blank in this task) for ever, and those leak into the projection of later tasks' inputs.
        int mix = Math.min(64, residuals.length);
        for (int i = 0; i < k; i++) {
            int row = i * inputs;
            for (int m = 0; m < mix; m++) {
                double[] r = residuals[random.nextInt(residuals.length)];
                double a = random.nextGaussian();
                for (int j = 0; j < inputs; j++) {
                    w[row + j] += a * r[j];
                }
            }
            double norm = 0;
            for (int j = 0; j < inputs; j++) {
                norm += w[row + j] * w[row + j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < inputs; j++) {
                w[row + j] = norm > 0 ? w[row + j] / norm : 0;
            }
        }
        OjaRule rule = new OjaRule(eta / energy, OjaRule.Variant.SUBSPACE);
        double[] out = new double[k];
        for (int e = 0; e < epochs; e++) {
            for (double[] residual : residuals) {
                for (int i = 0; i < k; i++) {
                    double s = 0;
                    int row = i * inputs;
                    for (int j = 0; j < inputs; j++) {
                        s += w[row + j] * residual[j];
                    }
                    out[i] = s;
                }
                rule.update(w, residual, out);
            }
        }
        // Oja's rows converge to an orthonormal basis of the subspace only asymptotically: finish with
        // Gram-Schmidt against the stored rows and each other, so that project() is an exact projection
        // (rows left with almost no norm add nothing new and are dropped).
        int kept = 0;
        for (int i = 0; i < k; i++) {
            double[] v = new double[inputs];
            System.arraycopy(w, i * inputs, v, 0, inputs);
            double before = 0;
            for (double value : v) {
                before += value * value;
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int o = 0; o < components + kept; o++) {
                    double dot = 0;
                    int row = o * inputs;
                    for (int j = 0; j < inputs; j++) {
                        dot += h[row + j] * v[j];
                    }
                    for (int j = 0; j < inputs; j++) {
                        v[j] -= dot * h[row + j];
                    }
                }
            }
            double norm = 0;
            for (double value : v) {
                norm += value * value;
            }
            if (!(norm > 1e-6 * before) || !(norm > 0)) {
                continue;
            }
            norm = Math.sqrt(norm);
            int row = (components + kept) * inputs;
            for (int j = 0; j < inputs; j++) {
                h[row + j] = v[j] / norm;
            }
            kept++;
        }
        components += kept;
    }

    /** {@code out = x - H' (H x)} over the stored neurons (x not modified; out may be x). */
    public void project(double[] x, double[] out) {
        int m = components;
        for (int i = 0; i < m; i++) {
            double s = 0;
            int row = i * inputs;
            for (int j = 0; j < inputs; j++) {
                s += h[row + j] * x[j];
            }
            y[i] = s;
        }
        if (out != x) {
            System.arraycopy(x, 0, out, 0, inputs);
        }
        for (int i = 0; i < m; i++) {
            double yi = y[i];
            int row = i * inputs;
            for (int j = 0; j < inputs; j++) {
                out[j] -= yi * h[row + j];
            }
        }
    }

    /** Largest deviation of {@code H H'} from the identity: how orthonormal the lateral weights are. */
    public double orthonormalityError() {
        double worst = 0;
        for (int a = 0; a < components; a++) {
            for (int b = 0; b < components; b++) {
                double s = 0;
                for (int j = 0; j < inputs; j++) {
                    s += h[a * inputs + j] * h[b * inputs + j];
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    /** The most lateral neurons this circuit can hold. */
    public int capacity() {
        return maxComponents;
    }

    /** Input length. */
    public int inputs() {
        return inputs;
    }

    /** Replaces the stored neurons by {@code weights} (components x inputs, as {@link #weights()} returns). */
    public void restore(double[] weights, int components) {
        if (components < 0 || components > maxComponents || weights.length != components * inputs) {
            throw new IllegalArgumentException("need 0 <= components <= " + maxComponents + " and "
                    + components + " x " + inputs + " weights, got " + weights.length);
        }
        java.util.Arrays.fill(h, 0.0);
        System.arraycopy(weights, 0, h, 0, weights.length);
        this.components = components;
    }

    /** Copy of the stored lateral weights, components x inputs. */
    public double[] weights() {
        return Arrays.copyOf(h, components * inputs);
    }
}
