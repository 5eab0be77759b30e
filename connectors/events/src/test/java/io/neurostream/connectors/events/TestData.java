package io.neurostream.connectors.events;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data: system property {@code neurostream.data}, else {@code ../../../shared/data}. */
final class TestData {
    private TestData() {}

    static Path dir() {
        String prop = System.getProperty("neurostream.data");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        return Path.of("../../../shared/data").toAbsolutePath().normalize();
    }

    static Path eventCamera(String relative) {
        return dir().resolve("event-camera").resolve(relative);
    }

    static final Path NMNIST = eventCamera("nmnist/sample_nmnist.bin");
    static final Path AEDAT4 = eventCamera("aedat4/sample.aedat4");
    static final Path EVT2 = eventCamera("evt2/evt2.raw");
    static final Path EVT3 = eventCamera("evt3/evt3_sample.raw");
    static final Path EVT3_NPY = eventCamera("evt3/evt3_sample.npy");
    static final Path NMNIST_SMALL = eventCamera("nmnist-small");
}
