import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How late this machine wakes a thread: one thread parks for 1 ms again and again and records how much
 * later than asked it runs again (the scheduler's delay, plus timer slack). Run beside a latency
 * benchmark: every hand-off of a record between threads (Kafka fetch, Flink mailbox, producer sender,
 * broker) waits at least this long, so its tail bounds the tail any pipeline reaches here.
 *
 * <pre>java bench/profiling/WakeupLatency.java [seconds=60] [period seconds=10]</pre>
 * Prints per period and for the whole run: wake-ups, p50 / p99 / p99.9 / max delay (ms) and the
 * share of wake-ups later than 1, 5 and 20 ms. Uses one thread, almost no CPU.
 */
public final class WakeupLatency {
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        double period = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double[] delays = new double[(int) (period * 1000) + 16];
        long[] histogram = new long[100_001]; // the whole run, 0.01 ms buckets up to 1 s
        while (System.nanoTime() < end) {
            long periodEnd = Math.min(end, System.nanoTime() + (long) (period * 1e9));
            int n = 0;
            while (System.nanoTime() < periodEnd && n < delays.length) {
                long before = System.nanoTime();
                LockSupport.parkNanos(1_000_000);
                double d = (System.nanoTime() - before - 1_000_000) / 1e6;
                delays[n++] = d;
                histogram[(int) Math.max(0, Math.min(histogram.length - 1, d * 100))]++;
            }
            print(String.format(Locale.ROOT, "%tT", System.currentTimeMillis()), Arrays.copyOf(delays, n));
        }
        long total = Arrays.stream(histogram).sum();
        double[] all = new double[(int) total];
        int k = 0;
        for (int b = 0; b < histogram.length; b++) {
            for (long c = 0; c < histogram[b]; c++) {
                all[k++] = b / 100.0;
            }
        }
        print("all", all);
    }

    private static void print(String what, double[] delays) {
        double[] s = delays.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %,d wake-ups, delay p50 %.2f / p99 %.2f / p99.9 %.2f / max %.1f ms;"
                        + " > 1 ms %.2f %%, > 5 ms %.2f %%, > 20 ms %.3f %%%n", what, s.length, at(s, 50), at(s, 99),
                at(s, 99.9), s[s.length - 1], share(s, 1), share(s, 5), share(s, 20));
    }

    private static double at(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double share(double[] sorted, double ms) {
        int c = 0;
        for (double v : sorted) {
            if (v > ms) {
                c++;
            }
        }
        return 100.0 * c / sorted.length;
    }
}
