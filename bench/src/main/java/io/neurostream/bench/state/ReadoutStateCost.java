package io.neurostream.bench.state;

import io.neurostream.core.readout.RlsReadout;
import io.neurostream.flink.state.RlsReadoutSerializer;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * CPU time (this thread) of one RLS learning update of dvs-classify's readout against one serialisation
 * and one deserialisation of it with its state serializer: what the RocksDB backend paid per labelled
 * window before deferred writes ({@code LearnerOperator}). 201 features = 100 neurons, 1201 = 600.
 */
public final class ReadoutStateCost {
    public static void main(String[] a) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        for (int features : new int[] {201, 1201}) {
            RlsReadout r = new RlsReadout(features, 10, 0.9995, 1.0);
            SplittableRandom rnd = new SplittableRandom(1);
            double[] x = new double[features];
            double[] y = new double[10];
            int n = features > 500 ? 20 : 200;
            long upd = 0, ser = 0, de = 0, bytes = 0;
            for (int i = 0; i < n + 5; i++) {
                for (int j = 0; j < features; j++) x[j] = rnd.nextDouble();
                java.util.Arrays.fill(y, 0); y[i % 10] = 1;
                long t0 = mx.getCurrentThreadCpuTime();
                r.update(x, y);
                long t1 = mx.getCurrentThreadCpuTime();
                DataOutputSerializer out = new DataOutputSerializer(1 << 20);
                RlsReadoutSerializer.INSTANCE.serialize(r, out);
                long t2 = mx.getCurrentThreadCpuTime();
                RlsReadout back = RlsReadoutSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
                long t3 = mx.getCurrentThreadCpuTime();
                if (i >= 5) { upd += t1 - t0; ser += t2 - t1; de += t3 - t2; bytes = out.length(); }
                if (back.updates() != r.updates()) throw new AssertionError();
            }
            System.out.printf("features=%d state %.2f MB: RLS update %.2f ms CPU, serialise %.2f ms, deserialise %.2f ms (mean of %d)%n",
                features, bytes / 1e6, upd / 1e6 / n, ser / 1e6 / n, de / 1e6 / n, n);
        }
    }
}
