package io.neurostream.jobs.testing;

import io.neurostream.schemas.internal.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * A Kafka topic held in memory for topology tests at the seam: messages are appended to numbered
 * partitions (each message gets the next offset of its partition), and {@link #source()} reads them
 * as {@link RawRecord}s the way our Kafka source does: a bounded source, one split per partition,
 * records of a partition in offset order, partition {@code p} read by subtask {@code p % parallelism}
 * (a fixed owner, as Kafka's enumerator assigns partitions), the record's timestamp is the time it was
 * read (like the broker's LogAppendTime). No broker, no mocks: the topology sees real Flink splits.
 *
 * <pre>{@code
 * InMemoryTopic events = new InMemoryTopic("dvs.events", 2);
 * long offset = events.send(0, "cam-0", codec.encode(packet));
 * new DvsClassifyJob(events.source(), ...).build(env);
 * }</pre>
 */
public final class InMemoryTopic {
    private final String name;
    private final List<List<Message>> partitions = new ArrayList<>();

    public InMemoryTopic(String name, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be >= 1, got " + partitionCount);
        }
        this.name = name;
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new ArrayList<>());
        }
    }

    public String name() {
        return name;
    }

    /** Appends a message to {@code partition}; returns its offset. A null value is a tombstone. */
    public long send(int partition, String key, byte[] value) {
        List<Message> log = partitions.get(partition);
        log.add(new Message(key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value == null ? null : value.clone()));
        return log.size() - 1;
    }

    /** Messages in {@code partition} so far. */
    public int size(int partition) {
        return partitions.get(partition).size();
    }

    /** A bounded source of everything sent so far, read with no pause between records. */
    public Source<RawRecord, PartitionSplit, List<PartitionSplit>> source() {
        return source(0);
    }

    /**
     * A bounded source of everything sent so far.
     *
     * @param pauseMicrosPerRecord wall time a reader waits before each record (0 = none), so that
     *     periodic watermarks and timers run between records as they do on a live stream
     */
    public Source<RawRecord, PartitionSplit, List<PartitionSplit>> source(long pauseMicrosPerRecord) {
        List<List<Message>> copy = new ArrayList<>();
        for (List<Message> p : partitions) {
            copy.add(List.copyOf(p));
        }
        return new PartitionsSource(name, copy, pauseMicrosPerRecord);
    }

    /** One message as stored: key and value bytes. */
    record Message(byte[] key, byte[] value) implements Serializable {}

    /** One partition of the topic and the next offset to read. */
    public record PartitionSplit(String topic, int partition, long nextOffset) implements SourceSplit {
        @Override
        public String splitId() {
            return topic + "-" + partition;
        }
    }

    private static final class PartitionsSource implements Source<RawRecord, PartitionSplit, List<PartitionSplit>>,
            ResultTypeQueryable<RawRecord> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final List<List<Message>> partitions;
        private final long pauseMicros;

        PartitionsSource(String topic, List<List<Message>> partitions, long pauseMicros) {
            this.topic = topic;
            this.partitions = partitions;
            this.pauseMicros = pauseMicros;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return new AvroTypeInfo<>(RawRecord.class);
        }

        @Override
        public SplitEnumerator<PartitionSplit, List<PartitionSplit>> createEnumerator(
                SplitEnumeratorContext<PartitionSplit> context) {
            List<PartitionSplit> all = new ArrayList<>();
            for (int p = 0; p < partitions.size(); p++) {
                all.add(new PartitionSplit(topic, p, 0));
            }
            return new Enumerator(context, all);
        }

        @Override
        public SplitEnumerator<PartitionSplit, List<PartitionSplit>> restoreEnumerator(
                SplitEnumeratorContext<PartitionSplit> context, List<PartitionSplit> unassigned) {
            return new Enumerator(context, unassigned);
        }

        @Override
        public SimpleVersionedSerializer<PartitionSplit> getSplitSerializer() {
            return new SplitSerializer();
        }

        @Override
        public SimpleVersionedSerializer<List<PartitionSplit>> getEnumeratorCheckpointSerializer() {
            return new SplitListSerializer();
        }

        @Override
        public SourceReader<RawRecord, PartitionSplit> createReader(SourceReaderContext context) {
            return new Reader(partitions, pauseMicros);
        }
    }

    /** Gives each reader, once it registers, the partitions it owns ({@code p % parallelism}), then no more. */
    private static final class Enumerator implements SplitEnumerator<PartitionSplit, List<PartitionSplit>> {
        private final SplitEnumeratorContext<PartitionSplit> context;
        private final List<PartitionSplit> unassigned;

        Enumerator(SplitEnumeratorContext<PartitionSplit> context, List<PartitionSplit> unassigned) {
            this.context = context;
            this.unassigned = new ArrayList<>(unassigned);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<PartitionSplit> splits, int subtaskId) {
            unassigned.addAll(splits);
            if (context.registeredReaders().containsKey(subtaskId)) {
                addReader(subtaskId);
            }
        }

        @Override
        public void addReader(int subtaskId) {
            List<PartitionSplit> mine = new ArrayList<>();
            for (PartitionSplit s : unassigned) {
                if (s.partition() % context.currentParallelism() == subtaskId) {
                    mine.add(s);
                }
            }
            unassigned.removeAll(mine);
            if (!mine.isEmpty()) {
                context.assignSplits(new SplitsAssignment<>(Map.of(subtaskId, mine)));
            }
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public List<PartitionSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(unassigned);
        }

        @Override
        public void close() {}
    }

    /** Reads its partitions round-robin, one record per poll, each in offset order. */
    private static final class Reader implements SourceReader<RawRecord, PartitionSplit> {
        private final List<List<Message>> partitions;
        private final long pauseMicros;
        private final List<PartitionSplit> splits = new ArrayList<>();
        private final Map<String, Long> offsets = new HashMap<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private int next;

        Reader(List<List<Message>> partitions, long pauseMicros) {
            this.partitions = partitions;
            this.pauseMicros = pauseMicros;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) throws InterruptedException {
            for (int tried = 0; tried < splits.size(); tried++) {
                PartitionSplit split = splits.get(next % splits.size());
                next++;
                long offset = offsets.get(split.splitId());
                List<Message> log = partitions.get(split.partition());
                if (offset >= log.size()) {
                    continue;
                }
                if (pauseMicros > 0) {
                    Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
                }
                Message m = log.get((int) offset);
                offsets.put(split.splitId(), offset + 1);
                long now = System.currentTimeMillis();
                output.collect(new RawRecord(split.topic(), split.partition(), offset, now,
                        m.key() == null ? null : ByteBuffer.wrap(m.key()),
                        m.value() == null ? null : ByteBuffer.wrap(m.value())), now);
                return InputStatus.MORE_AVAILABLE;
            }
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<PartitionSplit> snapshotState(long checkpointId) {
            List<PartitionSplit> state = new ArrayList<>();
            for (PartitionSplit s : splits) {
                state.add(new PartitionSplit(s.topic(), s.partition(), offsets.get(s.splitId())));
            }
            return state;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<PartitionSplit> newSplits) {
            for (PartitionSplit s : newSplits) {
                splits.add(s);
                offsets.put(s.splitId(), s.nextOffset());
            }
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {}
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<PartitionSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PartitionSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public PartitionSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }

        static void write(PartitionSplit split, DataOutputStream out) throws IOException {
            out.writeUTF(split.topic());
            out.writeInt(split.partition());
            out.writeLong(split.nextOffset());
        }

        static PartitionSplit read(DataInputStream in) throws IOException {
            return new PartitionSplit(in.readUTF(), in.readInt(), in.readLong());
        }
    }

    private static final class SplitListSerializer implements SimpleVersionedSerializer<List<PartitionSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<PartitionSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (PartitionSplit s : splits) {
                    SplitSerializer.write(s, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<PartitionSplit> deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<PartitionSplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(SplitSerializer.read(in));
                }
                return splits;
            }
        }
    }
}
