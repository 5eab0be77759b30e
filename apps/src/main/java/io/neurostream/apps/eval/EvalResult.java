package io.neurostream.apps.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure of an experiment beside its baseline (computed in the same run on the same
 * split) and its target.
 *
 * @param experiment     the experiment's name
 * @param name           what was measured, e.g. {@code test accuracy (100 recordings)}
 * @param metric         {@code accuracy}, {@code nrmse}, {@code acc}, {@code bwt}, {@code memory-capacity}, ...
 * @param value          the measured value
 * @param baselineName   what the baseline is, e.g. {@code ridge on 3-bin counts}
 * @param baseline       the baseline's value in the same run ({@code NaN} when there is none)
 * @param target         the target's value ({@code NaN} when the figure has no target)
 * @param higherIsBetter whether {@code value >= target} (else {@code value <= target}) meets it
 * @param details        anything else worth keeping (sizes, seeds, per-seed values, PNG paths)
 */
public record EvalResult(String experiment, String name, String metric, double value, String baselineName,
                         double baseline, double target, boolean higherIsBetter, Map<String, Object> details) {

    public EvalResult {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Whether the target is met; true when there is no target. */
    public boolean met() {
        return Double.isNaN(target) || (higherIsBetter ? value >= target : value <= target);
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    /** The fields the JSON holds for this result. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment);
        m.put("name", name);
        m.put("metric", metric);
        m.put("value", value);
        m.put("baselineName", baselineName == null ? "" : baselineName);
        m.put("baseline", Double.isNaN(baseline) ? "n/a" : baseline);
        m.put("target", Double.isNaN(target) ? "n/a" : (higherIsBetter ? ">= " : "<= ") + target);
        m.put("met", met());
        if (!details.isEmpty()) {
            m.put("details", new LinkedHashMap<>(details));
        }
        return m;
    }
}
