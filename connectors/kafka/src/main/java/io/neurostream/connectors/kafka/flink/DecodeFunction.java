package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.DeadLetter;
import io.neurostream.schemas.codec.ByteBuffers;
import io.neurostream.schemas.codec.RecordLimits;
import io.neurostream.schemas.codec.SingleObjectCodec;
import io.neurostream.schemas.internal.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decodes raw Kafka messages with Avro single-object encoding and validates them; anything that
 * fails goes to the {@link #DEAD_LETTERS} side output with the reason and the message's
 * topic/partition/offset, and the job carries on. A message larger than
 * {@link RecordLimits#maxRecordBytes()} is refused before it is decoded.
 */
public class DecodeFunction<T extends SpecificRecordBase> extends ProcessFunction<RawRecord, T> {
    private static final long serialVersionUID = 1L;

    /** Side output of rejected messages. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Checks a decoded record; throws {@link InvalidRecordException} with the reason. */
    @FunctionalInterface
    public interface Validator<T> extends java.io.Serializable {
        void validate(T record) throws InvalidRecordException;
    }

    /** A decoded record that violates the record's documented invariants. */
    public static final class InvalidRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidRecordException(String reason) {
            super(reason);
        }
    }

    private final SingleObjectCodec<T> codec;
    private final Validator<T> validator;
    private final String jobName;
    private final RecordLimits limits;
    private transient Counter rejected;

    public DecodeFunction(Class<T> recordClass, Validator<T> validator, String jobName) {
        this(recordClass, validator, jobName, RecordLimits.defaults());
    }

    /** @param limits the size of a message is checked against {@link RecordLimits#maxRecordBytes()} */
    public DecodeFunction(Class<T> recordClass, Validator<T> validator, String jobName, RecordLimits limits) {
        this.codec = SingleObjectCodec.of(recordClass);
        this.validator = validator;
        this.jobName = jobName;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        T record;
        try {
            String tooLarge = raw.getValue() == null ? null : limits.checkSize(raw.getValue().remaining());
            if (tooLarge != null) {
                throw new InvalidRecordException(tooLarge);
            }
            record = codec.decode(ByteBuffers.remaining(raw.getValue()));
            validator.validate(record);
        } catch (IOException | InvalidRecordException | RuntimeException e) {
            rejected.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(raw.getTopic(), raw.getPartition(), raw.getOffset(),
                    raw.getTimestampMillis(), raw.getKey(), raw.getValue(), e.getMessage(), jobName,
                    System.currentTimeMillis()));
            return;
        }
        out.collect(enrich(record, raw));
    }

    /**
     * Hook to copy Kafka metadata into the record (e.g. the ingest timestamp) or to wrap it with its
     * position ({@link SourcedTypeInfo}); returns what goes downstream.
     */
    protected T enrich(T record, RawRecord raw) {
        return record;
    }
}
