package io.neurostream.core.decoder;

/**
 * The freeze switch of the decoders that learn online ({@link RateDecoder#setLearning}): they ignore
 * {@code learn} while {@link #learning} is false. A decoder that pairs consecutive labels forgets the
 * last one in {@link #onLearningResumed()}.
 */
abstract class OnlineRateDecoder implements RateDecoder {
    /** False while learning is frozen. */
    boolean learning;

    OnlineRateDecoder(boolean learning) {
        this.learning = learning;
    }

    @Override
    public final void setLearning(boolean enabled) {
        if (enabled && !learning) {
            onLearningResumed();
        }
        learning = enabled;
    }

    /** Learning is switched back on after a freeze: labels resume after a gap. Default: nothing to forget. */
    void onLearningResumed() {
    }

    @Override
    public final boolean isLearning() {
        return learning;
    }
}
