package io.neurostream.apps.analytics;

import io.neurostream.apps.common.RunSettings;
import io.neurostream.apps.common.SummaryJson;
import io.neurostream.connectors.spikes.sim.PlantedStructure;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.NeuralStats;
import io.neurostream.schemas.UnitQuality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an analytics-demo run measured. Scores are NaN (JSON: -1) where there is no truth (a file).
 *
 * @param pairPrecision planted directed pairs among the final graph's edges / edges
 * @param pairRecall planted directed pairs found / planted pairs
 * @param stateAccuracy bins whose decoded state is the true one after the best relabelling / bins
 */
public record AnalyticsSummary(String source, int units, long spikes, double recordingSeconds, int pairsMonitored,
                               int plantedPairs, int edgesFound, int truePositives, double pairPrecision,
                               double pairRecall, double meanLagErrorMs, int trueStates, int modelStates,
                               double stateAccuracy, int stateChangesTrue, int stateChangesDecoded, int statsRecords,
                               int connectivityEvents, int stateRecords, double meanRateHz, int goodUnits,
                               double meanFanoFactor, double meanIsiCv, long deadLetters, long malformedSent,
                               double replaySeconds, double jobSeconds, double jobSpikesPerSecond, double wallSeconds,
                               String deliveryMode, int parallelism, boolean completed) {

    static AnalyticsSummary score(AnalyticsDemo.Output out, String source, long spikes, long deadLetters,
                                  long malformedSent, double replaySeconds, double jobSeconds, double wallSeconds,
                                  RunSettings run, AnalyticsParams params) {
        var graph = AnalyticsDemo.finalGraph(out.connectivity());
        PlantedStructure planted = out.planted();
        int plantedPairs = planted == null ? 0 : planted.pairs().size();
        int tp = 0;
        double lagError = 0;
        if (planted != null) {
            for (PlantedStructure.PlantedPair p : planted.pairs()) {
                ConnectivityEvent e = graph.get(p.preUnit() + "->" + p.postUnit());
                if (e != null) {
                    tp++;
                    lagError += Math.abs(e.getLagMicros() - p.lagMicros()) / 1000.0;
                }
            }
        }
        double precision = planted == null ? Double.NaN : graph.isEmpty() ? (plantedPairs == 0 ? 1 : 0)
                : (double) tp / graph.size();
        double recall = planted == null ? Double.NaN : plantedPairs == 0 ? 1 : (double) tp / plantedPairs;
        int modelStates = params.states().states();
        int[] decoded = out.states().stream().mapToInt(BrainState::getState).toArray();
        int[] truth = out.trueStatePerBin();
        int trueStates = planted == null ? 0 : planted.stateCount();
        double accuracy = truth == null || decoded.length == 0 ? Double.NaN
                : alignedAccuracy(decoded, truth, modelStates, trueStates);
        int changesTrue = 0;
        if (truth != null) {
            for (int i = 1; i < truth.length; i++) {
                changesTrue += truth[i] != truth[i - 1] ? 1 : 0;
            }
        }
        int changesDecoded = (int) out.states().stream().filter(BrainState::getChanged).count();
        NeuralStats last = out.stats().isEmpty() ? null : out.stats().get(out.stats().size() - 1);
        int pairsMonitored = out.stats().stream().mapToInt(NeuralStats::getPairsMonitored).max().orElse(0);
        double seconds = last == null ? 0 : last.getWindowEndMicros() / 1e6 - (out.spikeTimesMicros().length == 0 ? 0
                : Math.floorDiv(out.spikeTimesMicros()[0], 1_000_000L));
        return new AnalyticsSummary(source, out.unitCount(), spikes, seconds, pairsMonitored, plantedPairs, graph.size(),
                tp, precision, recall, tp == 0 ? Double.NaN : lagError / tp, trueStates, modelStates, accuracy,
                changesTrue, changesDecoded, out.stats().size(), out.connectivity().size(), out.states().size(),
                last == null ? Double.NaN : last.getMeanRateHz(), last == null ? 0 : last.getGoodUnits(),
                last == null ? Double.NaN : nanMean(last.getFanoFactor()), last == null ? Double.NaN
                : nanMean(last.getIsiCv()), deadLetters, malformedSent, replaySeconds, jobSeconds,
                spikes / Math.max(1e-9, jobSeconds), wallSeconds, run.deliveryName(), run.parallelism(),
                deadLetters >= malformedSent && !out.stats().isEmpty());
    }

    private static double nanMean(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Share of bins whose decoded state maps onto the true one: with as many model states as true
     * ones, under the best one-to-one relabelling; otherwise each decoded state counts as the true
     * state it most often coincides with.
     */
    public static double alignedAccuracy(int[] decoded, int[] truth, int modelStates, int trueStates) {
        int[][] confusion = new int[modelStates][Math.max(1, trueStates)];
        for (int i = 0; i < decoded.length; i++) {
            confusion[decoded[i]][truth[i]]++;
        }
        if (modelStates == trueStates && modelStates <= 8) {
            int best = 0;
            for (int[] perm : permutations(modelStates)) {
                int agree = 0;
                for (int s = 0; s < modelStates; s++) {
                    agree += confusion[s][perm[s]];
                }
                best = Math.max(best, agree);
            }
            return (double) best / decoded.length;
        }
        int agree = 0;
        for (int[] row : confusion) {
            int max = 0;
            for (int v : row) {
                max = Math.max(max, v);
            }
            agree += max;
        }
        return (double) agree / decoded.length;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] current, boolean[] used, int depth, List<int[]> out) {
        if (depth == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = 0; v < current.length; v++) {
            if (!used[v]) {
                used[v] = true;
                current[depth] = v;
                permute(current, used, depth + 1, out);
                used[v] = false;
            }
        }
    }

    /** Units flagged GOOD in the last window out of all, as text. */
    static String qualityText(NeuralStats s) {
        long contaminated = s.getQuality().stream().filter(q -> q == UnitQuality.CONTAMINATED).count();
        long low = s.getQuality().stream().filter(q -> q == UnitQuality.LOW_RATE).count();
        return s.getGoodUnits() + " good, " + low + " low-rate, " + contaminated + " contaminated";
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "source:             %s%n", source));
        sb.append(String.format(Locale.ROOT, "spikes:             %,d of %d units over %.0f s of recording%n", spikes,
                units, recordingSeconds));
        sb.append(String.format(Locale.ROOT, "neural.stats:       %,d records; last window: mean rate %.2f Hz, %d good units, "
                + "mean Fano factor %.2f, mean ISI CV %.2f%n", statsRecords, meanRateHz, goodUnits, meanFanoFactor, meanIsiCv));
        sb.append(String.format(Locale.ROOT, "connectivity:       %,d pairs monitored, %d edges in the final graph, %,d events%n",
                pairsMonitored, edgesFound, connectivityEvents));
        if (!Double.isNaN(pairPrecision)) {
            sb.append(String.format(Locale.ROOT, "  planted pairs:    %d; found %d -> precision %.3f, recall %.3f, "
                    + "mean lag error %.2f ms%n", plantedPairs, truePositives, pairPrecision, pairRecall, meanLagErrorMs));
        }
        sb.append(String.format(Locale.ROOT, "brain states:       %,d bins, %d model states, %d state changes%n",
                stateRecords, modelStates, stateChangesDecoded));
        if (!Double.isNaN(stateAccuracy)) {
            sb.append(String.format(Locale.ROOT, "  planted states:   %d (%d true changes) -> accuracy %.3f after alignment%n",
                    trueStates, stateChangesTrue, stateAccuracy));
        }
        sb.append(String.format(Locale.ROOT, "dead letters:       %d (%d malformed messages sent)%n", deadLetters,
                malformedSent));
        sb.append(String.format(Locale.ROOT, "time:               replay %.1f s, job %.1f s (%,.0f spikes/s incl. start-up), "
                + "wall %.1f s; %s, parallelism %d%n", replaySeconds, jobSeconds, jobSpikesPerSecond, wallSeconds,
                deliveryMode, parallelism));
        return sb.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("units", units);
        m.put("spikes", spikes);
        m.put("recordingSeconds", SummaryJson.round(recordingSeconds));
        m.put("pairsMonitored", pairsMonitored);
        m.put("plantedPairs", plantedPairs);
        m.put("edgesFound", edgesFound);
        m.put("truePositives", truePositives);
        m.put("pairPrecision", SummaryJson.round(pairPrecision));
        m.put("pairRecall", SummaryJson.round(pairRecall));
        m.put("meanLagErrorMs", SummaryJson.round(meanLagErrorMs));
        m.put("trueStates", trueStates);
        m.put("modelStates", modelStates);
        m.put("stateAccuracy", SummaryJson.round(stateAccuracy));
        m.put("stateChangesTrue", stateChangesTrue);
        m.put("stateChangesDecoded", stateChangesDecoded);
        m.put("statsRecords", statsRecords);
        m.put("connectivityEvents", connectivityEvents);
        m.put("stateRecords", stateRecords);
        m.put("meanRateHz", SummaryJson.round(meanRateHz));
        m.put("goodUnits", goodUnits);
        m.put("meanFanoFactor", SummaryJson.round(meanFanoFactor));
        m.put("meanIsiCv", SummaryJson.round(meanIsiCv));
        m.put("replaySeconds", SummaryJson.round(replaySeconds));
        m.put("jobSeconds", SummaryJson.round(jobSeconds));
        m.put("jobSpikesPerSecond", Math.round(jobSpikesPerSecond));
        m.put("malformedSent", malformedSent);
        SummaryJson.putOutcome(m, deadLetters, wallSeconds, deliveryMode, parallelism, completed);
        return m;
    }

    public String toJson() {
        return SummaryJson.of(toMap());
    }
}
