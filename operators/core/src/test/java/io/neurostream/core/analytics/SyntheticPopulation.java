package io.neurostream.core.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test population in 1 ms steps: Bernoulli spiking with a 2 ms dead time, per-unit base rates,
 * optional state switching (per-unit gains, dwell 1 s + exponential) and planted pairs (pre -&gt;
 * post, an evoked spike {@code lag} later with probability {@code efficacy}). Operators/core cannot
 * use the connectors' generator; this one is small and independent of it.
 */
final class SyntheticPopulation {
    final long[] times;
    final int[] units;
    final int count;
    /** True state per 1 ms step. */
    final int[] stateAtMillis;

    SyntheticPopulation(int unitCount, long seconds, double baseHz, double[][] gains, double meanDwellMs,
                        int[][] pairs, long lagMicros, double efficacy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int steps = (int) (seconds * 1000);
        double[] base = new double[unitCount];
        for (int u = 0; u < unitCount; u++) {
            base[u] = baseHz * (0.5 + random.nextDouble());
        }
        List<long[]> spikes = new ArrayList<>();
        long[] last = new long[unitCount];
        Arrays.fill(last, -10_000);
        List<long[]> pending = new ArrayList<>();
        stateAtMillis = new int[steps];
        int state = 0;
        long nextSwitch = gains == null ? Long.MAX_VALUE : dwell(random, meanDwellMs);
        for (int s = 0; s < steps; s++) {
            long t0 = s * 1000L;
            if (t0 >= nextSwitch) {
                int next = random.nextInt(gains.length - 1);
                state = next >= state ? next + 1 : next;
                nextSwitch = t0 + dwell(random, meanDwellMs);
            }
            stateAtMillis[s] = state;
            List<long[]> step = new ArrayList<>();
            for (int u = 0; u < unitCount; u++) {
                double rate = base[u] * (gains == null ? 1 : gains[state][u]);
                if (random.nextDouble() < rate / 1000) {
                    long t = t0 + random.nextInt(1000);
                    if (t - last[u] >= 2000) {
                        last[u] = t;
                        step.add(new long[] {t, u});
                    }
                }
            }
            for (var it = pending.iterator(); it.hasNext(); ) {
                long[] p = it.next();
                if (p[0] < t0 + 1000) {
                    it.remove();
                    if (p[0] - last[(int) p[1]] >= 2000) {
                        last[(int) p[1]] = p[0];
                        step.add(p);
                    }
                }
            }
            step.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] sp : step) {
                spikes.add(sp);
                if (pairs != null) {
                    for (int[] pair : pairs) {
                        if (pair[0] == sp[1] && random.nextDouble() < efficacy) {
                            pending.add(new long[] {sp[0] + lagMicros + (long) (200 * gaussian(random)), pair[1]});
                        }
                    }
                }
            }
        }
        count = spikes.size();
        times = new long[count];
        units = new int[count];
        for (int i = 0; i < count; i++) {
            times[i] = spikes.get(i)[0];
            units[i] = (int) spikes.get(i)[1];
        }
    }

    private static long dwell(SplittableRandom random, double meanMs) {
        return (long) ((1000 - (meanMs - 1000) * Math.log(1 - random.nextDouble())) * 1000);
    }

    private static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    static double[][] gains(int states, int units, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] g = new double[states][units];
        for (int u = 0; u < units; u++) {
            for (int s = 0; s < states; s++) {
                g[s][u] = Math.exp(sigma * gaussian(random));
            }
        }
        return g;
    }
}
