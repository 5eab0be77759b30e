package io.neurostream.cli;

import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFileSummary;
import io.neurostream.connectors.events.EventFormat;
import io.neurostream.connectors.events.EventFormatException;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.EventImages;
import io.neurostream.connectors.events.SensorGeometry;
import io.neurostream.connectors.spikes.CorruptSpikeFileException;
import io.neurostream.connectors.spikes.PhyFolderReader;
import io.neurostream.connectors.spikes.SpikeFileException;
import io.neurostream.connectors.spikes.SpikeFormat;
import io.neurostream.connectors.spikes.SpikeFormats;
import io.neurostream.connectors.spikes.SpikeRaster;
import io.neurostream.connectors.spikes.SpikeRecordingSummary;
import io.neurostream.connectors.spikes.SpikeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neurostream inspect FILE}: what an event-camera file or a spike recording holds, plus pictures of it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describes a recording; its format is told from the content, not the name.",
                "",
                "Event-camera files (" + InspectCommand.EVENT_FORMATS + "):",
                "  format, geometry, events, duration, mean and peak event rate, ON/OFF;",
                "  writes <name>-events.png (accumulated events: ON green, OFF red) and",
                "  <name>-surface.png (time surface at the last event).",
                "Spike recordings (" + InspectCommand.SPIKE_FORMATS + "):",
                "  format, units, spikes, first/last spike, duration, mean rate per unit,",
                "  min/median/max unit rate, the most active units; writes <name>-raster.png",
                "  (units by time; of a long recording its first seconds, see --raster-s).",
                "",
                "A truncated or corrupt file exits with code 3 and",
                "  error: <file> at byte <offset>: <reason>",
                "(the offset where the reader knows it); so does a file of no known format.",
                ""})
final class InspectCommand implements Callable<Integer> {
    static final int EXIT_BAD_FILE = 3;
    static final String EVENT_FORMATS = "N-MNIST, AEDAT 2/3.1/4, Prophesee EVT 2/3 .raw and .dat";
    static final String SPIKE_FORMATS = "NWB, phy/Kilosort folder, CSV/TSV";

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The event-camera file, or the spike recording (NWB file, phy/Kilosort folder, CSV/TSV text).")
    Path file;

    @Option(names = "--geometry", paramLabel = "WxH",
            description = "Event files: sensor size, for files that state none (several Prophesee files), e.g. 1280x720.")
    String geometry;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the PNGs, created if missing (default: current folder).")
    Path out = Path.of(".");

    @Option(names = "--tau-ms", description = "Event files: decay of the time surface in ms (default: ${DEFAULT-VALUE}).")
    double tauMs = 50;

    @Option(names = "--peak-window-us",
            description = "Event files: window of the peak rate in µs (default: ${DEFAULT-VALUE}).")
    long peakWindowMicros = EventFileSummary.DEFAULT_PEAK_WINDOW_MICROS;

    @Option(names = "--raster-s", paramLabel = "SECONDS",
            description = {"Spike recordings: seconds of the raster from the first spike; 0 = the whole recording.",
                    "Default: as many as keep the busiest unit near " + SpikeRaster.TARGET_SPIKES_PER_ROW
                            + " spikes (all of a short recording)."})
    Double rasterSeconds;

    @Option(names = "--top", description = "Spike recordings: most active units listed (default: ${DEFAULT-VALUE}).")
    int top = SpikeRecordingSummary.DEFAULT_TOP_UNITS;

    @Option(names = "--no-png", description = "Only the summary, no pictures.")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        SensorGeometry override = geometry == null ? null : SensorGeometry.parse(geometry);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file or folder");
        }
        if (!(tauMs > 0) || peakWindowMicros <= 0) {
            throw new IllegalArgumentException("--tau-ms and --peak-window-us must be > 0");
        }
        if (rasterSeconds != null && (!(rasterSeconds >= 0) || rasterSeconds.isInfinite())) {
            throw new IllegalArgumentException("--raster-s must be >= 0 (0: the whole recording)");
        }
        if (top < 0) {
            throw new IllegalArgumentException("--top must be >= 0");
        }
        if (!noPng && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a file, not a folder");
        }
        try {
            Optional<SpikeFormat> spikes = SpikeFormats.detect(file);
            if (spikes.isPresent()) {
                return inspectSpikes(spikes.get());
            }
            if (Files.isDirectory(file)) {
                return unsupported(file + ": a folder without " + PhyFolderReader.SPIKE_TIMES
                        + " (not a phy/Kilosort folder)");
            }
            EventFormat format;
            try {
                format = EventFormats.detect(file);
            } catch (EventFormatException e) {
                return unsupported(e.getMessage());
            }
            return inspectEvents(format, override);
        } catch (EventFormatException | CorruptSpikeFileException | SpikeFileException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_BAD_FILE;
        }
    }

    private static int unsupported(String message) {
        System.err.println("error: " + message);
        System.err.println("supported: event-camera files (" + EVENT_FORMATS + "); spike recordings ("
                + SpikeFormats.supportedText() + ")");
        return EXIT_BAD_FILE;
    }

    private int inspectEvents(EventFormat format, SensorGeometry override) throws Exception {
        EventFileSummary summary;
        try (EventFileReader reader = EventFormats.open(file, format, override)) {
            summary = EventFileSummary.of(reader, peakWindowMicros);
        }
        System.out.println(summary.describe());
        System.out.printf(Locale.ROOT, "balance    ON/OFF %.2f%n",
                summary.offEvents() == 0 ? Double.POSITIVE_INFINITY : (double) summary.onEvents() / summary.offEvents());
        if (!summary.geometry().isKnown()) {
            System.out.println("note: the file states no geometry; pictures use the range the events cover ("
                    + summary.effectiveGeometry() + "); pass --geometry WxH for the real size");
        }
        if (!noPng && summary.events() > 0) {
            Files.createDirectories(out);
            Path accumulated = out.resolve(stem() + "-events.png");
            Path surface = out.resolve(stem() + "-surface.png");
            SensorGeometry g = summary.effectiveGeometry();
            try (EventFileReader reader = EventFormats.open(file, format, override)) {
                EventImages.writePng(EventImages.accumulate(reader, g), accumulated);
            }
            try (EventFileReader reader = EventFormats.open(file, format, override)) {
                EventImages.writePng(EventImages.timeSurface(reader, g, tauMs * 1000), surface);
            }
            System.out.println("wrote      " + accumulated + " (accumulated events: ON green, OFF red)");
            System.out.println("wrote      " + surface + " (time surface, tau " + tauMs + " ms, at the last event)");
        }
        return 0;
    }

    private int inspectSpikes(SpikeFormat format) throws Exception {
        SpikeRecordingSummary summary;
        try (SpikeSource source = SpikeFormats.open(file, format)) {
            summary = SpikeRecordingSummary.of(file, format, source);
        }
        System.out.println(summary.describe(top));
        if (!noPng && summary.spikes() > 0) {
            SpikeRaster.Window window = rasterSeconds == null ? SpikeRaster.autoWindow(summary)
                    : rasterSeconds == 0 ? SpikeRaster.whole(summary) : SpikeRaster.firstSeconds(summary, rasterSeconds);
            SpikeRaster.Raster raster;
            try (SpikeSource source = SpikeFormats.open(file, format)) {
                raster = SpikeRaster.render(source, summary, window);
            }
            Files.createDirectories(out);
            Path png = out.resolve(stem() + "-raster.png");
            EventImages.writePng(raster.image(), png); // a plain ImageIO PNG writer; spikes does not depend on events
            System.out.printf(Locale.ROOT, "wrote      %s (raster, %s: %,d of %,d spikes%s)%n", png,
                    window.describe(summary), raster.spikesDrawn(), summary.spikes(),
                    window.whole() ? "" : "; --raster-s 0 for all");
        }
        return 0;
    }

    /** The file or folder name without its extension. */
    private String stem() {
        Path name = file.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "recording" : name.toString();
        return Files.isDirectory(file) ? s : s.replaceFirst("\\.[^.]*$", "");
    }
}
