package io.neurostream.apps.eval.continual;

import io.neurostream.connectors.events.EventBuffer;
import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFormats;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Dense features of one N-MNIST recording for the continual job: ON and OFF event counts per 2x2
 * pixel block (17 x 17 blocks of the 34 x 34 sensor) in three time bins, one per saccade
 * (0-105, 105-210, 210+ ms), each as {@code sqrt(count) / 3}: 3 x 2 x 289 = 1,734 values.
 */
public final class NmnistFeatures {
    public static final int BLOCKS = 17;
    public static final int BINS = 3;
    public static final long BIN_MICROS = 105_000;
    public static final int LENGTH = BINS * 2 * BLOCKS * BLOCKS;

    private NmnistFeatures() {
    }

    public static double[] of(Path recording) throws IOException {
        double[] counts = new double[LENGTH];
        EventBuffer buffer = new EventBuffer(4096);
        try (EventFileReader reader = EventFormats.open(recording)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int bin = (int) Math.min(BINS - 1, Math.max(0, buffer.tMicros[i] / BIN_MICROS));
                    int bx = Math.min(BLOCKS - 1, buffer.x[i] / 2);
                    int by = Math.min(BLOCKS - 1, buffer.y[i] / 2);
                    int polarity = buffer.on[i] ? 1 : 0;
                    counts[((bin * 2 + polarity) * BLOCKS + by) * BLOCKS + bx]++;
                }
            }
        }
        for (int i = 0; i < LENGTH; i++) {
            counts[i] = Math.sqrt(counts[i]) / 3.0;
        }
        return counts;
    }
}
