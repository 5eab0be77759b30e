package io.neurostream.cli;

import io.neurostream.connectors.events.EventFileReader;
import io.neurostream.connectors.events.EventFileSummary;
import io.neurostream.connectors.events.EventFormat;
import io.neurostream.connectors.events.EventFormatException;
import io.neurostream.connectors.events.EventFormats;
import io.neurostream.connectors.events.EventImages;
import io.neurostream.connectors.events.SensorGeometry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neurostream inspect FILE}: what an event-camera file holds, plus two pictures of it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describes an event-camera file (N-MNIST .bin/.bs2, AEDAT 2/3.1/4, Prophesee EVT 2/3 .raw, .dat):",
                "format, geometry, event count, duration, mean and peak event rate, ON/OFF balance;",
                "writes <name>-events.png (ON green, OFF red, accumulated) and <name>-surface.png (time surface at the end).",
                "A truncated or corrupt file is reported with its byte offset (exit code 3)."})
final class InspectCommand implements Callable<Integer> {
    static final int EXIT_BAD_FILE = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The event-camera file.")
    Path file;

    @Option(names = "--geometry", paramLabel = "WxH",
            description = "Sensor size, for files that state none (several Prophesee files), e.g. 1280x720.")
    String geometry;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the PNGs (default: current folder).")
    Path out = Path.of(".");

    @Option(names = "--tau-ms", description = "Decay of the time surface in ms (default: ${DEFAULT-VALUE}).")
    double tauMs = 50;

    @Option(names = "--peak-window-us", description = "Window of the peak rate in µs (default: ${DEFAULT-VALUE}).")
    long peakWindowMicros = EventFileSummary.DEFAULT_PEAK_WINDOW_MICROS;

    @Option(names = "--no-png", description = "Only the summary, no pictures.")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        SensorGeometry override = geometry == null ? null : SensorGeometry.parse(geometry);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!(tauMs > 0) || peakWindowMicros <= 0) {
            throw new IllegalArgumentException("--tau-ms and --peak-window-us must be > 0");
        }
        if (!noPng && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: folder " + out + " does not exist");
        }
        try {
            EventFormat format = EventFormats.detect(file);
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
                String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                Path accumulated = out.resolve(stem + "-events.png");
                Path surface = out.resolve(stem + "-surface.png");
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
        } catch (EventFormatException e) {
            System.err.println("error: " + e.getMessage());
            return EXIT_BAD_FILE;
        }
    }
}
