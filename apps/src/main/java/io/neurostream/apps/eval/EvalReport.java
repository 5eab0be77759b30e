package io.neurostream.apps.eval;

import io.neurostream.apps.common.SummaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one experiment run: a console table and the JSON of {@code eval --json}. The JSON's
 * top level holds the headline result's fields ({@code experiment}, {@code value}, {@code metric},
 * {@code baseline}, {@code target}, {@code met}); {@code results} holds every result, {@code pictures}
 * the PNGs written, {@code allMet} whether every target was met.
 */
public record EvalReport(String experiment, List<EvalResult> results, List<Path> pictures, double wallSeconds) {

    public EvalReport {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("an experiment reports at least one result");
        }
        results = List.copyOf(results);
        pictures = pictures == null ? List.of() : List.copyOf(pictures);
    }

    public EvalResult headline() {
        return results.get(0);
    }

    public boolean allMet() {
        return results.stream().allMatch(EvalResult::met);
    }

    /** The same report with the wall time of the whole run. */
    public EvalReport withWallSeconds(double seconds) {
        return new EvalReport(experiment, results, pictures, seconds);
    }

    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"result", "metric", "value", "baseline", "value of baseline", "target", "met"});
        for (EvalResult r : results) {
            rows.add(new String[] {r.name(), r.metric(), number(r.value()), r.baselineName() == null ? "" : r.baselineName(),
                    Double.isNaN(r.baseline()) ? "-" : number(r.baseline()),
                    r.hasTarget() ? (r.higherIsBetter() ? ">= " : "<= ") + number(r.target()) : "-",
                    r.hasTarget() ? (r.met() ? "yes" : "NO") : "-"});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder(experiment).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < width.length; i++) {
                sb.append(i == 0 ? "  " : "  ").append(String.format("%-" + width[i] + "s", rows.get(r)[i]));
            }
            sb.append('\n');
            if (r == 0) {
                sb.append("  ").append("-".repeat(java.util.Arrays.stream(width).sum() + 2 * (width.length - 1))).append('\n');
            }
        }
        return sb.toString();
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>(headline().toMap());
        m.remove("details");
        m.put("allMet", allMet());
        m.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        m.put("results", results.stream().map(EvalResult::toMap).toList());
        m.put("pictures", pictures.stream().map(Path::toString).toList());
        return m;
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, SummaryJson.of(toJsonMap()));
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-2 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
