package io.neurostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
    private static Path data(String relative) {
        return Path.of(System.getProperty("neurostream.data", "../../shared/data")).resolve(relative);
    }

    /** Runs the command with stdout/stderr captured (tests print nothing); returns {exit code, out, err}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Neurostream()).execute(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void describesARealFileAndWritesBothPictures(@TempDir Path dir) throws Exception {
        Object[] r = run("inspect", data("event-camera/nmnist-small/1.bs2").toString(), "--out", dir.toString());
        assertThat(r[0]).isEqualTo(0);
        String out = (String) r[1];
        assertThat(out).contains("NMNIST").contains("34x34").contains("4,681").contains("ON 2,328").contains("OFF 2,353");
        assertThat(ImageIO.read(dir.resolve("1-events.png").toFile()).getWidth()).isEqualTo(34);
        assertThat(ImageIO.read(dir.resolve("1-surface.png").toFile()).getHeight()).isEqualTo(34);
    }

    @Test
    void truncatedFileFailsWithFileAndByteOffset(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(data("event-camera/aedat4/sample.aedat4"));
        Path cut = dir.resolve("cut.aedat4");
        Files.write(cut, Arrays.copyOf(whole, 100_001));
        Object[] r = run("inspect", cut.toString(), "--no-png");
        assertThat(r[0]).isEqualTo(InspectCommand.EXIT_BAD_FILE);
        assertThat((String) r[2]).contains(cut.toString()).containsPattern("at byte \\d+");
    }

    @Test
    void malformedGeometryIsRefusedBeforeReading() {
        Object[] r = run("inspect", data("event-camera/evt2/evt2.raw").toString(), "--geometry", "wide", "--no-png");
        assertThat(r[0]).isNotEqualTo(0);
    }
}
