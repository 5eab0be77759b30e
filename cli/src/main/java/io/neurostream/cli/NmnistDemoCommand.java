package io.neurostream.cli;

import io.neurostream.apps.common.SummaryJson;
import io.neurostream.apps.dvs.NmnistRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code neurostream demo --dataset nmnist-small}: real N-MNIST through Kafka into dvs-classify. */
final class NmnistDemoCommand {
    private NmnistDemoCommand() {}

    /** Default location of the data set: beside the repository, as the tests find it. */
    static Path defaultFolder() {
        String data = System.getProperty("neurostream.data");
        Path base = data != null ? Path.of(data) : Path.of("..", "shared", "data");
        return base.resolve("event-camera").resolve("nmnist-small");
    }

    /**
     * Runs {@code options} once per feature mode ({@code features}: raw, feast or both), then prints
     * a table and, with {@code json}, writes the summaries of all modes there.
     */
    static int run(NmnistRun.Options options, String features, Path confusionPng, Path json) throws Exception {
        Path folder = options.dataset();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--data: " + folder + " is not a folder (the N-MNIST small set with "
                    + "train1K.txt/test100.txt)");
        }
        List<NmnistRun.Features> modes = new ArrayList<>();
        switch (features) {
            case "raw" -> modes.add(NmnistRun.Features.RAW);
            case "feast" -> modes.add(NmnistRun.Features.FEAST);
            case "both" -> {
                modes.add(NmnistRun.Features.RAW);
                modes.add(NmnistRun.Features.FEAST);
            }
            default -> throw new IllegalArgumentException("--features must be raw, feast or both, got " + features);
        }
        List<NmnistRun.Summary> results = new ArrayList<>();
        for (NmnistRun.Features mode : modes) {
            System.out.printf(Locale.ROOT, "N-MNIST %s: %d labelled train samples, then %d held-out test samples "
                    + "without labels, through a Kafka broker (KRaft) into dvs-classify (Flink MiniCluster, "
                    + "parallelism %d, %s)%s ...%n", mode.name().toLowerCase(Locale.ROOT), options.trainSamples(),
                    options.testSamples(), options.settings().parallelism(), options.settings().deliveryName(),
                    DemoCommand.webUi(options.settings()));
            Progress progress = new Progress(System.out);
            NmnistRun run = new NmnistRun(options.withFeatures(mode), null);
            Thread hook = new Thread(run::close, "neurostream-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            NmnistRun.Summary summary = run.run(s -> progress.update(String.format(Locale.ROOT,
                    "%,11d events %,10.0f ev/s | %,d packets, %,d labels | %s elapsed",
                    s.events(), s.eventsPerSecond(), s.packets(), s.labels(), Progress.eta(s.wallSeconds()))));
            progress.done();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            System.out.println(summary.toText());
            if (confusionPng != null) {
                Path png = modes.size() == 1 ? confusionPng : confusionPng.resolveSibling(confusionPng.getFileName()
                        .toString().replaceFirst("(\\.png)?$", "-" + mode.name().toLowerCase(Locale.ROOT) + ".png"));
                NmnistRun.writeConfusionPng(summary, png);
                System.out.println("confusion matrix written to " + png);
            }
            results.add(summary);
        }
        System.out.println();
        System.out.println("| input to the liquid | held-out accuracy | train / test samples | events | wall |");
        System.out.println("|---|---|---|---|---|");
        for (NmnistRun.Summary s : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f %% (%d/%d) | %d / %d | %,d | %.0f s |%n",
                    s.features() == NmnistRun.Features.RAW ? "raw ON/OFF events" : "FEAST features",
                    100 * s.testAccuracy(), Math.round(s.testAccuracy() * s.testSamples()), s.testSamples(),
                    s.trainSamples(), s.testSamples(), s.events(), s.wallSeconds());
        }
        boolean completed = results.stream().allMatch(NmnistRun.Summary::completed);
        if (json != null) {
            Files.writeString(json, SummaryJson.of(json(folder, results, completed)));
            System.out.println("summary written to " + json);
        }
        return completed ? 0 : 2;
    }

    /** The held-out accuracy of each feature mode first, then each mode's whole summary. */
    private static Map<String, Object> json(Path folder, List<NmnistRun.Summary> results, boolean completed) {
        Map<String, Object> accuracy = new LinkedHashMap<>();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", "nmnist-small");
        m.put("data", folder.toString());
        m.put("heldOutAccuracy", accuracy);
        for (NmnistRun.Summary s : results) {
            String mode = s.features().name().toLowerCase(Locale.ROOT);
            accuracy.put(mode, SummaryJson.round(s.testAccuracy()));
            m.put(mode, s.asMap());
        }
        m.put("completed", completed);
        return m;
    }
}
