package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A directed functional-connectivity graph from streaming cross-correlograms (CCGs).
 *
 * <p>Pairs are bounded: either configured, or all pairs among the k units with the most spikes in
 * the first {@code selectAfterMicros} (k(k-1)/2 &lt;= maxPairs). For a pair (a, b) the CCG counts
 * b's spikes at lag {@code t_b - t_a} in [-halfWidth, +halfWidth): each spike looks back at its
 * partners' recent spikes (a ring per monitored unit), so a spike costs O(partners x spikes per
 * half-width). Every {@code evaluateEveryMicros} each direction is tested: the expected CCG under
 * spike-time jitter is the CCG convolved with a partially hollowed Gaussian (Stark &amp; Abeles
 * 2009; the analytic counterpart of interval jitter, English et al. 2017), and the synaptic bins
 * (a -&gt; b at +minLag..+maxLag, b -&gt; a mirrored) are tested for an excess with a Poisson
 * tail with continuity correction, Bonferroni-corrected over the bins and all directed pairs. A
 * significant direction whose spike transmission probability (excess spikes per presynaptic
 * spike) is at least {@code minStrength} is an edge; edges appearing, disappearing or moving by
 * more than {@code changeThreshold} are reported as {@link EdgeEvent}s. Counts decay with
 * {@code memorySeconds} so the graph follows a changing network.
 */
public final class Connectivity {
    /** What changed about an edge. */
    public enum Change { ADDED, REMOVED, CHANGED }

    /** One change of the graph; reused, copy what you keep. */
    public static final class EdgeEvent {
        public Change change;
        public long timeMicros;
        public int preUnit;
        public int postUnit;
        public long lagMicros;
        public double strength;
        public double previousStrength;
        public double pValue;
        public double excessSpikes;
    }

    /** Receives graph changes and the end of each evaluation. */
    public interface Listener {
        void edge(EdgeEvent event);

        default void evaluated(long timeMicros, int edges, int pairs) {
        }
    }

    private static final int RING = 64;

    private final ConnectivityParams p;
    private final int units;
    private final int bins;
    private final int halfBins;
    private final int windowFrom;    // first synaptic bin (forward)
    private final int windowTo;      // exclusive
    private final double[] kernel;   // hollowed Gaussian, index = offset + kernelHalf
    private final int kernelHalf;
    private final EdgeEvent event = new EdgeEvent();
    // state
    private boolean started;
    private boolean selected;
    private long startMicros;
    private long nextEvaluationMicros;
    private final long[] spikeCounts;  // per unit, since the start (selection by rate)
    private int[] pairFirst = new int[0];
    private int[] pairSecond = new int[0];
    private int[] monitored = new int[0];  // slot -> unit
    private double[] ccg = new double[0];     // pairs x bins
    private double[] presynaptic = new double[0]; // decayed spikes per slot
    private long[] ring = new long[0];         // slots x RING spike times
    private int[] ringHead = new int[0];
    private int[] ringSize = new int[0];
    private boolean[] edge = new boolean[0];   // 2 x pairs: forward (first -> second), backward
    private double[] reportedStrength = new double[0];
    // derived
    private int[] slotOfUnit;
    private int[][] partnerSlots;
    private int[][] partnerPairs;

    public Connectivity(ConnectivityParams params, int unitCount) {
        if (unitCount < 1) {
            throw new IllegalArgumentException("unitCount must be >= 1, got " + unitCount);
        }
        int[] configured = params.configuredPairs();
        for (int v : configured) {
            if (v >= unitCount) {
                throw new IllegalArgumentException("configured pair names unit " + v + " but the session has "
                        + unitCount + " units");
            }
        }
        this.p = params;
        this.units = unitCount;
        this.bins = params.binsPerCorrelogram();
        this.halfBins = bins / 2;
        this.windowFrom = halfBins + (int) (params.synapseMinLagMicros() / params.binMicros());
        this.windowTo = halfBins + (int) (params.synapseMaxLagMicros() / params.binMicros());
        double sigmaBins = params.baselineSigmaMicros() / params.binMicros();
        this.kernelHalf = (int) Math.ceil(3 * sigmaBins);
        this.kernel = new double[2 * kernelHalf + 1];
        double sum = 0;
        for (int k = -kernelHalf; k <= kernelHalf; k++) {
            double g = Math.exp(-0.5 * k * k / (sigmaBins * sigmaBins));
            if (k == 0) {
                g *= 1 - params.hollowFraction();
            }
            kernel[k + kernelHalf] = g;
            sum += g;
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        this.spikeCounts = new long[unitCount];
        this.slotOfUnit = new int[unitCount];
        Arrays.fill(slotOfUnit, -1);
        this.partnerSlots = new int[0][];
        this.partnerPairs = new int[0][];
    }

    public int unitCount() {
        return units;
    }

    /** Monitored pairs (0 before the selection). */
    public int pairCount() {
        return pairFirst.length;
    }

    /** Units that take part in a monitored pair. */
    public int monitoredUnits() {
        return monitored.length;
    }

    /** Current edges. */
    public int edgeCount() {
        int n = 0;
        for (boolean e : edge) {
            n += e ? 1 : 0;
        }
        return n;
    }

    /** The correlogram of pair {@code i} (lag {@code t_second - t_first}; bin j covers [(j - bins/2) bin, (j - bins/2 + 1) bin)). */
    public double[] correlogram(int pair) {
        return Arrays.copyOfRange(ccg, pair * bins, (pair + 1) * bins);
    }

    public int pairFirst(int pair) {
        return pairFirst[pair];
    }

    public int pairSecond(int pair) {
        return pairSecond[pair];
    }

    /** Counts a spike (in time order). */
    public void spike(int unit, long tMicros, Listener listener) {
        advanceTo(tMicros, listener);
        spikeCounts[unit]++;
        if (!selected) {
            return;
        }
        int slot = slotOfUnit[unit];
        if (slot < 0) {
            return;
        }
        long half = p.halfWidthMicros();
        long binMicros = p.binMicros();
        int[] partners = partnerSlots[slot];
        int[] pairs = partnerPairs[slot];
        for (int i = 0; i < partners.length; i++) {
            int other = partners[i];
            int pair = pairs[i];
            boolean first = pairFirst[pair] == unit;
            int size = ringSize[other];
            int base = other * RING;
            for (int k = 0, r = ringHead[other]; k < size; k++) {
                r = (r + RING - 1) % RING;
                long s = ring[base + r];
                long dt = tMicros - s;
                if (dt >= half) {
                    break;
                }
                long lag = first ? -dt : dt;  // lag = t_second - t_first
                int bin = (int) Math.floorDiv(lag, binMicros) + halfBins;
                if (bin >= 0 && bin < bins) {
                    ccg[pair * bins + bin] += 1;
                }
            }
        }
        presynaptic[slot] += 1;
        int base = slot * RING;
        ring[base + ringHead[slot]] = tMicros;
        ringHead[slot] = (ringHead[slot] + 1) % RING;
        ringSize[slot] = Math.min(RING, ringSize[slot] + 1);
    }

    /** The recording clock reached {@code tMicros}: selects pairs and evaluates the graph when due. */
    public void advanceTo(long tMicros, Listener listener) {
        if (!started) {
            started = true;
            startMicros = tMicros;
        }
        if (!selected && tMicros - startMicros >= p.selectAfterMicros()) {
            select();
            nextEvaluationMicros = tMicros + p.evaluateEveryMicros();
        }
        while (selected && tMicros >= nextEvaluationMicros) {
            evaluate(nextEvaluationMicros, listener);
            nextEvaluationMicros += p.evaluateEveryMicros();
            if (tMicros - nextEvaluationMicros > 100 * p.evaluateEveryMicros()) {
                nextEvaluationMicros = tMicros; // a long silence: one evaluation, not thousands
            }
        }
    }

    /** Evaluates now (e.g. at the end of a recording), whether or not it is due. */
    public void evaluateNow(long tMicros, Listener listener) {
        if (!selected) {
            select();
        }
        evaluate(tMicros, listener);
    }

    private void select() {
        selected = true;
        int[] configured = p.configuredPairs();
        if (configured.length > 0) {
            int n = configured.length / 2;
            pairFirst = new int[n];
            pairSecond = new int[n];
            for (int i = 0; i < n; i++) {
                pairFirst[i] = Math.min(configured[2 * i], configured[2 * i + 1]);
                pairSecond[i] = Math.max(configured[2 * i], configured[2 * i + 1]);
            }
        } else {
            int k = 1;
            while (k < units && (long) (k + 1) * k / 2 <= p.maxPairs()) {
                k++;
            }
            Integer[] order = new Integer[units];
            for (int u = 0; u < units; u++) {
                order[u] = u;
            }
            Arrays.sort(order, (x, y) -> spikeCounts[y] != spikeCounts[x] ? Long.compare(spikeCounts[y], spikeCounts[x])
                    : Integer.compare(x, y));
            List<Integer> top = new ArrayList<>();
            for (int i = 0; i < k && spikeCounts[order[i]] > 0; i++) {
                top.add(order[i]);
            }
            top.sort(null);
            int n = top.size() * (top.size() - 1) / 2;
            pairFirst = new int[n];
            pairSecond = new int[n];
            int i = 0;
            for (int x = 0; x < top.size(); x++) {
                for (int y = x + 1; y < top.size(); y++, i++) {
                    pairFirst[i] = top.get(x);
                    pairSecond[i] = top.get(y);
                }
            }
        }
        int n = pairFirst.length;
        ccg = new double[n * bins];
        edge = new boolean[2 * n];
        reportedStrength = new double[2 * n];
        index(true);
    }

    /** Builds the slot and partner tables from the pairs; {@code fresh} also sizes the per-slot state. */
    private void index(boolean fresh) {
        Arrays.fill(slotOfUnit, -1);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < pairFirst.length; i++) {
            for (int u : new int[] {pairFirst[i], pairSecond[i]}) {
                if (slotOfUnit[u] < 0) {
                    slotOfUnit[u] = slots.size();
                    slots.add(u);
                }
            }
        }
        monitored = slots.stream().mapToInt(Integer::intValue).toArray();
        int m = monitored.length;
        int[] degree = new int[m];
        for (int i = 0; i < pairFirst.length; i++) {
            degree[slotOfUnit[pairFirst[i]]]++;
            degree[slotOfUnit[pairSecond[i]]]++;
        }
        partnerSlots = new int[m][];
        partnerPairs = new int[m][];
        for (int s = 0; s < m; s++) {
            partnerSlots[s] = new int[degree[s]];
            partnerPairs[s] = new int[degree[s]];
        }
        int[] fill = new int[m];
        for (int i = 0; i < pairFirst.length; i++) {
            int a = slotOfUnit[pairFirst[i]];
            int b = slotOfUnit[pairSecond[i]];
            partnerSlots[a][fill[a]] = b;
            partnerPairs[a][fill[a]++] = i;
            partnerSlots[b][fill[b]] = a;
            partnerPairs[b][fill[b]++] = i;
        }
        if (fresh) {
            presynaptic = new double[m];
            ring = new long[m * RING];
            ringHead = new int[m];
            ringSize = new int[m];
        }
    }

    private void evaluate(long tMicros, Listener listener) {
        int n = pairFirst.length;
        double tests = Math.max(1, 2.0 * n) * (windowTo - windowFrom);
        int edges = 0;
        for (int pair = 0; pair < n; pair++) {
            for (int direction = 0; direction < 2; direction++) {
                int pre = direction == 0 ? pairFirst[pair] : pairSecond[pair];
                int post = direction == 0 ? pairSecond[pair] : pairFirst[pair];
                double preSpikes = presynaptic[slotOfUnit[pre]];
                double minP = 1;
                double excess = 0;
                double peakExcess = Double.NEGATIVE_INFINITY;
                int peakBin = windowFrom;
                for (int b = windowFrom; b < windowTo; b++) {
                    int bin = direction == 0 ? b : bins - 1 - b;  // mirror: [x, x+1) <-> [-x-1, -x)
                    double observed = ccg[pair * bins + bin];
                    double expected = baseline(pair, bin);
                    excess += observed - expected;
                    if (observed - expected > peakExcess) {
                        peakExcess = observed - expected;
                        peakBin = b;
                    }
                    minP = Math.min(minP, PoissonTail.upper(observed, expected));
                }
                double pValue = Math.min(1, minP * tests);
                double strength = preSpikes <= 0 ? 0 : Math.max(0, excess) / preSpikes;
                boolean significant = pValue < p.alpha() && strength >= p.minStrength();
                int d = 2 * pair + direction;
                long lag = (long) ((peakBin - halfBins + 0.5) * p.binMicros());
                if (significant) {
                    edges++;
                }
                if (significant && !edge[d]) {
                    report(Change.ADDED, tMicros, pre, post, lag, strength, 0, pValue, excess, listener);
                    reportedStrength[d] = strength;
                } else if (!significant && edge[d]) {
                    report(Change.REMOVED, tMicros, pre, post, lag, strength, reportedStrength[d], pValue, excess, listener);
                    reportedStrength[d] = 0;
                } else if (significant && Math.abs(strength - reportedStrength[d]) > p.changeThreshold()) {
                    report(Change.CHANGED, tMicros, pre, post, lag, strength, reportedStrength[d], pValue, excess, listener);
                    reportedStrength[d] = strength;
                }
                edge[d] = significant;
            }
        }
        if (listener != null) {
            listener.evaluated(tMicros, edges, n);
        }
        if (p.memorySeconds() > 0) {
            double decay = Math.exp(-p.evaluateEveryMicros() / 1e6 / p.memorySeconds());
            for (int i = 0; i < ccg.length; i++) {
                ccg[i] *= decay;
            }
            for (int i = 0; i < presynaptic.length; i++) {
                presynaptic[i] *= decay;
            }
        }
    }

    /** Expected count of a bin under jitter: the CCG convolved with the hollowed Gaussian (reflected at the ends). */
    double baseline(int pair, int bin) {
        double sum = 0;
        int base = pair * bins;
        for (int k = -kernelHalf; k <= kernelHalf; k++) {
            int j = bin + k;
            if (j < 0) {
                j = -j - 1;
            } else if (j >= bins) {
                j = 2 * bins - j - 1;
            }
            j = Math.max(0, Math.min(bins - 1, j));
            sum += kernel[k + kernelHalf] * ccg[base + j];
        }
        return sum;
    }

    private void report(Change change, long t, int pre, int post, long lag, double strength, double previous,
                        double pValue, double excess, Listener listener) {
        if (listener == null) {
            return;
        }
        EdgeEvent e = event;
        e.change = change;
        e.timeMicros = t;
        e.preUnit = pre;
        e.postUnit = post;
        e.lagMicros = lag;
        e.strength = strength;
        e.previousStrength = previous;
        e.pValue = pValue;
        e.excessSpikes = excess;
        listener.edge(e);
    }

    /** Writes the state (not the parameters). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(units);
        out.writeBoolean(started);
        out.writeBoolean(selected);
        out.writeLong(startMicros);
        out.writeLong(nextEvaluationMicros);
        Snapshots.writeLongs(out, spikeCounts);
        out.writeInt(pairFirst.length);
        Snapshots.writeInts(out, pairFirst);
        Snapshots.writeInts(out, pairSecond);
        Snapshots.writeDoubles(out, ccg);
        for (boolean e : edge) {
            out.writeBoolean(e);
        }
        Snapshots.writeDoubles(out, reportedStrength);
        Snapshots.writeDoubles(out, presynaptic);
        Snapshots.writeLongs(out, ring);
        Snapshots.writeInts(out, ringHead);
        Snapshots.writeInts(out, ringSize);
    }

    /** Reads what {@link #writeTo} wrote, with the same parameters. */
    public static Connectivity readFrom(ConnectivityParams params, DataInput in) throws IOException {
        Connectivity c = new Connectivity(params, in.readInt());
        c.started = in.readBoolean();
        c.selected = in.readBoolean();
        c.startMicros = in.readLong();
        c.nextEvaluationMicros = in.readLong();
        Snapshots.readLongs(in, c.spikeCounts);
        int n = in.readInt();
        c.pairFirst = new int[n];
        c.pairSecond = new int[n];
        Snapshots.readInts(in, c.pairFirst);
        Snapshots.readInts(in, c.pairSecond);
        c.ccg = new double[n * c.bins];
        Snapshots.readDoubles(in, c.ccg);
        c.edge = new boolean[2 * n];
        for (int i = 0; i < c.edge.length; i++) {
            c.edge[i] = in.readBoolean();
        }
        c.reportedStrength = new double[2 * n];
        Snapshots.readDoubles(in, c.reportedStrength);
        c.index(true);
        Snapshots.readDoubles(in, c.presynaptic);
        Snapshots.readLongs(in, c.ring);
        Snapshots.readInts(in, c.ringHead);
        Snapshots.readInts(in, c.ringSize);
        return c;
    }

    /** Approximate bytes of state (for cost reports). */
    public long stateBytes() {
        return 8L * units * 2 + (long) pairFirst.length * (8L * bins + 8 + 2 * 9)
                + (long) monitored.length * (8L * RING + 8 + 8 + 8);
    }
}
