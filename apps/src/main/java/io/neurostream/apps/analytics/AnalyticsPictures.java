package io.neurostream.apps.analytics;

import io.neurostream.apps.spikes.AnalyticsPlots;
import io.neurostream.connectors.spikes.sim.PlantedStructure;
import io.neurostream.core.analytics.AnalyticsParams;
import io.neurostream.schemas.BrainState;
import io.neurostream.schemas.ConnectivityEvent;
import io.neurostream.schemas.NeuralStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The three pictures of an analytics-demo run, from what came back from Kafka. */
final class AnalyticsPictures {
    private AnalyticsPictures() {}

    /** Writes {@code <session>-raster-states.png}, {@code -connectivity.png} and {@code -stats.png} into {@code dir}. */
    static List<Path> drawAll(AnalyticsDemo.Output out, AnalyticsSummary summary, AnalyticsParams params, Path dir)
            throws IOException {
        String stem = out.sessionId();
        List<BrainState> states = out.states();
        long[] binStarts = states.stream().mapToLong(BrainState::getBinStartMicros).toArray();
        int[] decoded = states.stream().mapToInt(BrainState::getState).toArray();
        int[] truth = out.trueStatePerBin();
        if (truth != null) {
            decoded = relabel(decoded, truth, params.states().states(), out.planted().stateCount());
        }
        long binMicros = params.states().binMicros();
        long first = out.spikeTimesMicros().length == 0 ? 0 : out.spikeTimesMicros()[0];
        long from = Math.floorDiv(first, 1_000_000L) * 1_000_000L;
        long last = out.spikeTimesMicros().length == 0 ? 1 : out.spikeTimesMicros()[out.spikeTimesMicros().length - 1];
        long to = Math.min(last + 1, from + 30_000_000L); // 30 s of raster: ticks stay visible
        List<Path> written = new ArrayList<>();
        Path raster = dir.resolve(stem + "-raster-states.png");
        AnalyticsPlots.rasterWithStates(out.spikeTimesMicros(), out.spikeUnits(), out.spikeTimesMicros().length,
                out.unitCount(), from, to, binStarts, binMicros, decoded, truth, String.format(Locale.ROOT,
                        "%s: spikes read back from neural.spikes, background = state from neural.states%s (%.0f-%.0f s)",
                        stem, truth == null ? "" : " (relabelled to the truth; strip above: true state)", from / 1e6,
                        to / 1e6), raster);
        written.add(raster);

        Map<String, ConnectivityEvent> graph = AnalyticsDemo.finalGraph(out.connectivity());
        List<AnalyticsPlots.Edge> edges = new ArrayList<>();
        Set<String> planted = new HashSet<>();
        if (out.planted() != null) {
            for (PlantedStructure.PlantedPair p : out.planted().pairs()) {
                planted.add(p.preUnit() + "->" + p.postUnit());
                if (!graph.containsKey(p.preUnit() + "->" + p.postUnit())) {
                    edges.add(new AnalyticsPlots.Edge(p.preUnit(), p.postUnit(), 3));
                }
            }
        }
        for (ConnectivityEvent e : graph.values()) {
            String key = e.getPreUnit() + "->" + e.getPostUnit();
            edges.add(new AnalyticsPlots.Edge(e.getPreUnit(), e.getPostUnit(),
                    out.planted() == null ? 0 : planted.contains(key) ? 1 : 2));
        }
        Path connectivity = dir.resolve(stem + "-connectivity.png");
        AnalyticsPlots.connectivity(out.unitCount(), edges, String.format(Locale.ROOT,
                "%s: connectivity graph from neural.connectivity (%d edges, %,d pairs monitored)%s", stem, graph.size(),
                summary.pairsMonitored(), Double.isNaN(summary.pairPrecision()) ? ""
                        : String.format(Locale.ROOT, ", precision %.2f, recall %.2f", summary.pairPrecision(),
                        summary.pairRecall())), connectivity);
        written.add(connectivity);

        List<NeuralStats> stats = out.stats();
        if (!stats.isEmpty()) {
            long[] ends = stats.stream().mapToLong(NeuralStats::getWindowEndMicros).toArray();
            double[] population = stats.stream().mapToDouble(NeuralStats::getPopulationRateHz).toArray();
            NeuralStats lastWindow = stats.get(stats.size() - 1);
            double[] rates = lastWindow.getRateHz().stream().mapToDouble(Double::doubleValue).toArray();
            int[] quality = lastWindow.getQuality().stream().mapToInt(Enum::ordinal).toArray();
            long[] edgesMicros = lastWindow.getIsiHistogramEdgesMicros().stream().mapToLong(Long::longValue).toArray();
            int bins = edgesMicros.length - 1;
            long[] isi = new long[bins];
            List<Integer> h = lastWindow.getIsiHistogram();
            for (int i = 0; i < h.size(); i++) {
                isi[i % bins] += h.get(i);
            }
            Path panels = dir.resolve(stem + "-stats.png");
            AnalyticsPlots.statsPanels(ends, population, binStarts, binMicros, decoded, rates, quality, edgesMicros, isi,
                    String.format(Locale.ROOT, "%s: neural.stats (%,d windows of %.0f s every %.0f s), %s", stem,
                            stats.size(), params.stats().windowMicros() / 1e6, params.stats().slideMicros() / 1e6,
                            AnalyticsSummary.qualityText(lastWindow)), panels);
            written.add(panels);
        }
        return written;
    }

    /** Decoded states renamed to the true states (greedy on the largest overlaps), so colours match the truth strip. */
    private static int[] relabel(int[] decoded, int[] truth, int modelStates, int trueStates) {
        int[][] confusion = new int[modelStates][Math.max(1, trueStates)];
        for (int i = 0; i < decoded.length; i++) {
            confusion[decoded[i]][truth[i]]++;
        }
        int[] map = new int[modelStates];
        java.util.Arrays.fill(map, -1);
        boolean[] taken = new boolean[Math.max(1, trueStates)];
        while (true) {
            int bestS = -1;
            int bestT = -1;
            for (int s = 0; s < modelStates; s++) {
                for (int t = 0; t < taken.length; t++) {
                    if (map[s] < 0 && !taken[t] && (bestS < 0 || confusion[s][t] > confusion[bestS][bestT])) {
                        bestS = s;
                        bestT = t;
                    }
                }
            }
            if (bestS < 0) {
                break;
            }
            map[bestS] = bestT;
            taken[bestT] = true;
        }
        int spare = trueStates;  // model states beyond the true ones keep colours of their own
        for (int s = 0; s < modelStates; s++) {
            if (map[s] < 0) {
                map[s] = spare++;
            }
        }
        int[] out = new int[decoded.length];
        for (int i = 0; i < decoded.length; i++) {
            out[i] = map[decoded[i]];
        }
        return out;
    }
}
