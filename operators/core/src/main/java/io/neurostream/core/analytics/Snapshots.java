package io.neurostream.core.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Array codecs of the analytics kernels' snapshots (lengths come from the parameters, not the stream). */
final class Snapshots {
    private Snapshots() {}

    static void writeInts(DataOutput out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static void readInts(DataInput in, int[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readInt();
        }
    }

    static void writeLongs(DataOutput out, long[] values) throws IOException {
        for (long v : values) {
            out.writeLong(v);
        }
    }

    static void readLongs(DataInput in, long[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readLong();
        }
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static void readDoubles(DataInput in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readDouble();
        }
    }
}
