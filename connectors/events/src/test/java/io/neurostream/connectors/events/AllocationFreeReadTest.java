package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decode loop allocates nothing per event: after opening, reading a whole real file into a reused buffer
 * allocates a bounded number of bytes (the JDK's channel plumbing, AEDAT 4's growable packet buffers), far below
 * one byte per event. Uses HotSpot's per-thread allocation counter; skipped silently where it is unavailable.
 */
class AllocationFreeReadTest {

    @Test
    void readingAWholeFileAllocatesFarLessThanOneBytePerEvent() throws IOException {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported()) {
            return;
        }
        mx.setThreadAllocatedMemoryEnabled(true);
        EventBuffer buf = new EventBuffer(4096);
        for (Path f : List.of(TestData.EVT2, TestData.EVT3, TestData.NMNIST, TestData.AEDAT4)) {
            for (int round = 0; round < 3; round++) { // let the JIT settle
                readAll(f, buf);
            }
            long allocated = Long.MAX_VALUE;
            long events = 0;
            for (int round = 0; round < 3; round++) {
                try (EventFileReader r = EventFormats.open(f)) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    events = 0;
                    int n;
                    while ((n = r.read(buf)) > 0) {
                        events += n;
                    }
                    allocated = Math.min(allocated, mx.getCurrentThreadAllocatedBytes() - before);
                }
            }
            assertThat(allocated).as(f + ": bytes allocated while decoding " + events + " events")
                    .isLessThan(Math.max(64 * 1024, events / 10) + (f.equals(TestData.AEDAT4) ? 256 * 1024 : 0));
        }
    }

    private static void readAll(Path f, EventBuffer buf) throws IOException {
        try (EventFileReader r = EventFormats.open(f)) {
            while (r.read(buf) > 0) {
                // nothing
            }
        }
    }
}
