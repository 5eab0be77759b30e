package io.neurostream.connectors.spikes;

import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Cuts a time-ordered spike stream into {@link SpikeBatch} records covering consecutive windows
 * {@code [origin + k*window, origin + (k+1)*window)}; windows without spikes are still emitted so
 * that downstream event time advances. Sequence numbers start at 0 and increase by 1.
 *
 * <pre>{@code
 * SpikeBatcher batcher = new SpikeBatcher("session-1", source.unitCount(), 20_000, producer::send);
 * while (source.next()) {
 *     batcher.add(source.timeMicros(), source.unitIndex());
 * }
 * batcher.finish();
 * // or: SpikeBatcher.batches(source, "session-1", 20_000) as an Iterator<SpikeBatch>
 * }</pre>
 *
 * <p>The origin is, unless set with {@link #startAt(long)}, the first spike's time rounded down
 * to a multiple of the window. {@code ingestTimeMillis} is left null (the consuming job fills it).
 */
public final class SpikeBatcher {
    /** Largest window: packed offsets are uint32 µs. */
    public static final long MAX_WINDOW_MICROS = 0xFFFF_FFFFL;

    private final String sessionId;
    private final int unitCount;
    private final long windowMicros;
    private final Consumer<SpikeBatch> sink;
    private boolean started;
    private long windowStartMicros;
    private long lastMicros = Long.MIN_VALUE;
    private long sequence;
    private long[] times = new long[256];
    private int[] unitIndices = new int[256];
    private int count;

    /**
     * @param sessionId key of the batches
     * @param unitCount units of the session; every unit index must be in [0, unitCount)
     * @param windowMicros window length, 1 .. {@link #MAX_WINDOW_MICROS} µs
     * @param sink receives each batch when its window closes
     */
    public SpikeBatcher(String sessionId, int unitCount, long windowMicros, Consumer<SpikeBatch> sink) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("sessionId must be a non-empty string");
        }
        if (unitCount < 1) {
            throw new IllegalArgumentException("unitCount must be >= 1, got " + unitCount);
        }
        if (windowMicros < 1 || windowMicros > MAX_WINDOW_MICROS) {
            throw new IllegalArgumentException("windowMicros must be in [1, 2^32), got " + windowMicros);
        }
        if (sink == null) {
            throw new IllegalArgumentException("sink must not be null");
        }
        this.sessionId = sessionId;
        this.unitCount = unitCount;
        this.windowMicros = windowMicros;
        this.sink = sink;
    }

    /** Fixes the start of the first window (before any spike); spikes before it are refused. */
    public SpikeBatcher startAt(long originMicros) {
        if (started) {
            throw new IllegalStateException("startAt must be called before the first spike or advanceTo");
        }
        started = true;
        windowStartMicros = originMicros;
        return this;
    }

    /** Adds one spike; closes (emits) every window that ends at or before {@code tMicros}. */
    public void add(long tMicros, int unitIndex) {
        if (unitIndex < 0 || unitIndex >= unitCount) {
            throw new IllegalArgumentException("unit index " + unitIndex + " outside [0, " + unitCount + ")");
        }
        if (tMicros < lastMicros) {
            throw new IllegalArgumentException("spike times must not decrease: " + tMicros + " after " + lastMicros);
        }
        if (!started) {
            startAt(Math.floorDiv(tMicros, windowMicros) * windowMicros);
        }
        if (tMicros < windowStartMicros) {
            throw new IllegalArgumentException("spike at " + tMicros + " µs precedes the first window start "
                    + windowStartMicros + " µs");
        }
        advanceTo(tMicros);
        lastMicros = tMicros;
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            unitIndices = Arrays.copyOf(unitIndices, count * 2);
        }
        times[count] = tMicros;
        unitIndices[count] = unitIndex;
        count++;
    }

    /**
     * Declares that no spike before {@code tMicros} will follow: emits every window ending at or
     * before it, empty ones included. Before the first spike it starts the grid at
     * {@code floor(tMicros / window) * window}.
     */
    public void advanceTo(long tMicros) {
        if (!started) {
            startAt(Math.floorDiv(tMicros, windowMicros) * windowMicros);
        }
        while (tMicros >= windowStartMicros + windowMicros) {
            emit();
        }
        lastMicros = Math.max(lastMicros, tMicros);
    }

    /** Emits the open window if it holds spikes (end of stream). */
    public void finish() {
        if (count > 0) {
            emit();
        }
    }

    /** Sequence number the next batch will carry. */
    public long nextSequence() {
        return sequence;
    }

    /** Start of the open window (µs), valid once started. */
    public long windowStartMicros() {
        return windowStartMicros;
    }

    private void emit() {
        ByteBuffer packed = PackedSpikes.allocate(count);
        for (int i = 0; i < count; i++) {
            PackedSpikes.put(packed, times[i] - windowStartMicros, unitIndices[i]);
        }
        packed.flip();
        SpikeBatch batch = SpikeBatch.newBuilder()
                .setSessionId(sessionId)
                .setSequence(sequence++)
                .setStartTimeMicros(windowStartMicros)
                .setEndTimeMicros(windowStartMicros + windowMicros)
                .setUnitCount(unitCount)
                .setSpikeCount(count)
                .setSpikes(packed)
                .setIngestTimeMillis(null)
                .build();
        count = 0;
        windowStartMicros += windowMicros;
        sink.accept(batch);
    }

    /**
     * Batches a whole source lazily. The iterator closes nothing; close the source yourself.
     * Read errors surface as {@link UncheckedIOException} wrapping the {@link SpikeFileException}.
     */
    public static Iterator<SpikeBatch> batches(SpikeSource source, String sessionId, long windowMicros) {
        ArrayDeque<SpikeBatch> queue = new ArrayDeque<>();
        SpikeBatcher batcher = new SpikeBatcher(sessionId, source.unitCount(), windowMicros, queue::add);
        return new Iterator<>() {
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (queue.isEmpty() && !exhausted) {
                    try {
                        if (source.next()) {
                            batcher.add(source.timeMicros(), source.unitIndex());
                        } else {
                            exhausted = true;
                            batcher.finish();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return !queue.isEmpty();
            }

            @Override
            public SpikeBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return queue.poll();
            }
        };
    }
}
