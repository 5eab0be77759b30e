package io.neurostream.flink.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.core.timeseries.OnlineReadout.ReadoutKind;
import io.neurostream.core.timeseries.OnlineReadout.ReadoutParams;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ReservoirStateSerializerTest {
    private static ReservoirStreamState stepped(ReservoirConfig config, int steps) {
        ReservoirStateSerializer serializer = new ReservoirStateSerializer();
        ReservoirStreamState s = new ReservoirStreamState();
        s.spec = config.spec("stream", 1);
        s.reservoir = serializer.reservoir(s.spec);
        s.params = config.params();
        s.readout = config.readout().create(s.reservoir.featureCount(), 1, s.params, s.spec.seed());
        s.lastOutput = new double[1];
        for (int t = 0; t < steps; t++) {
            double[] x = s.reservoir.step(new double[] {Math.sin(t * 0.2) + (config.feedback() ? s.lastOutput[0] : 0)});
            s.readout.learn(x, new double[] {Math.sin((t + 1) * 0.2)});
            s.readout.predict(x, s.lastOutput);
        }
        s.steps = steps;
        s.lastSequence = steps - 1;
        s.switches.put(5_000L, false);
        s.pending.add(new ReservoirStreamState.Pending(steps, 1000L * steps, 1000L * steps + 1000, new double[] {0.25}, 7));
        s.labels.put(1000L * steps, new double[] {0.5});
        return s;
    }

    @Test
    void roundTripContinuesIdenticallyForEveryReadout() throws Exception {
        for (ReadoutKind kind : ReadoutKind.values()) {
            ReservoirConfig config = new ReservoirConfig(io.neurostream.core.timeseries.ReservoirSpec.Kind.ESN, 20, false,
                    kind, ReadoutParams.defaults().withRidge(1e-6), 1, false, 3, 0);
            ReservoirStreamState a = stepped(config, 40);
            ReservoirStateSerializer serializer = new ReservoirStateSerializer();
            DataOutputSerializer out = new DataOutputSerializer(1024);
            serializer.serialize(a, out);
            ReservoirStreamState b = new ReservoirStateSerializer().deserialize(
                    new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            ReservoirStreamState c = serializer.copy(a);
            assertThat(b.spec).isEqualTo(a.spec);
            assertThat(b.pending.peekFirst().values()).containsExactly(0.25);
            assertThat(b.labels.get(40_000L)).containsExactly(0.5);
            assertThat(b.switches).containsEntry(5_000L, false);
            double[] ya = new double[1];
            double[] yb = new double[1];
            double[] yc = new double[1];
            for (int t = 40; t < 60; t++) {
                double[] u = {Math.cos(t)};
                double[] xa = a.reservoir.step(u).clone();
                double[] xb = b.reservoir.step(u).clone();
                double[] xc = c.reservoir.step(u).clone();
                assertThat(xb).containsExactly(xa);
                assertThat(xc).containsExactly(xa);
                a.readout.learn(xa, u);
                b.readout.learn(xb, u);
                c.readout.learn(xc, u);
                a.readout.predict(xa, ya);
                b.readout.predict(xb, yb);
                c.readout.predict(xc, yc);
                assertThat(yb[0]).as(kind + " step " + t).isEqualTo(ya[0]);
                assertThat(yc[0]).as(kind + " copy, step " + t).isEqualTo(ya[0]);
            }
        }
    }

    @Test
    void configIdsParseBack() {
        ReservoirConfig template = ReservoirConfig.esn(100, ReadoutKind.RLS, 1);
        for (String id : new String[] {"esn-100-rls", "spiking-ei-200-ridge+adapt", "izhikevich-500-three-factor+feedback",
                "esn-1000-rls-classic"}) {
            assertThat(ReservoirConfig.parse(id, template).id()).isEqualTo(id);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReservoirConfig.parse("esn-x-rls", template))
                .hasMessageContaining("units must be a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReservoirConfig.parse("esn-100-lms", template))
                .hasMessageContaining("unknown readout");
    }
}
