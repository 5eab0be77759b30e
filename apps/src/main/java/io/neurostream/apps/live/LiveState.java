package io.neurostream.apps.live;

import io.neurostream.apps.common.LocalRunner;
import io.neurostream.core.lsm.DvsLiquid;
import io.neurostream.core.lsm.LiquidParams;
import io.neurostream.core.lsm.LiquidState;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.PackedSpikes;
import io.neurostream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the live view knows, updated by its poller thread only and turned into the page's JSON:
 * time series of the job's metrics, predictions and dead letters read from their topics, and a
 * look at the tail of the input topic.
 */
final class LiveState {
    /** Ticks of history the charts show (5 minutes at two ticks a second). */
    static final int HISTORY = 600;
    /** Records read from the end of each input partition per tick, at most. */
    private static final int INPUT_TAIL_RECORDS = 400;
    /** Decay of the time surface. */
    private static final double SURFACE_TAU_MICROS = 50_000;
    /** Largest side of the time surface sent to the page (larger sensors are pooled). */
    private static final int SURFACE_MAX_SIDE = 96;
    /** Time bins of the raster: finer than the readout's, the spikes are the same. */
    private static final int RASTER_BINS = 100;
    /** Neurons the raster shows at most (evenly spaced, excitatory first as in the liquid). */
    private static final int RASTER_NEURONS = 200;
    /** Labelled predictions the running accuracy / R² curve is computed over. */
    private static final int RUNNING = 100;
    /** Bins of decoded vs true velocity shown. */
    private static final int DECODED_BINS = 400;
    private static final int DEAD_LETTERS_SHOWN = 12;

    private final LiveView.Job job;
    private final long startNanos = System.nanoTime();
    private final SingleObjectCodec<Prediction> predictionCodec = SingleObjectCodec.of(Prediction.class);
    private final SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.of(DeadLetter.class);
    private final SingleObjectCodec<EventPacket> packetCodec = SingleObjectCodec.of(EventPacket.class);
    private final SingleObjectCodec<SpikeBatch> batchCodec = SingleObjectCodec.of(SpikeBatch.class);
    private final SingleObjectCodec<Label> labelCodec = SingleObjectCodec.of(Label.class);

    // time series, one entry per tick
    private final Deque<double[]> series = new ArrayDeque<>();
    private static final String[] SERIES = {"t", "inPerSecond", "predictionsPerSecond", "latencyP50Ms", "latencyP95Ms",
        "latencyP99Ms", "runningScore", "reservoirFiringRateHz", "readoutWeightNorm", "plasticWeightNorm",
        "modelVersion", "deadLetters", "inputRecordsPerSecond"};
    private LiveMetrics metrics = LiveMetrics.NONE;
    private double inputRecordsPerSecond = Double.NaN;
    private long lastInputEnd = -1;
    private long lastInputNanos;

    // job state
    private String jobStatus = "STARTING";
    private int restartsSeen;
    private boolean wasRestarting;
    private long recoveredAtNanos = -1;

    // predictions
    private long predictions;
    private final Map<String, Long> predictionsByJob = new TreeMap<>();
    private final int[][] confusion;
    private final Deque<Boolean> recentHits = new ArrayDeque<>();
    private long labelledPredictions;
    private final List<double[]> scoreCurve = new ArrayList<>();

    // dead letters
    private long deadLetters;
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final Deque<Map<String, Object>> recentDeadLetters = new ArrayDeque<>();

    // input: DVS
    private final Map<String, Deque<EventPacket>> packetsBySensor = new HashMap<>();
    private String sensor;
    private double[] surface;
    private int surfaceWidth;
    private int surfaceHeight;
    private String surfaceCaption = "";
    private final DvsLiquid rasterLiquid;
    private long rasterWindowStart = Long.MIN_VALUE;
    private List<int[]> raster = List.of();
    private String rasterCaption = "";
    private int rasterNeuronStep = 1;

    // input: spikes
    private final Map<String, Deque<SpikeBatch>> batchesBySession = new HashMap<>();
    private String session;
    /** True velocity from the labels topic, by session and bin start (a few sessions, the latest bins). */
    private final Map<String, TreeMap<Long, double[]>> targetsBySession = new HashMap<>();
    private final Map<String, TreeMap<Long, double[]>> decodedByDecoder = new TreeMap<>();
    private final Map<String, Deque<double[]>> pairsByDecoder = new HashMap<>();
    private final Map<String, List<double[]>> r2CurveByDecoder = new TreeMap<>();
    private final Map<String, Long> scoredByDecoder = new HashMap<>();

    LiveState(LiveView.Job job) {
        this.job = job;
        if (job instanceof LiveView.Dvs dvs) {
            LiquidParams p = dvs.liquid();
            rasterLiquid = new DvsLiquid(new LiquidParams(p.width(), p.height(), p.neuronCount(), p.excitatoryFraction(),
                    p.inputFanOut(), p.receptiveFieldSigmaPx(), p.inputWeightMv(), p.recurrentInDegree(),
                    p.excitatoryWeightMv(), p.inhibitoryWeightMv(), p.tauMemMs(), p.vThreshMv(), p.refractoryMs(),
                    RASTER_BINS, p.seed(), p.channelsPerPixel()));
            rasterNeuronStep = Math.max(1, (p.neuronCount() + RASTER_NEURONS - 1) / RASTER_NEURONS);
            confusion = new int[dvs.classes()][dvs.classes()];
        } else {
            rasterLiquid = null;
            confusion = new int[0][0];
        }
    }

    /** The consumers of one runner's topics. */
    static final class Topics implements AutoCloseable {
        final KafkaConsumer<byte[], byte[]> predictions;
        final KafkaConsumer<byte[], byte[]> deadLetters;
        final KafkaConsumer<byte[], byte[]> labels;
        final KafkaConsumer<byte[], byte[]> input;
        final Map<TopicPartition, Long> inputRead = new HashMap<>();

        Topics(KafkaConsumer<byte[], byte[]> predictions, KafkaConsumer<byte[], byte[]> deadLetters,
               KafkaConsumer<byte[], byte[]> labels, KafkaConsumer<byte[], byte[]> input) {
            this.predictions = predictions;
            this.deadLetters = deadLetters;
            this.labels = labels;
            this.input = input;
        }

        @Override
        public void close() {
            for (KafkaConsumer<byte[], byte[]> c : new KafkaConsumer[] {predictions, deadLetters, labels, input}) {
                if (c != null) {
                    c.close(Duration.ofSeconds(1));
                }
            }
        }
    }

    Topics open(LocalRunner runner) {
        var topics = runner.topics();
        boolean dvs = job instanceof LiveView.Dvs;
        return new Topics(runner.committedConsumerFromStart(topics.predictions()),
                runner.committedConsumerFromStart(topics.deadLetters()),
                dvs ? null : runner.committedConsumerFromStart(topics.labels()),
                runner.committedConsumerFromStart(dvs ? topics.dvsEvents() : topics.neuralSpikes()));
    }

    /** Reads what arrived since the last tick. */
    void read(Topics topics) {
        if (topics.labels != null) {
            for (ConsumerRecord<byte[], byte[]> r : topics.labels.poll(Duration.ofMillis(20))) {
                decode(labelCodec, r.value(), this::onLabel);
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : topics.predictions.poll(Duration.ofMillis(20))) {
            decode(predictionCodec, r.value(), this::onPrediction);
        }
        for (ConsumerRecord<byte[], byte[]> r : topics.deadLetters.poll(Duration.ofMillis(20))) {
            decode(deadLetterCodec, r.value(), this::onDeadLetter);
        }
        readInputTail(topics);
    }

    private interface Handler<T> {
        void accept(T value);
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> void decode(SingleObjectCodec<T> codec, byte[] value, Handler<T> handler) {
        try {
            handler.accept(codec.decode(value));
        } catch (IOException | RuntimeException e) {
            // not our record (bad input is the dead-letter topic's business, not the view's)
        }
    }

    /** Jumps to the last {@link #INPUT_TAIL_RECORDS} records of each input partition and reads them. */
    private void readInputTail(Topics topics) {
        KafkaConsumer<byte[], byte[]> input = topics.input;
        var partitions = input.assignment();
        Map<TopicPartition, Long> ends = input.endOffsets(partitions, Duration.ofSeconds(1));
        long endSum = 0;
        for (var e : ends.entrySet()) {
            endSum += e.getValue();
            long read = topics.inputRead.getOrDefault(e.getKey(), 0L);
            input.seek(e.getKey(), Math.max(read, e.getValue() - INPUT_TAIL_RECORDS));
        }
        long now = System.nanoTime();
        if (lastInputEnd >= 0) {
            inputRecordsPerSecond = (endSum - lastInputEnd) / ((now - lastInputNanos) / 1e9);
        }
        lastInputEnd = endSum;
        lastInputNanos = now;
        for (int round = 0; round < 4; round++) {
            boolean behind = false;
            for (ConsumerRecord<byte[], byte[]> r : input.poll(Duration.ofMillis(round == 0 ? 50 : 10))) {
                if (job instanceof LiveView.Dvs) {
                    decode(packetCodec, r.value(), this::onPacket);
                } else {
                    decode(batchCodec, r.value(), this::onBatch);
                }
            }
            for (var e : ends.entrySet()) {
                long position = input.position(e.getKey());
                topics.inputRead.put(e.getKey(), position);
                behind |= position < e.getValue();
            }
            if (!behind) {
                break;
            }
        }
        if (job instanceof LiveView.Dvs dvs) {
            updateSurfaceAndRaster(dvs);
        }
    }

    private void onPrediction(Prediction p) {
        predictions++;
        predictionsByJob.merge(p.getJob(), 1L, Long::sum);
        if (job instanceof LiveView.Dvs) {
            Integer label = p.getLabelClass();
            Integer predicted = p.getPredictedClass();
            if (label == null || predicted == null || label < 0 || label >= confusion.length || predicted < 0
                    || predicted >= confusion.length) {
                return;
            }
            confusion[label][predicted]++;
            recentHits.addLast(label.equals(predicted));
            if (recentHits.size() > RUNNING) {
                recentHits.removeFirst();
            }
            labelledPredictions++;
            if (labelledPredictions % 5 == 0) {
                long hits = recentHits.stream().filter(h -> h).count();
                scoreCurve.add(new double[] {labelledPredictions, (double) hits / recentHits.size()});
            }
        } else {
            String streamId = p.getStreamId();
            if (session == null || streamId.compareTo(session) < 0) {
                session = streamId; // the first session by name: one view, whatever order they arrive in
                decodedByDecoder.clear();
                pairsByDecoder.clear();
                r2CurveByDecoder.clear();
                scoredByDecoder.clear();
            }
            if (!streamId.equals(session) || p.getDecoded() == null || p.getDecoded().size() < 2) {
                return;
            }
            double[] decoded = {p.getDecoded().get(0), p.getDecoded().get(1)};
            TreeMap<Long, double[]> byBin = decodedByDecoder.computeIfAbsent(p.getJob(), j -> new TreeMap<>());
            byBin.put(p.getWindowStartMicros(), decoded);
            while (byBin.size() > DECODED_BINS) {
                byBin.pollFirstEntry();
            }
            double[] target = targets(session).get(p.getWindowStartMicros());
            if (target != null) {
                score(p.getJob(), p.getWindowStartMicros(), decoded, target);
            }
        }
    }

    private void onLabel(Label label) {
        if (label.getTarget() == null || label.getTarget().size() < 2) {
            return;
        }
        if (!targetsBySession.containsKey(label.getStreamId()) && targetsBySession.size() >= 16) {
            return; // bounded: the view shows one session
        }
        TreeMap<Long, double[]> targets = targets(label.getStreamId());
        double[] target = {label.getTarget().get(0), label.getTarget().get(1)};
        targets.put(label.getStartTimeMicros(), target);
        while (targets.size() > 4 * DECODED_BINS) {
            targets.pollFirstEntry();
        }
        if (label.getStreamId().equals(session)) {
            // the label may come after the predictions of its bin
            decodedByDecoder.forEach((decoder, byBin) -> {
                double[] decoded = byBin.get(label.getStartTimeMicros());
                if (decoded != null) {
                    score(decoder, label.getStartTimeMicros(), decoded, target);
                }
            });
        }
    }

    private TreeMap<Long, double[]> targets(String streamId) {
        return targetsBySession.computeIfAbsent(streamId, s -> new TreeMap<>());
    }

    /** Running R² (mean of x and y) of a decoder over its last {@link #RUNNING} * 2 scored bins. */
    private void score(String decoder, long binStartMicros, double[] decoded, double[] target) {
        Deque<double[]> pairs = pairsByDecoder.computeIfAbsent(decoder, d -> new ArrayDeque<>());
        pairs.addLast(new double[] {decoded[0], decoded[1], target[0], target[1]});
        if (pairs.size() > 2 * RUNNING) {
            pairs.removeFirst();
        }
        long scored = scoredByDecoder.merge(decoder, 1L, Long::sum);
        if (scored % 10 == 0 && pairs.size() >= 20) {
            double r2 = 0;
            for (int axis = 0; axis < 2; axis++) {
                double mean = 0;
                for (double[] q : pairs) {
                    mean += q[2 + axis];
                }
                mean /= pairs.size();
                double residual = 0;
                double spread = 0;
                for (double[] q : pairs) {
                    residual += Math.pow(q[2 + axis] - q[axis], 2);
                    spread += Math.pow(q[2 + axis] - mean, 2);
                }
                r2 += spread == 0 ? 0 : 1 - residual / spread;
            }
            List<double[]> curve = r2CurveByDecoder.computeIfAbsent(decoder, d -> new ArrayList<>());
            curve.add(new double[] {binStartMicros / 1e6, r2 / 2});
            if (curve.size() > 2000) {
                curve.subList(0, 1000).clear();
            }
        }
    }

    private void onDeadLetter(DeadLetter d) {
        deadLetters++;
        String reason = d.getReason() == null ? "(no reason)" : d.getReason();
        deadLetterReasons.merge(io.neurostream.apps.run.JobRun.reasonKind(reason), 1L, Long::sum);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", java.time.Instant.ofEpochMilli(d.getRejectedAtMillis()).toString().substring(11, 19));
        row.put("topic", d.getSourceTopic());
        row.put("offset", d.getSourceOffset());
        row.put("reason", reason.length() > 200 ? reason.substring(0, 200) + "…" : reason);
        recentDeadLetters.addFirst(row);
        if (recentDeadLetters.size() > DEAD_LETTERS_SHOWN) {
            recentDeadLetters.removeLast();
        }
    }

    private void onPacket(EventPacket packet) {
        Deque<EventPacket> packets = packetsBySensor.computeIfAbsent(packet.getSensorId(), s -> new ArrayDeque<>());
        packets.addLast(packet);
        sensor = packet.getSensorId();
        long window = ((LiveView.Dvs) job).windowMicros();
        // keep two windows of the sensor clock
        while (packets.size() > 1 && packets.peekFirst().getEndTimeMicros() < packet.getEndTimeMicros() - 2 * window) {
            packets.removeFirst();
        }
    }

    private void onBatch(SpikeBatch batch) {
        if (session == null) {
            session = batch.getSessionId();
        }
        Deque<SpikeBatch> batches = batchesBySession.computeIfAbsent(batch.getSessionId(), s -> new ArrayDeque<>());
        batches.addLast(batch);
        while (batches.size() > 1 && batches.peekFirst().getEndTimeMicros() < batch.getEndTimeMicros() - 2_000_000) {
            batches.removeFirst();
        }
    }

    /** The time surface at the sensor's latest event, and the raster of its last complete window. */
    private void updateSurfaceAndRaster(LiveView.Dvs dvs) {
        Deque<EventPacket> packets = sensor == null ? null : packetsBySensor.get(sensor);
        if (packets == null || packets.isEmpty()) {
            return;
        }
        EventPacket last = packets.peekLast();
        int width = last.getWidth();
        int height = last.getHeight();
        int pool = Math.max(1, (Math.max(width, height) + SURFACE_MAX_SIDE - 1) / SURFACE_MAX_SIDE);
        surfaceWidth = (width + pool - 1) / pool;
        surfaceHeight = (height + pool - 1) / pool;
        double[] latest = new double[surfaceWidth * surfaceHeight];
        java.util.Arrays.fill(latest, Double.NaN);
        boolean[] on = new boolean[latest.length];
        long tLast = Long.MIN_VALUE;
        for (EventPacket p : packets) {
            if (p.getWidth() != width || p.getHeight() != height) {
                continue;
            }
            ByteBuffer view = PackedEvents.view(p.getEvents());
            for (int i = 0; i < p.getEventCount(); i++) {
                long t = p.getStartTimeMicros() + PackedEvents.dtMicros(view, i);
                int cell = (PackedEvents.y(view, i) / pool) * surfaceWidth + PackedEvents.x(view, i) / pool;
                if (cell >= 0 && cell < latest.length && (Double.isNaN(latest[cell]) || t >= latest[cell])) {
                    latest[cell] = t;
                    on[cell] = PackedEvents.on(view, i);
                }
                tLast = Math.max(tLast, t);
            }
        }
        surface = new double[latest.length];
        for (int c = 0; c < latest.length; c++) {
            surface[c] = Double.isNaN(latest[c]) ? 0
                    : (on[c] ? 1 : -1) * Math.exp(-(tLast - latest[c]) / SURFACE_TAU_MICROS);
        }
        surfaceCaption = String.format(Locale.ROOT, "sensor %s, %d×%d px%s, at %.3f s, τ %.0f ms", sensor, width,
                height, pool > 1 ? " (pooled " + pool + "×" + pool + ")" : "", tLast / 1e6, SURFACE_TAU_MICROS / 1000);

        long window = dvs.windowMicros();
        long windowStart = Math.floorDiv(last.getEndTimeMicros(), window) * window - window;
        if (windowStart == rasterWindowStart) {
            return;
        }
        rasterWindowStart = windowStart;
        LiquidParams p = rasterLiquid.params();
        LiquidState state = rasterLiquid.newState();
        state.reset(windowStart, windowStart + window);
        long events = 0;
        for (EventPacket packet : packets) {
            ByteBuffer view = PackedEvents.view(packet.getEvents());
            for (int i = 0; i < packet.getEventCount(); i++) {
                long t = packet.getStartTimeMicros() + PackedEvents.dtMicros(view, i);
                if (t < windowStart || t >= windowStart + window) {
                    continue;
                }
                int x = (int) ((long) PackedEvents.x(view, i) * p.width() / packet.getWidth());
                int y = (int) ((long) PackedEvents.y(view, i) * p.height() / packet.getHeight());
                int channel = p.channelsPerPixel() == 2 ? (PackedEvents.on(view, i) ? 1 : 0) : 0;
                if (rasterLiquid.onInput(state, t, x, y, channel) >= 0) {
                    events++;
                }
            }
        }
        List<int[]> points = new ArrayList<>();
        double binMs = window / 1000.0 / RASTER_BINS;
        for (int n = 0, row = 0; n < p.neuronCount(); n += rasterNeuronStep, row++) {
            for (int b = 0; b < RASTER_BINS; b++) {
                int count = state.spikeCounts[n * RASTER_BINS + b];
                if (count > 0) {
                    points.add(new int[] {(int) Math.round(b * binMs), n, count});
                }
            }
        }
        raster = points;
        rasterCaption = String.format(Locale.ROOT, "sensor %s, window %.1f–%.1f s: %,d events → %,d spikes of %d "
                + "neurons (%s shown; %.0f Hz per neuron)", sensor, windowStart / 1e6, (windowStart + window) / 1e6,
                events, state.totalSpikes(), p.neuronCount(), rasterNeuronStep == 1 ? "all" : "every " + rasterNeuronStep
                + "th", state.totalSpikes() * 1e6 / ((double) p.neuronCount() * window));
    }

    void metrics(LiveMetrics m) {
        metrics = m;
        double t = (System.nanoTime() - startNanos) / 1e9;
        series.addLast(new double[] {t, m.inPerSecond(), m.predictionsPerSecond(), m.latencyP50Ms(), m.latencyP95Ms(),
            m.latencyP99Ms(), m.runningScore(), m.reservoirFiringRateHz(), m.readoutWeightNorm(), m.plasticWeightNorm(),
            m.modelVersion(), m.deadLetters(), inputRecordsPerSecond});
        if (series.size() > HISTORY) {
            series.removeFirst();
        }
    }

    void jobState(JobStatus status) {
        if (status == null) {
            return;
        }
        if (status == JobStatus.RESTARTING || status == JobStatus.FAILING) {
            if (!wasRestarting) {
                restartsSeen++;
            }
            wasRestarting = true;
        } else if (status == JobStatus.RUNNING && wasRestarting) {
            wasRestarting = false;
            recoveredAtNanos = System.nanoTime();
        }
        jobStatus = status.name();
    }

    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        boolean dvs = job instanceof LiveView.Dvs;
        root.put("kind", dvs ? "dvs" : "spikes");
        root.put("title", job.title());
        root.put("uptimeSeconds", (System.nanoTime() - startNanos) / 1e9);
        int restarts = Math.max(restartsSeen, Double.isNaN(metrics.restarts()) ? 0 : (int) metrics.restarts());
        String state = jobStatus;
        if ("RUNNING".equals(state) && recoveredAtNanos >= 0) {
            state = "RECOVERED";
        }
        root.put("job", Map.of("status", state, "restarts", restarts, "metrics", metrics.present()));
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < SERIES.length; i++) {
            double[] column = new double[series.size()];
            int j = 0;
            for (double[] row : series) {
                column[j++] = row[i];
            }
            columns.put(SERIES[i], column);
        }
        root.put("series", columns);
        root.put("droppedByReason", metrics.droppedByReason());
        root.put("predictions", Map.of("total", predictions, "byJob", predictionsByJob));
        root.put("deadLetters", Map.of("total", deadLetters, "byReason", deadLetterReasons,
                "recent", new ArrayList<>(recentDeadLetters)));
        if (dvs) {
            root.put("confusion", List.of(confusion));
            root.put("accuracyCurve", scoreCurve.size() > 1500 ? scoreCurve.subList(scoreCurve.size() - 1500,
                    scoreCurve.size()) : scoreCurve);
            root.put("labelledPredictions", labelledPredictions);
            if (surface != null) {
                root.put("surface", Map.of("width", surfaceWidth, "height", surfaceHeight, "values", surface,
                        "caption", surfaceCaption));
            }
            root.put("raster", Map.of("points", raster, "neurons", rasterLiquid.params().neuronCount(),
                    "excitatory", rasterLiquid.params().excitatoryCount(),
                    "windowMs", ((LiveView.Dvs) job).windowMicros() / 1000.0, "caption", rasterCaption));
        } else {
            root.put("session", session == null ? "" : session);
            root.put("raster", spikeRaster());
            Map<String, Object> decoded = new LinkedHashMap<>();
            TreeMap<Long, double[]> targets = targets(session == null ? "" : session);
            decodedByDecoder.forEach((decoder, byBin) -> {
                List<double[]> rows = new ArrayList<>(byBin.size());
                byBin.forEach((bin, v) -> {
                    double[] target = targets.get(bin);
                    rows.add(new double[] {bin / 1e6, v[0], v[1], target == null ? Double.NaN : target[0],
                        target == null ? Double.NaN : target[1]});
                });
                decoded.put(decoder, rows);
            });
            root.put("decoded", decoded);
            root.put("r2Curve", r2CurveByDecoder);
        }
        return LiveJson.of(root);
    }

    /** The last second of the shown session's spikes: [time s, unit]. */
    private Map<String, Object> spikeRaster() {
        Deque<SpikeBatch> batches = session == null ? null : batchesBySession.get(session);
        List<double[]> points = new ArrayList<>();
        int units = 0;
        if (batches != null && !batches.isEmpty()) {
            long end = batches.peekLast().getEndTimeMicros();
            for (SpikeBatch b : batches) {
                units = Math.max(units, b.getUnitCount());
                ByteBuffer view = PackedSpikes.view(b.getSpikes());
                for (int i = 0; i < b.getSpikeCount() && points.size() < 20_000; i++) {
                    long t = b.getStartTimeMicros() + PackedSpikes.dtMicros(view, i);
                    if (t >= end - 1_000_000) {
                        points.add(new double[] {t / 1e6, PackedSpikes.unitIndex(view, i)});
                    }
                }
            }
        }
        return Map.of("points", points, "units", units, "session", session == null ? "" : session);
    }
}
