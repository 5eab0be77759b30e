package io.neurostream.flink.spikes;

import io.neurostream.schemas.Control;
import io.neurostream.schemas.ControlCommand;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.SpikeBatch;
import io.neurostream.schemas.codec.PackedSpikes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.types.Either;

/**
 * A small seeded world for operator tests: {@code units} Poisson neurons cosine-tuned to a
 * smooth random 2-D velocity; one SpikeBatch and one velocity Label per 20 ms bin.
 */
final class TuningWorld {
    static final long BIN = 20_000;
    static final String SESSION = "s1";

    final int units;
    final List<SpikeBatch> batches = new ArrayList<>();
    final List<double[]> velocity = new ArrayList<>();

    TuningWorld(int units, int bins, long seed) {
        this.units = units;
        SplittableRandom random = new SplittableRandom(seed);
        double[] pd = new double[units];
        double[] base = new double[units];
        for (int i = 0; i < units; i++) {
            pd[i] = random.nextDouble() * 2 * Math.PI;
            base[i] = 15 + 10 * random.nextDouble();
        }
        double vx = 0;
        double vy = 0;
        double ax = 0;
        double ay = 0;
        for (int b = 0; b < bins; b++) {
            ax = 0.9 * ax + 0.1 * (random.nextDouble() * 2 - 1);
            ay = 0.9 * ay + 0.1 * (random.nextDouble() * 2 - 1);
            vx = 0.97 * vx + ax;
            vy = 0.97 * vy + ay;
            velocity.add(new double[] {vx, vy});
            List<long[]> spikes = new ArrayList<>();
            for (int t = 0; t < 20; t++) {            // 1 ms steps
                for (int i = 0; i < units; i++) {
                    double rate = Math.max(0, base[i] + 15 * (Math.cos(pd[i]) * vx + Math.sin(pd[i]) * vy));
                    if (random.nextDouble() < rate / 1000) {
                        spikes.add(new long[] {t * 1000L + random.nextInt(1000), i});
                    }
                }
            }
            spikes.sort((p, q) -> Long.compare(p[0], q[0]));
            ByteBuffer packed = PackedSpikes.allocate(spikes.size());
            for (long[] s : spikes) {
                PackedSpikes.put(packed, s[0], (int) s[1]);
            }
            packed.flip();
            batches.add(new SpikeBatch(SESSION, (long) b, b * BIN, (b + 1) * BIN, units, spikes.size(), packed,
                    10_000L + b));
        }
    }

    int spikesIn(int bin) {
        return batches.get(bin).getSpikeCount();
    }

    Either<Label, Control> label(int bin) {
        double[] v = velocity.get(bin);
        return Either.Left(new Label(SESSION, (long) bin, bin * BIN, (bin + 1) * BIN, null, List.of(v[0], v[1])));
    }

    static Either<Label, Control> control(ControlCommand command, long timeMicros) {
        return Either.Right(new Control(SESSION, 1L, timeMicros, command, null, null));
    }
}
