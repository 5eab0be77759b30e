package io.neurostream.operators.events;

/**
 * Time surface + FEAST, event by event ({@link FeastLayerParams}). State lives outside: a {@link PixelTimeState}
 * from {@link #newSurfaceState()} and a {@link FeastState}; the layer owns only a scratch context (not
 * thread-safe, no allocation per event).
 *
 * <pre>{@code
 * FeastLayer layer = new FeastLayer(FeastLayerParams.nmnist());
 * PixelTimeState surface = layer.newSurfaceState();
 * FeastState neurons = FeastState.random(layer.params().feast(), new SplittableRandom(seed));
 * int feature = layer.onEvent(surface, neurons, tMicros, x, y, on, true); // -1: no neuron selected
 * }</pre>
 */
public final class FeastLayer {
    private final FeastLayerParams params;
    private final TimeSurface surface;
    private final FeastKernel kernel;
    private final double[] context;

    public FeastLayer(FeastLayerParams params) {
        this.params = params;
        this.surface = new TimeSurface(params.surface());
        this.kernel = new FeastKernel(params.feast());
        this.context = new double[params.feast().contextSize()];
    }

    public FeastLayerParams params() {
        return params;
    }

    public PixelTimeState newSurfaceState() {
        return surface.newState();
    }

    /**
     * Records the event in the surface, builds its context and selects (and, if {@code learn}, adapts) a neuron.
     * Events outside the geometry return -1 and change nothing.
     *
     * @return the feature neuron index, or {@link FeastKernel#NONE}
     */
    public int onEvent(PixelTimeState surfaceState, FeastState neurons, long tMicros, int x, int y, boolean on,
                       boolean learn) {
        TimeSurfaceParams sp = params.surface();
        if (x < 0 || y < 0 || x >= sp.width() || y >= sp.height()) {
            return FeastKernel.NONE;
        }
        surface.update(surfaceState, tMicros, x, y, on);
        surface.context(surfaceState, tMicros, x, y, surface.channel(on), params.radius(), context);
        return learn ? kernel.learn(neurons, context) : kernel.infer(neurons, context);
    }
}
