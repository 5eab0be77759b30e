package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpikeCsvReaderTest {
    @TempDir
    Path tmp;

    private static String drain(SpikeSource s) throws Exception {
        StringBuilder b = new StringBuilder();
        while (s.next()) {
            b.append(s.timeMicros()).append(':').append(s.unitIndex()).append(' ');
        }
        return b.toString().trim();
    }

    @Test
    void readsCsvWithHeaderInSeconds() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.csv"), "# exported\nunit,time_s\n12,0.001\n3,0.0015\n12,2.5\n");
        try (SpikeCsvReader r = SpikeCsvReader.builder(f).open()) {
            assertThat(r.units()).extracting(SpikeUnit::id).containsExactly(3L, 12L);
            assertThat(r.units()).extracting(SpikeUnit::spikeCount).containsExactly(1L, 2L);
            assertThat(drain(r)).isEqualTo("1000:1 1500:0 2500000:1");
        }
    }

    @Test
    void readsHeaderlessTsvInMilliseconds() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.tsv"), "0.5\t1\n\n1.25\t0\n1.25\t1\n");
        try (SpikeCsvReader r = SpikeCsvReader.builder(f).timeUnit(SpikeTimeUnit.MILLISECONDS).open()) {
            assertThat(drain(r)).isEqualTo("500:1 1250:0 1250:1");
        }
        Path g = Files.writeString(tmp.resolve("s.txt"), "100 7\n200 7\n");
        try (SpikeSource r = SpikeSources.open(g)) {
            assertThat(r.unitCount()).isEqualTo(1);
        }
        try (SpikeCsvReader r = SpikeCsvReader.builder(g).timeUnit(SpikeTimeUnit.MICROSECONDS).open()) {
            assertThat(drain(r)).isEqualTo("100:0 200:0");
        }
    }

    @Test
    void refusesTimesNotIncreasing() throws Exception {
        Path f = Files.writeString(tmp.resolve("bad.csv"), "time,unit\n0.2,1\n0.1,1\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(f).open()).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("line 3: times not increasing (0.1 after 0.2)");
    }

    @Test
    void refusesMalformedLines() throws Exception {
        Path header = Files.writeString(tmp.resolve("h.csv"), "when,who\n0.1,1\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(header).open()).hasMessageContaining("h.csv")
                .hasMessageContaining("names no time column");
        Path unit = Files.writeString(tmp.resolve("u.csv"), "time,unit\n0.1,a7\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(unit).open()).hasMessageContaining("u.csv")
                .hasMessageContaining("line 2: unit 'a7' is not an integer id");
        Path columns = Files.writeString(tmp.resolve("c.csv"), "0.1,1\n0.2\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(columns).open()).hasMessageContaining("c.csv")
                .hasMessageContaining("line 2: expected at least 2 columns");
        Path time = Files.writeString(tmp.resolve("t.csv"), "0.1,1\nsoon,1\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(time).open()).hasMessageContaining("t.csv")
                .hasMessageContaining("line 2: time 'soon' is not a number");
        Path empty = Files.writeString(tmp.resolve("e.csv"), "# nothing\n");
        assertThatThrownBy(() -> SpikeCsvReader.builder(empty).open()).hasMessageContaining("e.csv")
                .hasMessageContaining("empty");
    }
}
