package io.neurostream.cli;

import io.neurostream.apps.dvs.NmnistRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code neurostream demo --dataset nmnist-small}: real N-MNIST through Kafka into dvs-classify. */
final class NmnistDemoCommand {
    private NmnistDemoCommand() {}

    /** Default location of the data set: beside the repository, as the tests find it. */
    static Path defaultFolder() {
        String data = System.getProperty("neurostream.data");
        Path base = data != null ? Path.of(data) : Path.of("..", "shared", "data");
        return base.resolve("event-camera").resolve("nmnist-small");
    }

    static int run(Path folder, int train, int test, String features, int feastNeurons, long feastLearnEvents,
                   long timeoutSeconds, Path confusionPng) throws Exception {
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
                    + "without labels, through a Kafka broker (KRaft) into dvs-classify (Flink MiniCluster) ...%n",
                    mode.name().toLowerCase(Locale.ROOT), train, test);
            Progress progress = new Progress(System.out);
            NmnistRun run = new NmnistRun(new NmnistRun.Options(folder, train, test, mode, feastNeurons, feastLearnEvents,
                    Duration.ofSeconds(timeoutSeconds)), null);
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
        return results.stream().allMatch(NmnistRun.Summary::completed) ? 0 : 2;
    }
}
