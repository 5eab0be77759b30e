package io.neurostream.jobs.common;

import io.neurostream.schemas.Control;
import io.neurostream.schemas.Label;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;

/**
 * The teaching input of a learner that obeys {@code control}: labels and controls as one
 * {@code Either<Label, Control>} stream with stream-clock watermarks, keyed by stream id. Every job with a
 * control input (spike-decode, dvs-classify with control, continual, reservoir-regress) builds it here, with
 * the same operator uids ({@code labels-as-either}, {@code control-as-either}, then {@code watermarkUid}).
 */
public final class Teaching {
    private Teaching() {}

    /**
     * {@code labels} and {@code controls} as one stream; {@code labelType} is the labels' type information (the
     * Kafka jobs' labels carry their source position); watermarks follow each stream's clock, the stream
     * being what {@code key} says ({@link Key}, or the job's own key when it groups stream ids).
     */
    public static DataStream<Either<Label, Control>> stream(DataStream<Label> labels, DataStream<Control> controls,
                                                            TypeInformation<Label> labelType, long disorderMicros,
                                                            long idleMillis, String watermarkUid,
                                                            KeySelector<Either<Label, Control>, String> key) {
        TypeInformation<Either<Label, Control>> teachingType = Types.EITHER(labelType, new AvroTypeInfo<>(Control.class));
        return labels
                .map(new LeftLabel()).returns(teachingType).uid("labels-as-either").name("label")
                .union(controls.map(new RightControl()).returns(teachingType).uid("control-as-either").name("control"))
                .assignTimestampsAndWatermarks(SensorClockWatermarks.strategy(new Times(key), disorderMicros, idleMillis))
                .uid(watermarkUid).name("label + control watermarks");
    }

    /** Labels advance their stream's clock; a control may be sent ahead of its time and does not. */
    static final class Times implements SensorClockWatermarks.CompleteUntil<Either<Label, Control>> {
        private static final long serialVersionUID = 1L;
        private final KeySelector<Either<Label, Control>, String> key;

        Times(KeySelector<Either<Label, Control>, String> key) {
            this.key = key;
        }

        @Override
        public long timestampMicros(Either<Label, Control> e) {
            return e.isLeft() ? e.left().getStartTimeMicros() : e.right().getTimeMicros();
        }

        @Override
        public long completeUntilMicros(Either<Label, Control> e) {
            return e.isLeft() ? e.left().getStartTimeMicros() + 1 : Long.MIN_VALUE;
        }

        @Override
        public String streamKey(Either<Label, Control> e) {
            try {
                return key.getKey(e);
            } catch (Exception failed) {
                throw new IllegalStateException("the teaching key failed on " + e, failed);
            }
        }
    }

    /** The stream id of a label or control. */
    public static final class Key implements KeySelector<Either<Label, Control>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Either<Label, Control> e) {
            return e.isLeft() ? e.left().getStreamId() : e.right().getStreamId();
        }
    }

    static final class LeftLabel implements MapFunction<Label, Either<Label, Control>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<Label, Control> map(Label label) {
            return Either.Left(label);
        }
    }

    static final class RightControl implements MapFunction<Control, Either<Label, Control>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Either<Label, Control> map(Control c) {
            return Either.Right(c);
        }
    }
}
