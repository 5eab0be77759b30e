package io.neurostream.operators.events;

/**
 * An event-driven FEAST layer: each event updates a time surface, the {@code (2r+1)^2} patch around it (of its
 * polarity channel when polarities are split) is the context, and FEAST picks a feature neuron.
 *
 * @param surface the time surface (geometry, τ, polarity split)
 * @param radius  patch half-size r (1–10)
 * @param feast   the neurons; {@code feast.contextSize()} must equal {@code (2r+1)^2}
 */
public record FeastLayerParams(TimeSurfaceParams surface, int radius, FeastParams feast) {
    public FeastLayerParams {
        if (surface == null || feast == null) {
            throw new IllegalArgumentException("surface and feast params are required");
        }
        if (radius < 1 || radius > 10) {
            throw new IllegalArgumentException("radius " + radius + " outside [1, 10]");
        }
        int side = 2 * radius + 1;
        if (feast.contextSize() != side * side) {
            throw new IllegalArgumentException("feast.contextSize " + feast.contextSize() + " must be (2r+1)^2 = "
                    + side * side + " for radius " + radius);
        }
    }

    /** N-MNIST-sized defaults: 34×34, τ = 20 ms, split polarity, 5×5 patches, 16 neurons, Afshar et al. rates. */
    public static FeastLayerParams nmnist() {
        return new FeastLayerParams(new TimeSurfaceParams(34, 34, 20_000, false), 2, FeastParams.afshar2020(16, 25));
    }
}
