package io.neurostream.apps.eval.nmnist;

import io.neurostream.apps.eval.EvalReport;
import io.neurostream.apps.eval.EvalResult;
import io.neurostream.apps.eval.EvalSettings;
import io.neurostream.connectors.sim.MnistDigits;
import io.neurostream.connectors.sim.SaccadeDvsSimulator;
import io.neurostream.connectors.sim.SimulatedNmnistStream;
import io.neurostream.jobs.dvs.DvsClassifyJob;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.PackedEvents;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run behind {@code eval sim-nmnist} (see {@link io.neurostream.apps.eval.SimNmnistExperiment}). */
public final class SimNmnistRun {
    public static final double TARGET = 0.97;
    private static final String KEY = "sim-nmnist";

    private final EvalSettings settings;
    private final String experiment;

    public SimNmnistRun(EvalSettings settings, String experiment) {
        this.settings = settings;
        this.experiment = experiment;
    }

    public EvalReport run() throws Exception {
        long start = System.nanoTime();
        boolean full = settings.full();
        int trainSize = full ? 8000 : 400;
        int testSize = full ? 2000 : 200;
        // -Dneurostream.eval.sim-nmnist.samples=TRAIN/TEST: an intermediate size, for a machine too busy for full
        String sizes = System.getProperty("neurostream.eval.sim-nmnist.samples");
        if (sizes != null) {
            String[] parts = sizes.split("/");
            trainSize = Integer.parseInt(parts[0].trim());
            testSize = Integer.parseInt(parts[1].trim());
            if (trainSize < 1 || testSize < 1 || trainSize + testSize > 10_000) {
                throw new IllegalArgumentException("neurostream.eval.sim-nmnist.samples must be TRAIN/TEST with "
                        + "TRAIN + TEST <= 10000, got " + sizes);
            }
        }
        int train = trainSize;
        int test = testSize;
        int samples = train + test;
        MnistDigits digits = MnistDigits.bundled();
        // train digits from the start of the bundled 10,000, held-out ones from the end: never the same digit
        int[] digitIndex = new int[samples];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            digitIndex[i] = i < train ? i : digits.count() - 1 - (i - train);
            labels[i] = digits.label(digitIndex[i]);
        }
        DvsClassifyJob.Settings job = NmnistEval.jobSettings(full);
        long slotMicros = job.learner().windowMicros();
        SimulatedNmnistStream stream = new SimulatedNmnistStream(digits,
                new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), KEY, slotMicros, 2048, settings.seed());
        settings.progress().accept(String.format(Locale.ROOT,
                "sim-nmnist (%s): %d train / %d held out, seed %d; learner: %s, RLS delta %.3g",
                settings.size().name().toLowerCase(Locale.ROOT), train, test, settings.seed(),
                job.learner().readoutInput().describe(job.learner().liquid()), job.learner().rlsDelta()));

        // The baselines see exactly the events sent, counted as they go out.
        NmnistEval.BaselineCounts counts = new NmnistEval.BaselineCounts();
        Map<String, int[]> predicted;
        try (StreamRun run = new StreamRun(NmnistEval.runSettings(), job)) {
            predicted = run.run(List.of(new StreamRun.Split(KEY, train, samples)), (target, events) -> {
                long[] slotStart = {0};
                SimulatedNmnistStream.Sink sink = new SimulatedNmnistStream.Sink() {
                    @Override
                    public void label(Label label) {
                        target.label(label);
                    }

                    @Override
                    public void packet(EventPacket packet) {
                        ByteBuffer view = PackedEvents.view(packet.getEvents());
                        long t0 = packet.getStartTimeMicros() - slotStart[0];
                        for (int i = 0; i < packet.getEventCount(); i++) {
                            counts.add(t0 + PackedEvents.dtMicros(view, i), PackedEvents.x(view, i),
                                    PackedEvents.y(view, i), PackedEvents.on(view, i));
                        }
                        target.packet(packet);
                    }
                };
                for (int i = 0; i < samples; i++) {
                    slotStart[0] = i * slotMicros;
                    counts.begin();
                    events.addAndGet(stream.emitSample(i, digitIndex[i], i < train, sink));
                }
                return events.get();
            }, settings.progress(), Duration.ofMinutes(full ? 180 : 15));
        }
        int[] trainIdx = new int[train];
        for (int i = 0; i < train; i++) {
            trainIdx[i] = i;
        }
        int[] testIdx = new int[test];
        for (int i = 0; i < test; i++) {
            testIdx[i] = train + i;
        }
        settings.progress().accept("baselines (ridge, in process, on the same events)...");
        double perPixel = counts.perPixelAccuracy(trainIdx, testIdx, labels, null);
        double saccades = counts.saccadeAccuracy(trainIdx, testIdx, labels, null);
        int[] p = predicted.get(KEY);
        int[][] confusion = new int[10][10];
        double heldOut = NmnistEval.accuracy(p, labels, train, samples, confusion);

        List<Path> pictures = new ArrayList<>();
        Files.createDirectories(settings.pngDir());
        Path streamPng = settings.pngDir().resolve(experiment + "-stream.png");
        NmnistEval.writeStreamPng(String.format(Locale.ROOT, "sim-nmnist: accuracy over the stream (%d train, one pass)",
                train), p, labels, train, heldOut, saccades, perPixel, streamPng);
        pictures.add(streamPng);
        Path confusionPng = settings.pngDir().resolve(experiment + "-confusion.png");
        NmnistEval.writeConfusionPng(confusion, String.format(Locale.ROOT,
                "learner in dvs-classify: %.1f %% on %d held-out samples (rows true, columns predicted)", 100 * heldOut,
                test), confusionPng);
        pictures.add(confusionPng);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", settings.size().name().toLowerCase(Locale.ROOT));
        details.put("seed", settings.seed());
        details.put("train", train);
        details.put("test", test);
        details.put("learner", job.learner().readoutInput().describe(job.learner().liquid()) + "; RLS delta "
                + job.learner().rlsDelta());
        details.put("perPixelBaseline", perPixel);
        details.put("baselineRidge", NmnistEval.BASELINE_RIDGE);
        List<EvalResult> results = new ArrayList<>();
        results.add(new EvalResult(experiment, "held-out accuracy (" + test + " samples)", "accuracy", heldOut,
                "ridge on ON/OFF counts in 3 saccade bins (2x2 pooled)", saccades, TARGET, true, details));
        results.add(new EvalResult(experiment, "held-out accuracy, per-pixel baseline", "accuracy", perPixel,
                "ridge on per-pixel ON/OFF counts", Double.NaN, Double.NaN, true, Map.of()));
        return new EvalReport(experiment, results, pictures, (System.nanoTime() - start) / 1e9);
    }
}
