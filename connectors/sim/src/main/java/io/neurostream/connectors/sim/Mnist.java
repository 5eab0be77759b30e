package io.neurostream.connectors.sim;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST in the IDX format (LeCun, Cortes &amp; Burges), read from the gzip files: images magic
 * 0x00000803 with count, rows, cols (big-endian uint32) then uint8 pixels row-major; labels magic
 * 0x00000801 with count then uint8 labels. Pixels are scaled to [0, 1].
 *
 * @param pixels one row of rows x cols values in [0, 1] per image
 * @param labels class 0-9 per image
 */
public record Mnist(double[][] pixels, int[] labels, int rows, int cols) {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    public Mnist {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException("pixels and labels differ in count: " + pixels.length + " vs " + labels.length);
        }
    }

    /** Loads {@code images-idx3-ubyte.gz} and {@code labels-idx1-ubyte.gz} from {@code dir}. */
    public static Mnist load(Path dir) throws IOException {
        return load(dir.resolve("images-idx3-ubyte.gz"), dir.resolve("labels-idx1-ubyte.gz"));
    }

    public static Mnist load(Path imagesGz, Path labelsGz) throws IOException {
        try (InputStream images = Files.newInputStream(imagesGz); InputStream labels = Files.newInputStream(labelsGz)) {
            return read(images, labels, imagesGz.toString(), labelsGz.toString());
        }
    }

    /**
     * Reads gzip-compressed IDX streams (not closed here).
     *
     * @param imagesName, labelsName names for error messages
     */
    public static Mnist read(InputStream imagesGz, InputStream labelsGz, String imagesName, String labelsName)
            throws IOException {
        double[][] pixels;
        int rows;
        int cols;
        DataInputStream in = gunzip(imagesGz);
        int magic = in.readInt();
        if (magic != IMAGES_MAGIC) {
            throw new IOException(imagesName + ": magic 0x" + Integer.toHexString(magic) + " at byte 0, expected 0x803");
        }
        int count = in.readInt();
        rows = in.readInt();
        cols = in.readInt();
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IOException(imagesName + ": bad header count=" + count + " rows=" + rows + " cols=" + cols);
        }
        pixels = new double[count][rows * cols];
        byte[] buf = new byte[rows * cols];
        for (int i = 0; i < count; i++) {
            in.readFully(buf);
            for (int k = 0; k < buf.length; k++) {
                pixels[i][k] = (buf[k] & 0xFF) / 255.0;
            }
        }
        int[] labels;
        DataInputStream labelIn = gunzip(labelsGz);
        int labelMagic = labelIn.readInt();
        if (labelMagic != LABELS_MAGIC) {
            throw new IOException(labelsName + ": magic 0x" + Integer.toHexString(labelMagic) + " at byte 0, expected 0x801");
        }
        int labelCount = labelIn.readInt();
        if (labelCount != pixels.length) {
            throw new IOException(labelsName + ": " + labelCount + " labels for " + pixels.length + " images");
        }
        labels = new int[labelCount];
        for (int i = 0; i < labelCount; i++) {
            labels[i] = labelIn.readUnsignedByte();
        }
        return new Mnist(pixels, labels, rows, cols);
    }

    private static DataInputStream gunzip(InputStream gz) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(gz, 1 << 16), 1 << 16));
    }

    public int size() {
        return labels.length;
    }
}
