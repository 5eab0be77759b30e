package io.neurostream.core.lsm;

/**
 * Parameters of a {@link DvsLiquid}: a liquid state machine (Maass, Natschläger &amp; Markram 2002)
 * of leaky integrate-and-fire neurons laid out on a grid over an event sensor, driven by its
 * ON/OFF events through local receptive fields, with sparse excitatory/inhibitory recurrence.
 *
 * @param width sensor width in pixels
 * @param height sensor height in pixels
 * @param neuronCount reservoir size; the first {@code excitatoryFraction} of them are excitatory
 * @param excitatoryFraction share of excitatory neurons, in (0, 1]
 * @param inputFanOut reservoir neurons each (pixel, polarity) input channel projects to
 * @param receptiveFieldSigmaPx spread (pixels) of the Gaussian that picks an input's targets around it
 * @param inputWeightMv membrane jump per input event
 * @param recurrentInDegree presynaptic reservoir neurons per neuron (fixed in-degree)
 * @param excitatoryWeightMv membrane jump from an excitatory spike (positive)
 * @param inhibitoryWeightMv membrane jump from an inhibitory spike (negative)
 * @param tauMemMs membrane time constant
 * @param vThreshMv threshold above rest; reset is to rest (0 mV)
 * @param refractoryMs absolute refractory period
 * @param timeBins number of equal sub-windows whose spike counts form the readout features
 * @param seed seed of the random topology; the topology is rebuilt from it, never stored
 * @param channelsPerPixel input channels per pixel: 2 for raw events (OFF = 0, ON = 1), or the
 *     number of feature neurons when FEAST feature indices (or any per-pixel code) drive the liquid;
 *     input channel = pixel * channelsPerPixel + channel
 */
public record LiquidParams(
        int width,
        int height,
        int neuronCount,
        double excitatoryFraction,
        int inputFanOut,
        double receptiveFieldSigmaPx,
        double inputWeightMv,
        int recurrentInDegree,
        double excitatoryWeightMv,
        double inhibitoryWeightMv,
        double tauMemMs,
        double vThreshMv,
        double refractoryMs,
        int timeBins,
        long seed,
        int channelsPerPixel) implements java.io.Serializable {

    /** Raw ON/OFF input: two channels per pixel. */
    public LiquidParams(int width, int height, int neuronCount, double excitatoryFraction, int inputFanOut,
                        double receptiveFieldSigmaPx, double inputWeightMv, int recurrentInDegree,
                        double excitatoryWeightMv, double inhibitoryWeightMv, double tauMemMs, double vThreshMv,
                        double refractoryMs, int timeBins, long seed) {
        this(width, height, neuronCount, excitatoryFraction, inputFanOut, receptiveFieldSigmaPx, inputWeightMv,
                recurrentInDegree, excitatoryWeightMv, inhibitoryWeightMv, tauMemMs, vThreshMv, refractoryMs, timeBins,
                seed, 2);
    }

    public LiquidParams {
        requirePositive("width", width);
        requirePositive("height", height);
        requirePositive("neuronCount", neuronCount);
        if (!(excitatoryFraction > 0 && excitatoryFraction <= 1)) {
            throw new IllegalArgumentException("excitatoryFraction must be in (0, 1], got " + excitatoryFraction);
        }
        requirePositive("inputFanOut", inputFanOut);
        if (inputFanOut > neuronCount) {
            throw new IllegalArgumentException("inputFanOut " + inputFanOut + " exceeds neuronCount " + neuronCount);
        }
        if (!(receptiveFieldSigmaPx > 0)) {
            throw new IllegalArgumentException("receptiveFieldSigmaPx must be > 0, got " + receptiveFieldSigmaPx);
        }
        if (recurrentInDegree < 0 || recurrentInDegree >= neuronCount) {
            throw new IllegalArgumentException("recurrentInDegree must be in [0, neuronCount), got " + recurrentInDegree);
        }
        if (excitatoryWeightMv < 0) {
            throw new IllegalArgumentException("excitatoryWeightMv must be >= 0, got " + excitatoryWeightMv);
        }
        if (inhibitoryWeightMv > 0) {
            throw new IllegalArgumentException("inhibitoryWeightMv must be <= 0, got " + inhibitoryWeightMv);
        }
        if (!(tauMemMs > 0)) {
            throw new IllegalArgumentException("tauMemMs must be > 0, got " + tauMemMs);
        }
        if (!(vThreshMv > 0)) {
            throw new IllegalArgumentException("vThreshMv must be > 0 (above rest), got " + vThreshMv);
        }
        if (refractoryMs < 0) {
            throw new IllegalArgumentException("refractoryMs must be >= 0, got " + refractoryMs);
        }
        requirePositive("timeBins", timeBins);
        requirePositive("channelsPerPixel", channelsPerPixel);
        if ((long) width * height * channelsPerPixel * inputFanOut > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("width * height * channelsPerPixel * inputFanOut = "
                    + (long) width * height * channelsPerPixel * inputFanOut + " input synapses is too many");
        }
    }

    /** The same liquid over another input grid: {@code width x height} pixels of {@code channelsPerPixel} channels. */
    public LiquidParams withInput(int newWidth, int newHeight, int newChannelsPerPixel) {
        return new LiquidParams(newWidth, newHeight, neuronCount, excitatoryFraction, inputFanOut,
                receptiveFieldSigmaPx * Math.min((double) newWidth / width, (double) newHeight / height), inputWeightMv,
                recurrentInDegree, excitatoryWeightMv, inhibitoryWeightMv, tauMemMs, vThreshMv, refractoryMs, timeBins,
                seed, newChannelsPerPixel);
    }

    /**
     * The same liquid with {@code newNeuronCount} neurons and another topology seed; input fan-out
     * and recurrent in-degree are capped to what that size allows.
     */
    public LiquidParams withSize(int newNeuronCount, long newSeed) {
        if (newNeuronCount < 2) {
            throw new IllegalArgumentException("neuronCount must be >= 2, got " + newNeuronCount);
        }
        return new LiquidParams(width, height, newNeuronCount, excitatoryFraction, Math.min(inputFanOut, newNeuronCount),
                receptiveFieldSigmaPx, inputWeightMv, Math.min(recurrentInDegree, newNeuronCount - 1), excitatoryWeightMv,
                inhibitoryWeightMv, tauMemMs, vThreshMv, refractoryMs, timeBins, newSeed, channelsPerPixel);
    }

    /** The same liquid with another input weight (e.g. for sparser feature input). */
    public LiquidParams withInputWeightMv(double newInputWeightMv) {
        return new LiquidParams(width, height, neuronCount, excitatoryFraction, inputFanOut, receptiveFieldSigmaPx,
                newInputWeightMv, recurrentInDegree, excitatoryWeightMv, inhibitoryWeightMv, tauMemMs, vThreshMv,
                refractoryMs, timeBins, seed, channelsPerPixel);
    }

    /** Input channels: pixels times channels per pixel. */
    public int inputChannels() {
        return width * height * channelsPerPixel;
    }

    /** The set-up the dvs-classify demo uses for 34x34 N-MNIST-like input. */
    public static LiquidParams nmnistDefault() {
        return new LiquidParams(34, 34, 600, 0.8, 6, 1.5, 9.0, 10, 2.0, -4.0, 20.0, 20.0, 2.0, 2, 42L);
    }

    /** Readout feature count: spike counts per neuron and time bin, plus a constant bias. */
    public int featureCount() {
        return neuronCount * timeBins + 1;
    }

    public int excitatoryCount() {
        return Math.max(1, (int) Math.round(neuronCount * excitatoryFraction));
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
