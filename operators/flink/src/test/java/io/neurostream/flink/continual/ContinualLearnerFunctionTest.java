package io.neurostream.flink.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.core.continual.HlopMlp;
import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.TaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * The continual operator on a small seeded two-task stream: Gaussian clusters whose class means
 * task 1 moves, so the naive learner forgets task 0 and HLOP keeps it. Task boundaries close tasks
 * and emit one TaskMetrics per learner; bad records go to dead letters; state survives a snapshot.
 */
class ContinualLearnerFunctionTest {
    private static final int D = 20;
    private static final long STEP = 1_000;

    static ContinualConfig config() {
        return new ContinualConfig(new HlopMlp.Config(D, 32, 3, 0.05, 6, 6, 5, 0.05, true, 5), 300, 10);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Sample, Either<Label, Control>, TaskMetrics> harness()
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ContinualLearnerFunction(config(), "continual", "samples", "labels",
                        "control")),
                s -> ContinualLearnerFunction.streamOf(s.getStreamId()),
                e -> ContinualLearnerFunction.streamOf(e.isLeft() ? e.left().getStreamId() : e.right().getStreamId()),
                Types.STRING);
        h.open();
        return h;
    }

    /** Class c of task t: a cluster around a mean drawn per (task, class); noise 0.3. Task 1 conflicts with task 0. */
    static final class World {
        final double[][][] means = new double[2][3][D];
        final SplittableRandom r = new SplittableRandom(11);
        long t;
        long seq;

        World() {
            for (int task = 0; task < 2; task++) {
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < D; j++) {
                        means[task][c][j] = r.nextGaussian();
                    }
                }
            }
        }

        Sample sample(String id, int task, int c) {
            List<Float> v = new ArrayList<>();
            for (int j = 0; j < D; j++) {
                // task 1 reuses task 0's cluster of the next class (a conflict that overwrites task 0 when
                // learned naively) plus its own means, which carry the class outside task 0's subspace
                double m = task == 0 ? means[0][c][j] : means[0][(c + 1) % 3][j] + means[1][c][j];
                v.add((float) (m + 0.3 * r.nextGaussian()));
            }
            return new Sample(id, seq, t, t + STEP, v);
        }

        Label label(String id, int c) {
            return new Label(id, seq, t, t + STEP, c, List.of());
        }
    }

    static void send(KeyedTwoInputStreamOperatorTestHarness<String, Sample, Either<Label, Control>, TaskMetrics> h,
                     World w, String id, int task, int c) throws Exception {
        h.processElement2(new StreamRecord<>(Either.Left(w.label(id, c)), w.t));
        h.processElement1(new StreamRecord<>(w.sample(id, task, c), w.t));
        w.seq++;
        w.t += STEP;
    }

    static void boundary(KeyedTwoInputStreamOperatorTestHarness<String, Sample, Either<Label, Control>, TaskMetrics> h,
                         World w, int task) throws Exception {
        h.processElement2(new StreamRecord<>(Either.Right(new Control("s", (long) task, w.t,
                ControlCommand.TASK_BOUNDARY, task, null)), w.t));
    }

    static void task(KeyedTwoInputStreamOperatorTestHarness<String, Sample, Either<Label, Control>, TaskMetrics> h,
                     World w, int task) throws Exception {
        boundary(h, w, task);
        for (int i = 0; i < 600; i++) {
            send(h, w, "s", task, i % 3);
        }
        for (int j = 0; j <= task; j++) {
            for (int i = 0; i < 60; i++) {
                send(h, w, "s/test/" + j, j, i % 3);
            }
        }
        h.processBothWatermarks(new Watermark(w.t - 1));
    }

    static List<TaskMetrics> metrics(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, TaskMetrics> h) {
        List<TaskMetrics> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof TaskMetrics m) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void taskBoundariesEmitAccuracyRowsAccAndBwtForBothLearners() throws Exception {
        var h = harness();
        World w = new World();
        task(h, w, 0);
        assertThat(metrics(h)).as("the first task is closed only by the next boundary").isEmpty();
        task(h, w, 1);
        List<TaskMetrics> m = metrics(h);
        assertThat(m).extracting(TaskMetrics::getLearner).containsExactly("hlop", "naive");
        assertThat(m).allSatisfy(r -> {
            assertThat(r.getAfterTask()).isZero();
            assertThat(r.getTestCounts()).containsExactly(60L);
            assertThat(r.getAccuracies().get(0)).isGreaterThan(0.9); // 3 clusters, chance 1/3
            assertThat(r.getBwt()).isZero();
            assertThat(r.getAcc()).isEqualTo(r.getAccuracies().get(0));
            assertThat(r.getTrainedSamples()).isEqualTo(600);
        });
        boundary(h, w, 2); // closes task 1
        h.processBothWatermarks(new Watermark(w.t + 1));
        m = metrics(h);
        assertThat(m).hasSize(4);
        TaskMetrics hlop = m.get(2);
        TaskMetrics naive = m.get(3);
        assertThat(hlop.getLearner()).isEqualTo("hlop");
        assertThat(hlop.getAfterTask()).isEqualTo(1);
        assertThat(hlop.getTestCounts()).containsExactly(60L, 60L);
        // BWT = accuracy on task 0 now minus right after task 0; ACC = mean of the row
        assertThat(hlop.getBwt()).isCloseTo(hlop.getAccuracies().get(0) - m.get(0).getAccuracies().get(0), within(1e-12));
        assertThat(hlop.getAcc()).isCloseTo((hlop.getAccuracies().get(0) + hlop.getAccuracies().get(1)) / 2, within(1e-12));
        assertThat(hlop.getAccuracies().get(1)).isGreaterThan(0.9);
        assertThat(naive.getAccuracies().get(1)).isGreaterThan(0.9);
        assertThat(hlop.getBwt()).as("HLOP keeps task 0").isGreaterThan(naive.getBwt() + 0.1);
        assertThat(hlop.getBwt()).isGreaterThan(-0.1);
        h.close();
    }

    @Test
    void badRecordsGoToDeadLettersAndTheStateSurvivesASnapshot() throws Exception {
        var h = harness();
        World w = new World();
        task(h, w, 0);
        // a test sample without its label, a label of no class of the job, a late sample, a control it cannot use
        h.processElement1(new StreamRecord<>(w.sample("s/test/0", 0, 1), w.t));
        w.t += STEP;
        h.processBothWatermarks(new Watermark(w.t));
        h.processElement2(new StreamRecord<>(Either.Left(new Label("s", 1L, w.t + 5 * STEP, w.t + 6 * STEP, 7,
                List.of())), w.t));
        Sample late = w.sample("s", 0, 0);
        late.setStartTimeMicros(0L);
        late.setEndTimeMicros(STEP);
        h.processElement1(new StreamRecord<>(late, 0L));
        h.processElement2(new StreamRecord<>(Either.Right(new Control("s", 9L, w.t, ControlCommand.SNAPSHOT, null,
                null)), w.t));
        h.processElement2(new StreamRecord<>(Either.Right(new Control("s", 10L, w.t, ControlCommand.TASK_BOUNDARY,
                null, null)), w.t));
        List<DeadLetter> dead = new ArrayList<>(h.getSideOutput(ContinualLearnerFunction.DEAD_LETTERS)).stream()
                .map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(DeadLetter::getReason).anySatisfy(r -> assertThat(r).contains("without a label"))
                .anySatisfy(r -> assertThat(r).contains("classIndex 7"))
                .anySatisfy(r -> assertThat(r).contains("late"))
                .anySatisfy(r -> assertThat(r).contains("SNAPSHOT"))
                .anySatisfy(r -> assertThat(r).contains("TASK_BOUNDARY needs a taskId"));
        assertThat(dead).allSatisfy(d -> assertThat(d.getValue()).isNotNull());

        OperatorSubtaskState snapshot = h.snapshot(1, w.t);
        h.close();
        var restored = harness0();
        restored.initializeState(snapshot);
        restored.open();
        task(restored, w, 1);
        boundary(restored, w, 2);
        restored.processBothWatermarks(new Watermark(w.t + 1));
        List<TaskMetrics> m = metrics(restored);
        assertThat(m).extracting(TaskMetrics::getAfterTask).containsExactly(0, 0, 1, 1);
        assertThat(m.get(2).getTrainedSamples()).as("learned before and after the restore").isEqualTo(1200);
        assertThat(m.get(2).getAccuracies().get(0)).isGreaterThan(0.8);
        restored.close();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Sample, Either<Label, Control>, TaskMetrics> harness0()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ContinualLearnerFunction(config(), "continual", "samples", "labels",
                        "control")),
                s -> ContinualLearnerFunction.streamOf(s.getStreamId()),
                e -> ContinualLearnerFunction.streamOf(e.isLeft() ? e.left().getStreamId() : e.right().getStreamId()),
                Types.STRING);
    }

    @Test
    void freezeStopsLearningAndStreamIdsName() throws Exception {
        assertThat(ContinualLearnerFunction.streamOf("pmnist/test/3")).isEqualTo("pmnist");
        assertThat(ContinualLearnerFunction.testTaskOf("pmnist/test/3")).isEqualTo(3);
        assertThat(ContinualLearnerFunction.testTaskOf("pmnist")).isEqualTo(-1);
        assertThat(ContinualLearnerFunction.testTaskOf("pmnist/test/x")).isEqualTo(-2);
        var h = harness();
        World w = new World();
        boundary(h, w, 0);
        h.processElement2(new StreamRecord<>(Either.Right(new Control("s", 1L, w.t, ControlCommand.FREEZE, null, null)),
                w.t));
        for (int i = 0; i < 30; i++) {
            send(h, w, "s", 0, i % 3);
        }
        boundary(h, w, 1);
        h.processBothWatermarks(new Watermark(w.t + 1));
        assertThat(metrics(h)).hasSize(2).allSatisfy(m -> assertThat(m.getTrainedSamples()).isZero());
        h.close();
    }
}
