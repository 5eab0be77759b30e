package io.neurostream.connectors.spikes;

/** The spike-recording formats Neurostream reads. {@link SpikeFormats#detect} tells them apart by content. */
public enum SpikeFormat {
    /** Neurodata Without Borders 2.x: an HDF5 file with a {@code /units} table ({@link NwbUnitsReader}). */
    NWB("NWB 2.x (HDF5, /units table)"),
    /** A Kilosort/phy output folder: {@code spike_times.npy}, {@code spike_clusters.npy}, {@code params.py} ({@link PhyFolderReader}). */
    PHY("phy/Kilosort folder (spike_times.npy, spike_clusters.npy, params.py)"),
    /** A text table with one spike per line, time (s) and unit id ({@link SpikeCsvReader}). */
    CSV("spike table as text (time in s, unit id; comma, tab, semicolon or space separated)");

    private final String description;

    SpikeFormat(String description) {
        this.description = description;
    }

    /** What the format is, for people (e.g. in {@code neurostream inspect}). */
    public String description() {
        return description;
    }
}
