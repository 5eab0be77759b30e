package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a spike recording by its shape on disk. */
public final class SpikeSources {
    private SpikeSources() {}

    /**
     * Opens {@code path} with the matching reader: a folder holding {@code spike_times.npy} →
     * {@link PhyFolderReader} (all clusters); {@code *.nwb} → {@link NwbUnitsReader};
     * {@code *.csv}, {@code *.tsv}, {@code *.txt} → {@link SpikeCsvReader} with times in seconds.
     */
    public static SpikeSource open(Path path) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(PhyFolderReader.SPIKE_TIMES))) {
                return PhyFolderReader.open(path);
            }
            throw new SpikeFileException(path, "folder has no " + PhyFolderReader.SPIKE_TIMES
                    + " (expected a Kilosort/phy output folder)");
        }
        if (name.endsWith(".nwb") || name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return NwbUnitsReader.open(path);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return SpikeCsvReader.builder(path).open();
        }
        throw new SpikeFileException(path, "unknown spike file type (expected a phy folder, .nwb, .csv, .tsv or .txt)");
    }
}
