package io.neurostream.cli;

import io.neurostream.apps.eval.EvalReport;
import io.neurostream.apps.eval.EvalSettings;
import io.neurostream.apps.eval.Experiment;
import io.neurostream.apps.eval.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neurostream eval <experiment>}: a seeded learning experiment through Kafka and the Flink job. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Runs one learning experiment through the real pipeline (embedded Kafka broker + the Flink job on a",
                "MiniCluster), seeded, with its baseline computed in the same run on the same split. Prints a table of",
                "value / baseline / target / met, writes --json and PNGs. --list shows the experiments.",
                "Exit code 0 when every target is met, 4 when one is missed (the figures are still written)."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "The experiment (see --list).")
    String experiment;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    @Option(names = "--size", description = "ci (a small configuration, a minute or two) or full (the README's figures; "
            + "default: ${DEFAULT-VALUE}).")
    String size = "full";

    @Option(names = "--seed", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("../shared/data");

    @Option(names = "--png-dir", description = "Folder for the pictures (default: ${DEFAULT-VALUE}).")
    Path pngDir = Path.of("runs/eval");

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (list || experiment == null) {
            Experiments.descriptions().forEach((name, d) -> System.out.printf("  %-18s %s%n", name, d));
            return list ? 0 : 2;
        }
        Experiment e = Experiments.named(experiment);
        EvalSettings.Size s = switch (size) {
            case "ci" -> EvalSettings.Size.CI;
            case "full" -> EvalSettings.Size.FULL;
            default -> throw new IllegalArgumentException("--size must be ci or full, got '" + size + "'");
        };
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("data folder " + data.toAbsolutePath() + " does not exist: give --data");
        }
        if (json != null && json.toAbsolutePath().getParent() != null && !Files.isDirectory(json.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("folder " + json.toAbsolutePath().getParent() + " does not exist");
        }
        Files.createDirectories(pngDir);
        long start = System.nanoTime();
        EvalReport report = e.run(new EvalSettings(s, seed, data, pngDir, System.out::println))
                .withWallSeconds((System.nanoTime() - start) / 1e9);
        System.out.println();
        System.out.print(report.toTable());
        report.pictures().forEach(p -> System.out.println("picture: " + p));
        if (json != null) {
            report.writeJson(json);
            System.out.println("results written to " + json);
        }
        return report.allMet() ? 0 : 4;
    }
}
