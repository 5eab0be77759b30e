package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.neurostream.connectors.events.SpecWriters.Compression;
import io.neurostream.connectors.events.SpecWriters.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded fuzzing: mutated and truncated samples of every format (real files where they exist, spec-written ones
 * otherwise, AEDAT 4 in all three compressions). Every case must either decode or fail with an
 * {@link EventFormatException} naming the file and an offset inside it; no other exception, and no hang (each
 * corpus has a preemptive time bound). A failure message carries the seed to replay the case.
 */
class FuzzTest {
    static final int CASES_PER_CORPUS = 1000;
    static final long SEED = 20_261_123L;

    @TempDir
    static Path dir;

    static Stream<Arguments> corpora() throws IOException {
        Path tmp = Files.createTempDirectory("fuzz-seeds");
        Events real4 = Events.read(TestData.AEDAT4);
        Events first3000 = new Events(Arrays.copyOf(real4.t(), 3000), Arrays.copyOf(real4.x(), 3000),
                Arrays.copyOf(real4.y(), 3000), Arrays.copyOf(real4.on(), 3000));
        Events small = Events.random(11, 2_000, 346, 260, 123_456);
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("nmnist", EventFormat.NMNIST, Files.readAllBytes(TestData.NMNIST)));
        list.add(Arguments.of("evt2", EventFormat.EVT2, prefix(TestData.EVT2, 32 * 1024)));
        list.add(Arguments.of("evt3", EventFormat.EVT3, prefix(TestData.EVT3, 32 * 1024)));
        list.add(Arguments.of("aedat4-real", EventFormat.AEDAT4, prefix(TestData.AEDAT4, 19_233)));
        for (Compression c : Compression.values()) {
            Path f = tmp.resolve(c + ".aedat4");
            SpecWriters.writeAedat4(f, first3000, c, 500, 320, 240);
            list.add(Arguments.of("aedat4-" + c, EventFormat.AEDAT4, Files.readAllBytes(f)));
        }
        Path a2 = tmp.resolve("a2.aedat");
        SpecWriters.writeAedat2(a2, small);
        list.add(Arguments.of("aedat2", EventFormat.AEDAT2, Files.readAllBytes(a2)));
        Path a3 = tmp.resolve("a3.aedat");
        SpecWriters.writeAedat31(a3, small, 300);
        list.add(Arguments.of("aedat31", EventFormat.AEDAT31, Files.readAllBytes(a3)));
        Path dat = tmp.resolve("x.dat");
        SpecWriters.writeDat(dat, small, 346, 260);
        list.add(Arguments.of("dat", EventFormat.DAT, Files.readAllBytes(dat)));
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void mutatedAndTruncatedFilesOnlyEverFailWithTheFormatError(String name, EventFormat format, byte[] seedBytes) {
        Path f = dir.resolve("case-" + name + (format == EventFormat.NMNIST ? ".bin" : ".dat"));
        List<String> failures = new ArrayList<>();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            for (int c = 0; c < CASES_PER_CORPUS; c++) {
                long seed = SEED * 31 + name.hashCode() * 1_000_003L + c;
                SplittableRandom r = new SplittableRandom(seed);
                byte[] bytes = mutate(seedBytes, r);
                Files.write(f, bytes);
                try {
                    runCase(f, format, bytes.length, r.nextInt(EventBuffer.MIN_CAPACITY, 4097), c % 5 == 0);
                    outcomes[0]++;
                } catch (EventFormatException e) {
                    if (!f.equals(e.file()) || e.byteOffset() < 0 || e.byteOffset() > bytes.length
                            || !e.getMessage().contains(f.toString())) {
                        failures.add("seed " + seed + ": bad error " + e.getMessage());
                    }
                    outcomes[1]++;
                } catch (Throwable t) {
                    failures.add("seed " + seed + ": " + t);
                }
            }
        }, () -> name + ": fuzzing did not finish in time (a hang?)");
        assertThat(failures).as(name).isEmpty();
        // the mutations must exercise both paths
        assertThat(outcomes[0]).as(name + " cases decoded").isPositive();
        assertThat(outcomes[1]).as(name + " cases rejected").isPositive();
    }

    private static void runCase(Path f, EventFormat format, long size, int capacity, boolean detect) throws IOException {
        if (detect) {
            EventFormats.detect(f); // may only throw EventFormatException
        }
        try (EventFileReader reader = EventFormats.open(f, format, null)) {
            EventBuffer buf = new EventBuffer(capacity);
            long total = 0;
            int n;
            while ((n = reader.read(buf)) > 0) {
                total += n;
                assertThat(n).isLessThanOrEqualTo(capacity);
            }
            assertThat(reader.bytePosition()).isLessThanOrEqualTo(size);
            assertThat(total).isNotNegative();
        }
    }

    static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        int op = r.nextInt(6);
        int hot = Math.min(b.length, 600); // headers live at the start: mutate there half the time
        if (op == 0 || op == 3) {
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int p = r.nextBoolean() ? r.nextInt(hot) : r.nextInt(b.length);
                b[p] ^= (byte) (1 << r.nextInt(8));
            }
        }
        if (op == 1 || op == 3) {
            int sets = 1 + r.nextInt(8);
            for (int i = 0; i < sets; i++) {
                int p = r.nextBoolean() ? r.nextInt(hot) : r.nextInt(b.length);
                b[p] = (byte) r.nextInt(256);
            }
        }
        if (op == 4) {
            int p = r.nextInt(Math.max(1, b.length - 4));
            int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x0FFF_FFFF};
            int v = extremes[r.nextInt(extremes.length)];
            for (int i = 0; i < 4 && p + i < b.length; i++) {
                b[p + i] = (byte) (v >>> (8 * i));
            }
        }
        if (op == 5 && b.length > 16) {
            int from = r.nextInt(b.length - 8);
            int len = 1 + r.nextInt(Math.min(64, b.length - from - 1));
            byte[] cut = new byte[b.length - len];
            System.arraycopy(b, 0, cut, 0, from);
            System.arraycopy(b, from + len, cut, from, b.length - from - len);
            b = cut;
        }
        if (op == 2 || op == 3 || r.nextInt(4) == 0) {
            b = Arrays.copyOf(b, r.nextInt(b.length + 1));
        }
        return b;
    }

    private static byte[] prefix(Path f, int bytes) throws IOException {
        byte[] all = Files.readAllBytes(f);
        return Arrays.copyOf(all, Math.min(bytes, all.length));
    }
}
