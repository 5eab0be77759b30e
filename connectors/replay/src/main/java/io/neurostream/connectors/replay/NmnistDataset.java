package io.neurostream.connectors.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled N-MNIST folder: sample files {@code <id>.bs2} (or {@code .bin}) and sample lists
 * {@code train*.txt} / {@code test*.txt} (header line {@code #sample #class}, then
 * {@code id<TAB>class}, CRLF or LF), as in the N-MNIST small set of SLAYER.
 */
public final class NmnistDataset {
    /** One recording and its digit. */
    public record Sample(String id, Path file, int classIndex) {}

    private final Path folder;
    private final List<Sample> train;
    private final List<Sample> test;

    private NmnistDataset(Path folder, List<Sample> train, List<Sample> test) {
        this.folder = folder;
        this.train = train;
        this.test = test;
    }

    /** True if {@code folder} looks like a labelled N-MNIST folder (holds a train*.txt list). */
    public static boolean isDataset(Path folder) {
        return Files.isDirectory(folder) && findList(folder, "train") != null;
    }

    /** Reads the lists of {@code folder}: the train*.txt and test*.txt files found there. */
    public static NmnistDataset open(Path folder) throws IOException {
        Path trainList = findList(folder, "train");
        if (trainList == null) {
            throw new IOException(folder + ": no train*.txt sample list (lines 'id<TAB>class') in this folder");
        }
        Path testList = findList(folder, "test");
        return new NmnistDataset(folder, readList(folder, trainList),
                testList == null ? List.of() : readList(folder, testList));
    }

    private static Path findList(Path folder, String prefix) {
        try (var files = Files.list(folder)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".txt");
            }).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static List<Sample> readList(Path folder, Path list) throws IOException {
        List<Sample> out = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2) {
                throw new IOException(list + " line " + lineNumber + ": expected 'id<TAB>class', got '" + line + "'");
            }
            int cls;
            try {
                cls = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException(list + " line " + lineNumber + ": class '" + parts[1] + "' is not a number");
            }
            Path file = folder.resolve(parts[0] + ".bs2");
            if (!Files.exists(file)) {
                file = folder.resolve(parts[0] + ".bin");
            }
            if (!Files.exists(file)) {
                throw new IOException(list + " line " + lineNumber + ": no file " + parts[0] + ".bs2 or .bin in " + folder);
            }
            out.add(new Sample(parts[0], file, cls));
        }
        return out;
    }

    public Path folder() {
        return folder;
    }

    /** Labelled samples, in list order. */
    public List<Sample> train() {
        return train;
    }

    /** Held-out samples, in list order. */
    public List<Sample> test() {
        return test;
    }

    /** A subset: every {@code train.size() / trainCount}-th sample of each list, so that all digits stay in. */
    public NmnistDataset subset(int trainCount, int testCount) {
        return new NmnistDataset(folder, spread(train, trainCount), spread(test, testCount));
    }

    private static List<Sample> spread(List<Sample> all, int count) {
        if (count >= all.size()) {
            return all;
        }
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(all.get((int) ((long) i * all.size() / count)));
        }
        return out;
    }
}
