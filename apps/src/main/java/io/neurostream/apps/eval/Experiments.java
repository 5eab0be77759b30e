package io.neurostream.apps.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Every experiment {@code neurostream eval} knows, by name, in the order {@code --list} shows them. */
public final class Experiments {
    private Experiments() {}

    private static final Map<String, Supplier<Experiment>> ALL = new LinkedHashMap<>();

    static {
        // one line per experiment (keep this order: N-MNIST, readouts, continual, time series)
        register(NmnistSmallExperiment::new);
        register(SimNmnistExperiment::new);
        register(ThreeFactorExperiment::new);
        register(PermutedMnistEval::new);
        register(SplitNmnistEval::new);
        register(MackeyGlassExperiment::new);
        register(MemoryCapacityExperiment::new);
        register(ForceIzhikevichExperiment::new);
    }

    private static void register(Supplier<Experiment> experiment) {
        ALL.put(experiment.get().name(), experiment);
    }

    public static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        ALL.forEach((name, e) -> d.put(name, e.get().description()));
        return d;
    }

    /** The experiment called {@code name}; a message listing the known ones otherwise. */
    public static Experiment named(String name) {
        Supplier<Experiment> e = ALL.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return e.get();
    }
}
