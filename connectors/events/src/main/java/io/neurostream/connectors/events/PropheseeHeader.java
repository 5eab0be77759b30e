package io.neurostream.connectors.events;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code %}-lines at the top of Prophesee {@code .raw} and {@code .dat} files. Geometry comes from
 * {@code % geometry WxH}, {@code % format EVT3;height=H;width=W}, {@code % Width}/{@code % Height}, or else
 * from the camera generation in {@code % plugin_name} / {@code % system_ID} (Gen3 640×480, Gen4.1/IMX636 1280×720,
 * GenX320 320×320).
 */
record PropheseeHeader(List<String> lines) {

    /** The value after {@code "% key "}, case-insensitive key. */
    Optional<String> value(String key) {
        String prefix = "% " + key.toLowerCase(Locale.ROOT) + " ";
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).trim());
            }
        }
        return Optional.empty();
    }

    /** EVT2 / EVT3 from {@code % evt} or {@code % format}; empty if neither line is there. */
    Optional<EventFormat> evtFormat() {
        Optional<String> evt = value("evt");
        if (evt.isPresent()) {
            String v = evt.get();
            if (v.startsWith("2")) {
                return Optional.of(EventFormat.EVT2);
            }
            if (v.startsWith("3")) {
                return Optional.of(EventFormat.EVT3);
            }
        }
        Optional<String> format = value("format");
        if (format.isPresent()) {
            String v = format.get().toUpperCase(Locale.ROOT);
            if (v.startsWith("EVT2") || v.startsWith("EVT21")) {
                return v.startsWith("EVT21") ? Optional.empty() : Optional.of(EventFormat.EVT2);
            }
            if (v.startsWith("EVT3")) {
                return Optional.of(EventFormat.EVT3);
            }
        }
        return Optional.empty();
    }

    /** True if the header looks like a {@code .dat} header ({@code % Version}, {@code % Height}, {@code % Width}). */
    boolean looksLikeDat() {
        return value("Version").isPresent() || value("Height").isPresent() && value("Width").isPresent()
                || lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("data file containing"));
    }

    SensorGeometry geometry() {
        try {
            Optional<String> g = value("geometry");
            if (g.isPresent()) {
                return SensorGeometry.parse(g.get());
            }
            Optional<String> format = value("format");
            if (format.isPresent()) {
                int w = -1;
                int h = -1;
                for (String part : format.get().split(";")) {
                    String[] kv = part.split("=");
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("width")) {
                        w = Integer.parseInt(kv[1].trim());
                    } else if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("height")) {
                        h = Integer.parseInt(kv[1].trim());
                    }
                }
                if (w > 0 && h > 0) {
                    return new SensorGeometry(w, h);
                }
            }
            Optional<String> w = value("Width");
            Optional<String> h = value("Height");
            if (w.isPresent() && h.isPresent()) {
                return new SensorGeometry(Integer.parseInt(w.get()), Integer.parseInt(h.get()));
            }
        } catch (IllegalArgumentException ignored) {
            // a garbled geometry line: fall through to the camera generation
        }
        String plugin = value("plugin_name").orElse("").toLowerCase(Locale.ROOT);
        if (plugin.contains("gen41") || plugin.contains("imx636") || plugin.contains("gen4")) {
            return new SensorGeometry(1280, 720);
        }
        if (plugin.contains("genx320") || plugin.contains("imx8")) {
            return new SensorGeometry(320, 320);
        }
        if (plugin.contains("gen3") || plugin.contains("gen31")) {
            return new SensorGeometry(640, 480);
        }
        return SensorGeometry.UNKNOWN;
    }
}
