package io.neurostream.connectors.sim;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST digits from IDX files (gzip or plain): {@code count x rows x cols} unsigned bytes and one
 * label per image. {@link #bundled()} loads the 10,000 digits shipped with Neurostream
 * (see {@code mnist/ATTRIBUTION.md} beside this class).
 */
public final class MnistDigits {
    private static final int IMAGE_MAGIC = 0x00000803;
    private static final int LABEL_MAGIC = 0x00000801;

    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    private MnistDigits(int rows, int cols, byte[] pixels, byte[] labels) {
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Digits from raw arrays: {@code pixels} is count x rows x cols unsigned bytes. */
    public static MnistDigits of(int rows, int cols, byte[] pixels, byte[] labels) {
        if (pixels.length != labels.length * rows * cols) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected "
                    + labels.length + " x " + rows + " x " + cols);
        }
        return new MnistDigits(rows, cols, pixels.clone(), labels.clone());
    }

    /** The 10,000 digits bundled as resources. */
    public static MnistDigits bundled() {
        try (InputStream images = resource("mnist/images-idx3-ubyte.gz");
             InputStream labels = resource("mnist/labels-idx1-ubyte.gz")) {
            return read(new GZIPInputStream(images), new GZIPInputStream(labels), "bundled MNIST");
        } catch (IOException e) {
            throw new IllegalStateException("bundled MNIST resources are unreadable: " + e.getMessage(), e);
        }
    }

    /** Reads an image file and a label file; names ending in .gz are gunzipped. */
    public static MnistDigits read(Path imageFile, Path labelFile) throws IOException {
        try (InputStream images = open(imageFile); InputStream labels = open(labelFile)) {
            return read(images, labels, imageFile + " / " + labelFile);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MnistDigits.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " missing from the classpath");
        }
        return in;
    }

    private static MnistDigits read(InputStream imageStream, InputStream labelStream, String what) throws IOException {
        DataInputStream images = new DataInputStream(imageStream);
        DataInputStream labels = new DataInputStream(labelStream);
        int magic = images.readInt();
        if (magic != IMAGE_MAGIC) {
            throw new IOException(what + ": image magic 0x" + Integer.toHexString(magic) + ", expected 0x803");
        }
        int count = images.readInt();
        int rows = images.readInt();
        int cols = images.readInt();
        int labelMagic = labels.readInt();
        if (labelMagic != LABEL_MAGIC) {
            throw new IOException(what + ": label magic 0x" + Integer.toHexString(labelMagic) + ", expected 0x801");
        }
        int labelCount = labels.readInt();
        if (labelCount != count) {
            throw new IOException(what + ": " + count + " images but " + labelCount + " labels");
        }
        byte[] pixels = new byte[count * rows * cols];
        byte[] labelBytes = new byte[count];
        try {
            images.readFully(pixels);
            labels.readFully(labelBytes);
        } catch (EOFException e) {
            throw new IOException(what + ": truncated, expected " + count + " images of " + rows + "x" + cols, e);
        }
        return new MnistDigits(rows, cols, pixels, labelBytes);
    }

    public int count() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Pixel intensity in [0, 1]. */
    public double intensity(int index, int row, int col) {
        return (pixels[(index * rows + row) * cols + col] & 0xFF) / 255.0;
    }
}
