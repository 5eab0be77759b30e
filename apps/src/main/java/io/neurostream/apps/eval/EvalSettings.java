package io.neurostream.apps.eval;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every experiment is run with.
 *
 * @param size     {@link Size#CI} (a small configuration that runs in CI in a minute or two) or
 *                 {@link Size#FULL} (the configuration whose results the README shows)
 * @param seed     seeds every random choice (splits, reservoirs, shuffles) so a run repeats
 * @param data     the shared data folder ({@code ../shared/data}: MNIST, N-MNIST, Mackey-Glass)
 * @param pngDir   where pictures go (accuracy over the stream, confusion matrices, ...)
 * @param progress one line of progress at a time (events/s, ETA), for the console
 */
public record EvalSettings(Size size, long seed, Path data, Path pngDir, Consumer<String> progress) {
    public enum Size { CI, FULL }

    public EvalSettings {
        if (size == null || data == null || pngDir == null || progress == null) {
            throw new IllegalArgumentException("size, data, pngDir and progress are required");
        }
    }

    public boolean full() {
        return size == Size.FULL;
    }
}
