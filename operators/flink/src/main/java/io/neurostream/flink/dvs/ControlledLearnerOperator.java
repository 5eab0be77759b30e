package io.neurostream.flink.dvs;

import io.neurostream.schemas.Control;
import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * dvs-classify's learner with {@code control}: labels and controls arrive as one typed second input
 * ({@code Either<Label, Control>}, as in spike-decode); labels go to {@link LiquidClassifierFunction}
 * unchanged, FREEZE / UNFREEZE to {@link LiquidClassifierFunction#onControl}. Everything else is
 * {@link LearnerOperator}'s: readouts held in memory between checkpoints and written before each barrier.
 * The function's keyed state is the same, so savepoints of the learner without control restore here.
 */
public final class ControlledLearnerOperator
        extends KeyedCoProcessOperator<String, EventPacket, Either<Label, Control>, Prediction> {
    private static final long serialVersionUID = 1L;

    public ControlledLearnerOperator(LiquidClassifierFunction function) {
        this(function, LearnerOperator.DEFAULT_CACHE_BYTES);
    }

    ControlledLearnerOperator(LiquidClassifierFunction function, long cacheBytes) {
        super(new WithControl(function));
        function.deferReadoutWrites(cacheBytes);
    }

    @Override
    public void processElement1(StreamRecord<EventPacket> element) throws Exception {
        super.processElement1(element);
        learner().writeBackReadouts(false, this::setCurrentKey);
    }

    @Override
    public void processElement2(StreamRecord<Either<Label, Control>> element) throws Exception {
        super.processElement2(element);
        learner().writeBackReadouts(false, this::setCurrentKey);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        learner().writeBackReadouts(true, this::setCurrentKey);
    }

    private LiquidClassifierFunction learner() {
        return ((WithControl) userFunction).learner;
    }

    /** Hands packets, labels and timers to the learner, with its own view of the context. */
    static final class WithControl extends KeyedCoProcessFunction<String, EventPacket, Either<Label, Control>, Prediction> {
        private static final long serialVersionUID = 1L;
        final LiquidClassifierFunction learner;
        private transient Context outer;
        private transient OnTimerContext outerTimer;
        private transient LiquidClassifierFunction.Context inner;
        private transient LiquidClassifierFunction.OnTimerContext innerTimer;

        WithControl(LiquidClassifierFunction learner) {
            this.learner = learner;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            learner.setRuntimeContext(getRuntimeContext());
            learner.open(openContext);
            inner = learner.new Context() {
                @Override
                public Long timestamp() {
                    return outer.timestamp();
                }

                @Override
                public TimerService timerService() {
                    return outer.timerService();
                }

                @Override
                public <X> void output(OutputTag<X> tag, X value) {
                    outer.output(tag, value);
                }

                @Override
                public String getCurrentKey() {
                    return outer.getCurrentKey();
                }
            };
            innerTimer = learner.new OnTimerContext() {
                @Override
                public Long timestamp() {
                    return outerTimer.timestamp();
                }

                @Override
                public TimerService timerService() {
                    return outerTimer.timerService();
                }

                @Override
                public <X> void output(OutputTag<X> tag, X value) {
                    outerTimer.output(tag, value);
                }

                @Override
                public TimeDomain timeDomain() {
                    return outerTimer.timeDomain();
                }

                @Override
                public String getCurrentKey() {
                    return outerTimer.getCurrentKey();
                }
            };
        }

        @Override
        public void close() throws Exception {
            learner.close();
        }

        @Override
        public void processElement1(EventPacket packet, Context ctx, Collector<Prediction> out) throws Exception {
            outer = ctx;
            learner.processElement1(packet, inner, out);
        }

        @Override
        public void processElement2(Either<Label, Control> input, Context ctx, Collector<Prediction> out) throws Exception {
            outer = ctx;
            if (input.isLeft()) {
                learner.processElement2(input.left(), inner, out);
            } else {
                learner.onControl(input.right());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
            outerTimer = ctx;
            learner.onTimer(timestamp, innerTimer, out);
        }
    }
}
