package io.neurostream.connectors.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * MNIST digits for the simulator: the IDX reading is {@link Mnist}'s; this adds the 10,000 digits
 * bundled with Neurostream ({@link #bundled()}, see {@code mnist/ATTRIBUTION.md} beside this class)
 * and per-pixel access.
 */
public final class MnistDigits {
    private final Mnist mnist;

    private MnistDigits(Mnist mnist) {
        this.mnist = mnist;
    }

    /** Digits from raw arrays: {@code pixels} is count x rows x cols unsigned bytes. */
    public static MnistDigits of(int rows, int cols, byte[] pixels, byte[] labels) {
        if (pixels.length != labels.length * rows * cols) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected "
                    + labels.length + " x " + rows + " x " + cols);
        }
        double[][] scaled = new double[labels.length][rows * cols];
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = labels[i] & 0xFF;
            for (int k = 0; k < rows * cols; k++) {
                scaled[i][k] = (pixels[i * rows * cols + k] & 0xFF) / 255.0;
            }
        }
        return new MnistDigits(new Mnist(scaled, classes, rows, cols));
    }

    /** The 10,000 digits bundled as resources. */
    public static MnistDigits bundled() {
        try (InputStream images = resource("mnist/images-idx3-ubyte.gz");
             InputStream labels = resource("mnist/labels-idx1-ubyte.gz")) {
            return new MnistDigits(Mnist.read(images, labels, "bundled MNIST images", "bundled MNIST labels"));
        } catch (IOException e) {
            throw new IllegalStateException("bundled MNIST resources are unreadable: " + e.getMessage(), e);
        }
    }

    /** Reads a gzip image file and a gzip label file. */
    public static MnistDigits read(Path imagesGz, Path labelsGz) throws IOException {
        return new MnistDigits(Mnist.load(imagesGz, labelsGz));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MnistDigits.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " missing from the classpath");
        }
        return in;
    }

    public int count() {
        return mnist.size();
    }

    public int rows() {
        return mnist.rows();
    }

    public int cols() {
        return mnist.cols();
    }

    public int label(int index) {
        return mnist.labels()[index];
    }

    /** Pixel intensity in [0, 1]. */
    public double intensity(int index, int row, int col) {
        return mnist.pixels()[index][row * mnist.cols() + col];
    }
}
