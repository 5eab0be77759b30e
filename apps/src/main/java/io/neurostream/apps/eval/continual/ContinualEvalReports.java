package io.neurostream.apps.eval.continual;

import io.neurostream.apps.eval.EvalReport;
import io.neurostream.apps.eval.EvalResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The results of a continual experiment: HLOP's ACC and BWT against the naive learner of the same run; the details go with the headline. */
public final class ContinualEvalReports {
    private ContinualEvalReports() {
    }

    /**
     * @param accTarget ACC target (NaN: none)
     * @param bwtTarget BWT target (higher is better)
     * @param accFirst whether ACC is the headline (else BWT)
     */
    public static EvalReport report(String experiment, String what, ContinualRun.Result r, double accTarget,
                                    double bwtTarget, boolean accFirst, Map<String, Object> details, List<Path> pictures) {
        EvalResult acc = new EvalResult(experiment, "HLOP ACC after " + what, "acc", r.finalHlopAcc(),
                "naive learner (same network, same stream)", r.finalNaiveAcc(), accTarget, true, accFirst ? details : Map.of());
        EvalResult bwt = new EvalResult(experiment, "HLOP BWT after " + what, "bwt", r.finalHlopBwt(),
                "naive learner (same network, same stream)", r.finalNaiveBwt(), bwtTarget, true, accFirst ? Map.of() : details);
        return new EvalReport(experiment, accFirst ? List.of(acc, bwt) : List.of(bwt, acc), pictures, 0);
    }
}
