package io.neurostream.flink.dvs;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.Prediction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The operator that runs {@link LiquidClassifierFunction} in dvs-classify: the function keeps the
 * readouts it learns in memory, and this operator writes them to keyed state once before each
 * checkpoint barrier (and when the function holds more than its cache allows), switching the key for
 * each. With RocksDB a learning update then (de)serialises nothing; the 11.5 MB readout of the
 * 600-neuron liquid is read once and written once per key and checkpoint interval, whatever the
 * number of updates in between. Checkpoints and savepoints hold every update before their barrier.
 */
public final class LearnerOperator extends KeyedCoProcessOperator<String, EventPacket, Label, Prediction> {
    private static final long serialVersionUID = 1L;

    /** Readouts held in memory between checkpoints, per subtask: 256 MB (22 readouts of the 600-neuron liquid). */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    public LearnerOperator(LiquidClassifierFunction function) {
        this(function, DEFAULT_CACHE_BYTES);
    }

    LearnerOperator(LiquidClassifierFunction function, long cacheBytes) {
        super(function);
        function.deferReadoutWrites(cacheBytes);
    }

    @Override
    public void processElement1(StreamRecord<EventPacket> element) throws Exception {
        super.processElement1(element);
        learner().writeBackReadouts(false, this::setCurrentKey);
    }

    @Override
    public void processElement2(StreamRecord<Label> element) throws Exception {
        super.processElement2(element);
        learner().writeBackReadouts(false, this::setCurrentKey);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        learner().writeBackReadouts(true, this::setCurrentKey);
    }

    private LiquidClassifierFunction learner() {
        return (LiquidClassifierFunction) userFunction;
    }
}
