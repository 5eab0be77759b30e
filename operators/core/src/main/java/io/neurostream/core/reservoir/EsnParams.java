package io.neurostream.core.reservoir;

/**
 * Leaky echo state network (Jaeger 2001, "The echo state approach to analysing and training
 * recurrent neural networks", GMD Report 148; leaky units: Jaeger et al. 2007):
 * {@code x(t+1) = (1 - leakRate) x(t) + leakRate tanh(W x(t) + Win u(t+1) + bias)}.
 *
 * @param units reservoir size N, &gt;= 1
 * @param inputs input dimension, &gt;= 1
 * @param spectralRadius target spectral radius of W, &gt; 0 (set by power iteration)
 * @param leakRate leak rate in (0, 1]
 * @param inputScaling Win entries uniform in [-inputScaling, inputScaling]
 * @param biasScaling bias entries uniform in [-biasScaling, biasScaling], &gt;= 0
 * @param connectivity fraction of nonzero W entries in (0, 1]
 * @param inputConnectivity fraction of nonzero Win entries in (0, 1]
 * @param seed seed of every random draw
 */
public record EsnParams(int units, int inputs, double spectralRadius, double leakRate, double inputScaling,
                        double biasScaling, double connectivity, double inputConnectivity, long seed) {
    public EsnParams {
        if (units < 1 || inputs < 1) {
            throw new IllegalArgumentException("units and inputs must be >= 1, got " + units + ", " + inputs);
        }
        if (!(spectralRadius > 0) || Double.isInfinite(spectralRadius)) {
            throw new IllegalArgumentException("spectralRadius must be in (0, inf), got " + spectralRadius);
        }
        if (!(leakRate > 0 && leakRate <= 1)) {
            throw new IllegalArgumentException("leakRate must be in (0, 1], got " + leakRate);
        }
        if (!(inputScaling >= 0) || !(biasScaling >= 0)) {
            throw new IllegalArgumentException("inputScaling and biasScaling must be >= 0, got "
                    + inputScaling + ", " + biasScaling);
        }
        if (!(connectivity > 0 && connectivity <= 1) || !(inputConnectivity > 0 && inputConnectivity <= 1)) {
            throw new IllegalArgumentException("connectivity and inputConnectivity must be in (0, 1], got "
                    + connectivity + ", " + inputConnectivity);
        }
    }

    /** The set-up of reservoirpy's Mackey-Glass tutorial: lr 0.3, sr 1.25, 10% connectivity. */
    public static EsnParams mackeyGlass(int units, long seed) {
        return new EsnParams(units, 1, 1.25, 0.3, 1.0, 1.0, 0.1, 0.2, seed);
    }
}
