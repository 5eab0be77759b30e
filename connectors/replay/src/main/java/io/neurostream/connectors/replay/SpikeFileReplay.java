package io.neurostream.connectors.replay;

import io.neurostream.connectors.spikes.BehaviorSeries;
import io.neurostream.connectors.spikes.SpikeBatcher;
import io.neurostream.connectors.spikes.SpikeFileException;
import io.neurostream.connectors.spikes.SpikeFormat;
import io.neurostream.connectors.spikes.SpikeFormats;
import io.neurostream.connectors.spikes.SpikeSource;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The spike {@link Recording}: a spike recording (any {@link SpikeFormat}, detected by content with
 * {@link SpikeFormats#detect}) replayed as SpikeBatches of {@code batchMicros}
 * (empty windows included, so event time keeps moving), each sent when its window has ended on
 * the recording clock. If the file holds behaviour, its samples become Labels, one per batch
 * window (mean of the samples in the window), sent just before the window's batch: the series
 * named like "velocity" if there is one, else the first.
 */
public final class SpikeFileReplay implements Recording {
    private final Path path;
    private final SpikeFormat format;
    private final String sessionId;
    private final long batchMicros;
    private final long spikeCount;
    private final long firstMicros;
    private final long lastMicros;
    private final int unitCount;
    private final BehaviorSeries behavior;

    private SpikeFileReplay(Path path, SpikeFormat format, String sessionId, long batchMicros, long spikeCount,
                            long firstMicros, long lastMicros, int unitCount, BehaviorSeries behavior) {
        this.path = path;
        this.format = format;
        this.sessionId = sessionId;
        this.batchMicros = batchMicros;
        this.spikeCount = spikeCount;
        this.firstMicros = firstMicros;
        this.lastMicros = lastMicros;
        this.unitCount = unitCount;
        this.behavior = behavior;
    }

    /**
     * Opens and scans the recording once (counts and time span; the reader checks the file).
     *
     * @throws SpikeFileException naming the supported formats if {@code path} is no spike recording
     */
    public static SpikeFileReplay open(Path path, String sessionId, long batchMicros) throws IOException {
        if (batchMicros < 1 || batchMicros > SpikeBatcher.MAX_WINDOW_MICROS) {
            throw new IllegalArgumentException("batch window must be in [1 µs, 4294 s], got " + batchMicros + " µs");
        }
        SpikeFormat format = SpikeFormats.detect(path).orElseThrow(() -> new SpikeFileException(path,
                "not a spike recording this reads (" + SpikeFormats.supportedText() + ")"));
        try (SpikeSource source = SpikeFormats.open(path, format)) {
            long n = 0;
            long first = 0;
            long last = 0;
            while (source.next()) {
                if (n == 0) {
                    first = source.timeMicros();
                }
                last = source.timeMicros();
                n++;
            }
            BehaviorSeries chosen = null;
            for (BehaviorSeries s : source.behavior()) {
                if (chosen == null || s.name().toLowerCase(Locale.ROOT).contains("velocity")
                        && !chosen.name().toLowerCase(Locale.ROOT).contains("velocity")) {
                    chosen = s;
                }
            }
            return new SpikeFileReplay(path, format, sessionId, batchMicros, n, first, last, source.unitCount(), chosen);
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s) as session '%s': %,d spikes from %d units, %.3f s to %.3f s%s", path,
                format, sessionId, spikeCount, unitCount, firstMicros / 1e6, lastMicros / 1e6,
                behavior == null ? ", no behaviour (no labels)" : ", behaviour '" + behavior.name() + "' ("
                        + behavior.dims() + " values, " + behavior.length() + " samples) -> labels");
    }

    @Override
    public long totalEvents() {
        return spikeCount;
    }

    public int unitCount() {
        return unitCount;
    }

    /** The behaviour series replayed as labels, or null. */
    public BehaviorSeries behavior() {
        return behavior;
    }

    @Override
    public ReplayStats replay(ReplayTarget target, Pacer pacer, ReplayProgress progress)
            throws IOException, InterruptedException {
        ReplayMeter meter = new ReplayMeter(progress, spikeCount);
        ArrayDeque<SpikeBatch> ready = new ArrayDeque<>();
        LabelBinner labels = behavior == null ? null : new LabelBinner(behavior, sessionId, batchMicros);
        long lastEndMicros = firstMicros;
        try (SpikeSource source = SpikeFormats.open(path, format)) {
            SpikeBatcher batcher = new SpikeBatcher(sessionId, source.unitCount(), batchMicros, ready::add);
            boolean more = true;
            while (more) {
                more = source.next();
                if (more) {
                    batcher.add(source.timeMicros(), source.unitIndex());
                } else {
                    batcher.finish();
                }
                while (!ready.isEmpty()) {
                    SpikeBatch batch = ready.poll();
                    if (!pacer.await(batch.getEndTimeMicros())) {
                        more = false;
                        break;
                    }
                    if (labels != null) {
                        Label label = labels.labelFor(batch.getStartTimeMicros());
                        if (label != null) {
                            target.label(label);
                            meter.label();
                        }
                    }
                    target.spikes(batch);
                    meter.packet(batch.getSpikeCount());
                    lastEndMicros = batch.getEndTimeMicros();
                    meter.tick((lastEndMicros - firstMicros) / 1e6, () -> fractionDone(meter));
                }
            }
        }
        target.flush();
        return meter.done((lastEndMicros - firstMicros) / 1e6, fractionDone(meter));
    }

    private double fractionDone(ReplayMeter meter) {
        return spikeCount == 0 ? 1 : (double) meter.events() / spikeCount;
    }

    /** Means of behaviour samples per window, walking the series once. */
    static final class LabelBinner {
        private final BehaviorSeries series;
        private final String streamId;
        private final long windowMicros;
        private int next;
        private long sequence;

        LabelBinner(BehaviorSeries series, String streamId, long windowMicros) {
            this.series = series;
            this.streamId = streamId;
            this.windowMicros = windowMicros;
        }

        /** The label of window [start, start + window), or null if no sample falls in it. */
        Label labelFor(long startMicros) {
            long[] t = series.timesMicros();
            while (next < t.length && t[next] < startMicros) {
                next++;
            }
            int dims = series.dims();
            double[] sum = new double[dims];
            int n = 0;
            while (next < t.length && t[next] < startMicros + windowMicros) {
                for (int d = 0; d < dims; d++) {
                    sum[d] += series.value(next, d);
                }
                n++;
                next++;
            }
            if (n == 0) {
                return null;
            }
            List<Double> target = new ArrayList<>(dims);
            for (int d = 0; d < dims; d++) {
                target.add(sum[d] / n);
            }
            return new Label(streamId, sequence++, startMicros, startMicros + windowMicros, null, target);
        }
    }
}
