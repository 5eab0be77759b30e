package io.neurostream.connectors.kafka.flink;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Sample;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.internal.KafkaPosition;
import io.neurostream.schemas.internal.KafkaSourced;
import io.neurostream.schemas.internal.SourcedEventPacket;
import io.neurostream.schemas.internal.SourcedLabel;
import io.neurostream.schemas.internal.SourcedSample;
import io.neurostream.schemas.internal.SourcedSpikeBatch;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * Type of a stream of decoded records that keep their Kafka position ({@link KafkaSourced}) on the
 * way from the decode step to a keyed operator: the position (partition, offset, timestamp) is
 * written before the Avro record, so an operator that rejects the record later (the dvs-classify
 * learner's order and label checks, the reservoir and continual operators' sample checks) dead-letters it
 * with its real partition and offset. No Kryo:
 * the record goes through Flink's {@link AvroSerializer}; a record without a position (e.g. from a
 * test source) passes as it is.
 *
 * <pre>{@code
 * raw.process(IngestTimes.eventPackets(job, limits)).returns(SourcedTypeInfo.eventPackets())
 * }</pre>
 */
public final class SourcedTypeInfo<T extends SpecificRecordBase> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /** The records that can carry a position. */
    public enum Kind {
        EVENT_PACKET(EventPacket.class), LABEL(Label.class), SPIKE_BATCH(SpikeBatch.class), SAMPLE(Sample.class);

        private final Class<? extends SpecificRecordBase> recordClass;

        Kind(Class<? extends SpecificRecordBase> recordClass) {
            this.recordClass = recordClass;
        }

        Object wrap(Object record, KafkaPosition at) {
            return switch (this) {
                case EVENT_PACKET -> new SourcedEventPacket((EventPacket) record, at);
                case LABEL -> new SourcedLabel((Label) record, at);
                case SPIKE_BATCH -> new SourcedSpikeBatch((SpikeBatch) record, at);
                case SAMPLE -> new SourcedSample((Sample) record, at);
            };
        }
    }

    private final Kind kind;

    private SourcedTypeInfo(Kind kind) {
        this.kind = kind;
    }

    public static SourcedTypeInfo<EventPacket> eventPackets() {
        return new SourcedTypeInfo<>(Kind.EVENT_PACKET);
    }

    public static SourcedTypeInfo<Label> labels() {
        return new SourcedTypeInfo<>(Kind.LABEL);
    }

    public static SourcedTypeInfo<SpikeBatch> spikeBatches() {
        return new SourcedTypeInfo<>(Kind.SPIKE_BATCH);
    }

    public static SourcedTypeInfo<Sample> samples() {
        return new SourcedTypeInfo<>(Kind.SAMPLE);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> getTypeClass() {
        return (Class<T>) kind.recordClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new SourcedSerializer<>(kind, new AvroSerializer<>(getTypeClass()));
    }

    @Override
    public String toString() {
        return "Sourced<" + kind.recordClass.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcedTypeInfo<?> other && other.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SourcedTypeInfo;
    }

    /** A presence flag, then partition, offset and timestamp if present, then the Avro record. */
    public static final class SourcedSerializer<T extends SpecificRecordBase> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;
        private static final int POSITION_BYTES = 4 + 8 + 8;

        private final Kind kind;
        private final TypeSerializer<T> record;

        SourcedSerializer(Kind kind, TypeSerializer<T> record) {
            this.kind = kind;
            this.record = record;
        }

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> copy = record.duplicate();
            return copy == record ? this : new SourcedSerializer<>(kind, copy);
        }

        @Override
        public T createInstance() {
            return record.createInstance();
        }

        @Override
        public T copy(T from) {
            return withPositionOf(from, record.copy(from));
        }

        @Override
        public T copy(T from, T reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(T value, DataOutputView target) throws IOException {
            if (value instanceof KafkaSourced s) {
                KafkaPosition at = s.sourcePosition();
                target.writeBoolean(true);
                target.writeInt(at.partition());
                target.writeLong(at.offset());
                target.writeLong(at.timestampMillis());
            } else {
                target.writeBoolean(false);
            }
            record.serialize(value, target);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(DataInputView source) throws IOException {
            if (!source.readBoolean()) {
                return record.deserialize(source);
            }
            KafkaPosition at = new KafkaPosition(source.readInt(), source.readLong(), source.readLong());
            return (T) kind.wrap(record.deserialize(source), at);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            boolean positioned = source.readBoolean();
            target.writeBoolean(positioned);
            if (positioned) {
                target.write(source, POSITION_BYTES);
            }
            record.copy(source, target);
        }

        @SuppressWarnings("unchecked")
        private T withPositionOf(T from, T copy) {
            return from instanceof KafkaSourced s ? (T) kind.wrap(copy, s.sourcePosition()) : copy;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SourcedSerializer<?> other && other.kind == kind && other.record.equals(record);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, record);
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return new Snapshot<>(this);
        }
    }

    /** The kind (outer) and the Avro serializer's own snapshot (nested). */
    public static final class Snapshot<T extends SpecificRecordBase>
            extends CompositeTypeSerializerSnapshot<T, SourcedSerializer<T>> {
        private Kind kind;

        public Snapshot() {}

        Snapshot(SourcedSerializer<T> serializer) {
            super(serializer);
            this.kind = serializer.kind;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(SourcedSerializer<T> outer) {
            return new TypeSerializer<?>[] {outer.record};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected SourcedSerializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new SourcedSerializer<>(kind, (TypeSerializer<T>) nested[0]);
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(kind.name());
        }

        @Override
        protected void readOuterSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
            kind = Kind.valueOf(in.readUTF());
        }

        @Override
        protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot<?> s && s.kind == kind ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
                    : OuterSchemaCompatibility.INCOMPATIBLE;
        }
    }
}
