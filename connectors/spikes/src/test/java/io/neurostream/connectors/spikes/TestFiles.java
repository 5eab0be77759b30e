package io.neurostream.connectors.spikes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real-data location and writers of small (possibly broken) input files. */
final class TestFiles {
    private TestFiles() {}

    static Path data() {
        String property = System.getProperty("neurostream.data");
        Path base = property != null ? Path.of(property) : Path.of("../../../shared/data");
        return base;
    }

    static Path kilosort() {
        return data().resolve("spikes/kilosort");
    }

    static Path nwb() {
        return data().resolve("spikes/nwb/A8604-211122.nwb");
    }

    /** Writes an .npy file with the given header fields and raw little-endian data. */
    static Path npy(Path file, int major, String descr, boolean fortran, String shape, byte[] data) throws IOException {
        String quoted = descr.startsWith("[") ? descr : "'" + descr + "'";
        String dict = "{'descr': " + quoted + ", 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (prefix + header.length() + 1 < padded) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    static byte[] u64(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    static byte[] u32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] f64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** A phy folder with the given spike samples and clusters. */
    static Path phyFolder(Path dir, long[] samples, int[] clusters) throws IOException {
        npy(dir.resolve("spike_times.npy"), 1, "<u8", true, "(" + samples.length + ", 1)", u64(samples));
        npy(dir.resolve("spike_clusters.npy"), 1, "<u4", true, "(" + clusters.length + ", 1)", u32(clusters));
        Files.writeString(dir.resolve("params.py"), "dat_path = 'x.dat'\nsample_rate = 30000.\n");
        return dir;
    }
}
