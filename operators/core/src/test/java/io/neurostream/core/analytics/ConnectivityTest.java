package io.neurostream.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectivityTest {

    /** Keeps the graph as the events describe it: directed edge "pre->post" -> lag. */
    private static final class Graph implements Connectivity.Listener {
        final Map<String, Long> edges = new HashMap<>();
        int events;
        int evaluations;

        @Override
        public void edge(Connectivity.EdgeEvent e) {
            events++;
            String key = e.preUnit + "->" + e.postUnit;
            if (e.change == Connectivity.Change.REMOVED) {
                edges.remove(key);
            } else {
                edges.put(key, e.lagMicros);
            }
        }

        @Override
        public void evaluated(long timeMicros, int edgeCount, int pairs) {
            evaluations++;
            assertThat(edgeCount).isEqualTo(edges.size());
        }
    }

    @Test
    void findsThePlantedConnectionsWithTheirDirectionAndLagDespiteStateComodulation() {
        int units = 24;
        int[][] planted = {{0, 1}, {5, 4}, {10, 17}, {22, 3}};
        // state switching co-modulates the rates: broad correlogram humps the jitter baseline must absorb
        SyntheticPopulation pop = new SyntheticPopulation(units, 240, 15, SyntheticPopulation.gains(3, units, 0.6, 2),
                3000, planted, 3_000, 0.1, 7);
        Connectivity c = new Connectivity(ConnectivityParams.defaults(), units);
        Graph graph = new Graph();
        for (int i = 0; i < pop.count; i++) {
            c.spike(pop.units[i], pop.times[i], graph);
        }
        c.evaluateNow(240_000_000L, graph);
        assertThat(c.pairCount()).isEqualTo(units * (units - 1) / 2);
        assertThat(graph.edges.keySet()).containsExactlyInAnyOrder("0->1", "5->4", "10->17", "22->3");
        assertThat(graph.edges.values()).allSatisfy(lag -> assertThat(lag).isBetween(2_000L, 4_000L));
        assertThat(graph.evaluations).isGreaterThan(40);
    }

    @Test
    void countsEachLagOnceInTheRightBin() {
        ConnectivityParams p = ConnectivityParams.defaults().withConfiguredPairs(new int[] {0, 1});
        Connectivity c = new Connectivity(new ConnectivityParams(p.maxPairs(), p.configuredPairs(), p.halfWidthMicros(),
                p.binMicros(), p.synapseMinLagMicros(), p.synapseMaxLagMicros(), p.baselineSigmaMicros(),
                p.hollowFraction(), p.alpha(), p.minStrength(), p.evaluateEveryMicros(), 0, 0, p.changeThreshold()), 2);
        c.spike(0, 1_000_000, null);
        c.spike(1, 1_002_500, null);   // lag +2.5 ms
        c.spike(1, 1_060_000, null);   // beyond the half width of the first: not counted with it
        c.spike(0, 1_060_000, null);   // simultaneous: lag 0, counted once
        c.spike(0, 1_063_000, null);   // 1 at 1_060_000 is 3 ms earlier: lag -3 ms
        double[] ccg = c.correlogram(0);
        int half = ccg.length / 2;
        assertThat(ccg[half + 2]).isEqualTo(1);
        assertThat(ccg[half]).isEqualTo(1);
        assertThat(ccg[half - 3]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(ccg).sum()).isEqualTo(3);
    }

    @Test
    void independentUnitsGiveNoEdges() {
        int units = 20;
        SyntheticPopulation pop = new SyntheticPopulation(units, 120, 20, null, 0, null, 0, 0, 11);
        Connectivity c = new Connectivity(ConnectivityParams.defaults().withMaxPairs(45), units);
        Graph graph = new Graph();
        for (int i = 0; i < pop.count; i++) {
            c.spike(pop.units[i], pop.times[i], graph);
        }
        c.evaluateNow(120_000_000L, graph);
        assertThat(c.pairCount()).isEqualTo(45);   // top 10 units by rate
        assertThat(c.monitoredUnits()).isEqualTo(10);
        assertThat(graph.edges).isEmpty();
    }

    @Test
    void restoresFromItsSnapshotAndContinuesIdentically() throws Exception {
        int units = 8;
        SyntheticPopulation pop = new SyntheticPopulation(units, 60, 20, null, 0, new int[][] {{1, 2}}, 2_500, 0.2, 3);
        Connectivity whole = new Connectivity(ConnectivityParams.defaults(), units);
        Graph a = new Graph();
        for (int i = 0; i < pop.count; i++) {
            whole.spike(pop.units[i], pop.times[i], a);
        }
        Connectivity first = new Connectivity(ConnectivityParams.defaults(), units);
        Graph b = new Graph();
        int half = pop.count / 2;
        for (int i = 0; i < half; i++) {
            first.spike(pop.units[i], pop.times[i], b);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.writeTo(new DataOutputStream(bytes));
        Connectivity restored = Connectivity.readFrom(ConnectivityParams.defaults(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = half; i < pop.count; i++) {
            restored.spike(pop.units[i], pop.times[i], b);
        }
        assertThat(b.events).isEqualTo(a.events);
        assertThat(b.edges).isEqualTo(a.edges).containsKey("1->2");
        assertThat(restored.correlogram(0)).containsExactly(whole.correlogram(0));
    }

    @Test
    void wrongSettingsFailWithWhatToFix() {
        assertThatThrownBy(() -> new Connectivity(ConnectivityParams.defaults().withConfiguredPairs(new int[] {0, 9}), 4))
                .hasMessageContaining("unit 9").hasMessageContaining("4 units");
        assertThatThrownBy(() -> ConnectivityParams.defaults().withConfiguredPairs(new int[] {3, 3}))
                .hasMessageContaining("two different");
        assertThat(List.of(PoissonTail.upper(0, 3), PoissonTail.upper(10, 10))).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        // P(X >= 20 | 5) - P(X = 20)/2, by hand: about 2.6e-7 (the normal branch agrees with itself above 100)
        assertThat(PoissonTail.upper(20, 5)).isBetween(1e-7, 5e-7);
        assertThat(PoissonTail.upper(300, 200)).isLessThan(1e-10);
    }
}
