package io.neurostream.connectors.spikes;

/**
 * One unit (sorted cluster or channel) of a recording.
 *
 * @param index dense index used on the wire, in [0, unitCount)
 * @param id the id in the source file (phy cluster id, NWB units id, CSV unit column)
 * @param label a quality label when the file has one (phy {@code good}/{@code mua}/{@code noise}), else ""
 * @param spikeCount spikes of this unit in the source, or -1 if unknown
 */
public record SpikeUnit(int index, long id, String label, long spikeCount) {
    public SpikeUnit {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (label == null) {
            throw new IllegalArgumentException("label must not be null (use \"\")");
        }
    }
}
