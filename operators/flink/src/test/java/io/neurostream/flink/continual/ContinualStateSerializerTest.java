package io.neurostream.flink.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurostream.core.continual.HlopMlp;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Layout 1 of the continual state: a round trip keeps both networks, the buffer and the scores. */
class ContinualStateSerializerTest {
    private static ContinualState sample() {
        HlopMlp.Config c = new HlopMlp.Config(8, 6, 3, 0.05, 2, 2, 2, 0.05, true, 3);
        ContinualState s = new ContinualState();
        s.hlop = new HlopMlp(c);
        s.naive = new HlopMlp(c.naive());
        SplittableRandom r = new SplittableRandom(4);
        double[][] x = new double[40][8];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = r.nextGaussian();
            }
            s.hlop.learn(x[i], i % 3);
            s.naive.learn(x[i], i % 3);
        }
        s.hlop.endTask(x);
        s.naive.endTask(x);
        s.task = 1;
        s.frozen = true;
        s.trained = 40;
        s.taskSeen = 5;
        s.buffer = new float[4][];
        s.buffered = 2;
        s.buffer[0] = new float[] {1, 2, 3, 4, 5, 6, 7, 8};
        s.buffer[1] = new float[] {-1, 0, 0.5f, 0, 0, 0, 0, 9};
        s.ensureTask(1);
        s.hlopCorrect[0] = 7;
        s.naiveCorrect[0] = 3;
        s.tested[0] = 9;
        s.hlopDiagonal[0] = 0.75;
        s.naiveDiagonal[0] = 0.5;
        return s;
    }

    private static byte[] write(ContinualState s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        ContinualStateSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        ContinualState s = sample();
        byte[] bytes = write(s);
        assertThat(bytes[0]).as("layout byte").isEqualTo((byte) 1);
        ContinualState back = ContinualStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
        assertThat(write(back)).as("writes the same bytes again").isEqualTo(bytes);
        assertThat(back.task()).isEqualTo(1);
        assertThat(back.frozen()).isTrue();
        assertThat(back.trained()).isEqualTo(40);
        assertThat(back.buffered()).isEqualTo(2);
        assertThat(back.buffer.length).isEqualTo(4);
        assertThat(back.buffer[1]).containsExactly(-1, 0, 0.5f, 0, 0, 0, 0, 9);
        assertThat(back.hlop().config().protect()).isTrue();
        assertThat(back.naive().config().protect()).isFalse();
        assertThat(back.hlop().inputLateral().components()).isEqualTo(2);
        assertThat(back.hlopCorrect).containsExactly(7, 0);
        assertThat(back.naiveDiagonal[0]).isEqualTo(0.5);
        assertThat(Double.isNaN(back.naiveDiagonal[1])).isTrue();
        double[] probe = {0.3, -1, 2, 0, 1, 1, -0.5, 0.2};
        assertThat(back.hlop().predict(probe)).isEqualTo(s.hlop().predict(probe));
        assertThat(back.hlop().probabilities()).containsExactly(s.hlop().probabilities());
        ContinualState copy = ContinualStateSerializer.INSTANCE.copy(s);
        assertThat(write(copy)).isEqualTo(bytes);
        assertThat(write(ContinualStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(write(new ContinualState())))))
                .as("an empty state").isEqualTo(write(new ContinualState()));
    }

    @Test
    void aNewerLayoutIsRefusedWithAMessage() {
        byte[] bytes = {2};
        assertThatThrownBy(() -> ContinualStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)))
                .hasMessageContaining("layout 2");
    }
}
