package io.neurostream.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated and corrupt real files fail with an {@link EventFormatException} naming the file and the exact offset. */
class CorruptFilesTest {
    @TempDir
    Path dir;

    @Test
    void truncatedNmnistNamesTheCutRecord() throws IOException {
        byte[] b = Files.readAllBytes(TestData.NMNIST);
        Path f = write("cut.bin", Arrays.copyOf(b, b.length - 2));
        EventFormatException e = readAllExpectingError(f);
        assertThat(e.byteOffset()).isEqualTo(b.length - 5);
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.getMessage()).contains(f.toString()).contains("at byte " + (b.length - 5)).contains("truncated");
    }

    @Test
    void unknownEvt2WordTypeNamesItsOffset() throws IOException {
        // type in the high nibble of a word's last (little-endian) byte
        assertUnknownWordTypeNamesItsOffset(TestData.EVT2, 200_000, 166 + 4 * 1000, 3, 0x3);
    }

    @Test
    void truncatedEvt2WordNamesItsOffset() throws IOException {
        byte[] b = Arrays.copyOf(Files.readAllBytes(TestData.EVT2), 166 + 4 * 5000 + 3);
        EventFormatException e = readAllExpectingError(write("cut.raw", b));
        assertThat(e.byteOffset()).isEqualTo(166 + 4 * 5000);
    }

    @Test
    void unknownEvt3WordTypeNamesItsOffset() throws IOException {
        assertUnknownWordTypeNamesItsOffset(TestData.EVT3, 100_000, 166 + 2 * 500, 1, 0x9);
    }

    @Test
    void truncatedAedat4NamesThePacketThatRunsPastTheEnd() throws IOException {
        byte[] b = Arrays.copyOf(Files.readAllBytes(TestData.AEDAT4), 20_000);
        // packets start at 2334, 10291, 10682, 18850, 19233 (README layout); the one at 19233 claims 9075 bytes
        EventFormatException e = readAllExpectingError(write("cut.aedat4", b));
        assertThat(e.byteOffset()).isEqualTo(19_233);
        assertThat(e.getMessage()).contains("claims 9075 bytes");
    }

    @Test
    void corruptLz4InsideAnAedat4PacketNamesThePacketPayload() throws IOException {
        byte[] b = Files.readAllBytes(TestData.AEDAT4);
        Arrays.fill(b, 2334 + 8 + 7, 2334 + 8 + 400, (byte) 0xFF);
        EventFormatException e = readAllExpectingError(write("bad.aedat4", b));
        assertThat(e.byteOffset()).isEqualTo(2334 + 8);
        assertThat(e.getMessage()).contains("LZ4");
    }

    @Test
    void unknownContentIsAFormatErrorAtOffsetZero() throws IOException {
        Path f = write("noise.xyz", new byte[] {1, 2, 3, 4, 5, 6, 7});
        EventFormatException e = catchThrowableOfType(() -> EventFormats.detect(f), EventFormatException.class);
        assertThat(e.byteOffset()).isZero();
        Path header = write("odd.raw", "% camera without evt line\n\u0001\u0002".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(catchThrowableOfType(() -> EventFormats.detect(header), EventFormatException.class)
                .getMessage()).contains("cannot tell EVT 2.0 from EVT 3.0");
    }

    /**
     * The first {@code keepBytes} of a real {@code .raw} sample with the word at {@code word} given the unknown type
     * {@code type} (the high nibble of its byte {@code typeByte}) fail at exactly that word.
     */
    private void assertUnknownWordTypeNamesItsOffset(Path sample, int keepBytes, int word, int typeByte, int type)
            throws IOException {
        byte[] b = Arrays.copyOf(Files.readAllBytes(sample), keepBytes);
        b[word + typeByte] = (byte) (type << 4 | b[word + typeByte] & 0x0F);
        EventFormatException e = readAllExpectingError(write("bad-type.raw", b));
        assertThat(e.byteOffset()).isEqualTo(word);
        assertThat(e.getMessage()).contains("at byte " + word).contains("word type 0x" + Integer.toHexString(type));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    static EventFormatException readAllExpectingError(Path f) {
        EventFormatException e = catchThrowableOfType(() -> {
            try (EventFileReader r = EventFormats.open(f)) {
                r.forEach((t, x, y, on) -> { });
            }
        }, EventFormatException.class);
        assertThat(e).as("expected a format error for " + f).isNotNull();
        return e;
    }
}
