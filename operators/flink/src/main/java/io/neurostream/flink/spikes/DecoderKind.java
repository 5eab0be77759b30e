package io.neurostream.flink.spikes;

import java.util.Locale;

/** The decoders spike-decode can run; one operator per selected kind. */
public enum DecoderKind {
    /** Velocity Kalman filter (Wu et al. 2003) learned online: {@link io.neurostream.core.decoder.KalmanVelocityDecoder}. */
    KALMAN,
    /** Linear decoder on (smoothed) rates by RLS: {@link io.neurostream.core.decoder.RlsRateDecoder}. */
    RLS,
    /** Echo state network on the rates with an RLS readout: {@link io.neurostream.core.decoder.EsnRateDecoder}. */
    ESN,
    /** No decoder: publishes the per-unit rates in Hz (recordings without behaviour). */
    RATES;

    /** Lower-case name used in ids, uids and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DecoderKind parse(String text) {
        for (DecoderKind k : values()) {
            if (k.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown decoder '" + text + "': use kalman, rls, esn or rates");
    }
}
