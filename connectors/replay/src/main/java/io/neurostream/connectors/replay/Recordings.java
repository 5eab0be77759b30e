package io.neurostream.connectors.replay;

import io.neurostream.connectors.spikes.SpikeFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the {@link Recording} for a file by its shape on disk. This is the extension point of
 * {@code neurostream replay}: spike recordings (phy/Kilosort folder, {@code .nwb}, {@code .csv}/
 * {@code .tsv}/{@code .txt}) today; event-camera files ({@code .raw}, {@code .aedat4}, N-MNIST
 * {@code .bin}, ...) get a branch here returning their own {@link Recording} that writes
 * EventPackets to {@code dvs.events}.
 */
public final class Recordings {
    private Recordings() {}

    /**
     * @param sessionId key of the replayed records (session or sensor id)
     * @param batchMicros window of one SpikeBatch (and of one Label)
     */
    public static Recording open(Path path, String sessionId, long batchMicros) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || name.endsWith(".nwb") || name.endsWith(".h5") || name.endsWith(".hdf5")
                || name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return SpikeFileReplay.open(path, sessionId, batchMicros);
        }
        // Event-camera formats: add their Recording here (see connectors/events for the readers).
        throw new SpikeFileException(path, "cannot replay this file type yet: spike recordings (a phy/Kilosort "
                + "folder, .nwb, .csv, .tsv, .txt) are supported; event-camera files are not yet");
    }
}
