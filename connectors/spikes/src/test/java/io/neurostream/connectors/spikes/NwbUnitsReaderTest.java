package io.neurostream.connectors.spikes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NwbUnitsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRealNwbUnitsTable() throws Exception {
        try (NwbUnitsReader r = NwbUnitsReader.open(TestFiles.nwb())) {
            assertThat(r.units()).extracting(SpikeUnit::id).containsExactly(6L, 191L, 206L);
            assertThat(r.units()).extracting(SpikeUnit::spikeCount).containsExactly(11_020L, 4_690L, 5_644L);
            assertThat(r.behavior()).isEmpty();
            long n = 0;
            long first = -1;
            long previous = Long.MIN_VALUE;
            long[] perUnit = new long[3];
            while (r.next()) {
                if (n == 0) {
                    first = r.timeMicros();
                }
                assertThat(r.timeMicros()).isGreaterThanOrEqualTo(previous);
                previous = r.timeMicros();
                perUnit[r.unitIndex()]++;
                n++;
            }
            assertThat(n).isEqualTo(21_354);
            assertThat(perUnit).containsExactly(11_020, 4_690, 5_644);
            assertThat(first).isEqualTo(28_133);
            assertThat(previous).isEqualTo(1_087_352_833L);
        }
    }

    @Test
    void readsUnitsAndBehaviourWrittenByJhdf() throws Exception {
        Path f = tmp.resolve("synthetic.nwb");
        try (WritableHdfFile w = HdfFile.write(f)) {
            units(w.putGroup("units"), new double[] {0.5, 1.0, 0.25, 0.75, 2.0}, new int[] {2, 5}, new long[] {10, 20});
            WritableGroup position = w.putGroup("processing").putGroup("behavior").putGroup("Position");
            WritableGroup pos = position.putGroup("pos");
            pos.putAttribute("neurodata_type", "SpatialSeries");
            pos.putDataset("data", new double[][] {{0, 1}, {2, 3}, {4, 5}});
            pos.putDataset("timestamps", new double[] {0.0, 0.01, 0.02});
        }
        try (NwbUnitsReader r = NwbUnitsReader.open(f)) {
            assertThat(r.units()).extracting(SpikeUnit::spikeCount).containsExactly(2L, 3L);
            StringBuilder order = new StringBuilder();
            while (r.next()) {
                order.append(r.timeMicros()).append(':').append(r.unitIndex()).append(' ');
            }
            assertThat(order.toString().trim()).isEqualTo("250000:1 500000:0 750000:1 1000000:0 2000000:1");
            assertThat(r.behavior()).singleElement().satisfies(b -> {
                assertThat(b.name()).isEqualTo("/processing/behavior/Position/pos");
                assertThat(b.dims()).isEqualTo(2);
                assertThat(b.timesMicros()).containsExactly(0, 10_000, 20_000);
                assertThat(b.value(2, 1)).isEqualTo(5.0);
            });
        }
    }

    @Test
    void refusesAFileWithoutUnitsTable() throws Exception {
        Path f = tmp.resolve("nounits.nwb");
        try (WritableHdfFile w = HdfFile.write(f)) {
            w.putGroup("acquisition");
        }
        assertThatThrownBy(() -> NwbUnitsReader.open(f)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("nounits.nwb").hasMessageContaining("missing units table");
    }

    @Test
    void refusesUnitTimesNotIncreasing() throws Exception {
        Path f = tmp.resolve("unsorted.nwb");
        try (WritableHdfFile w = HdfFile.write(f)) {
            units(w.putGroup("units"), new double[] {0.5, 0.4, 1.0}, new int[] {2, 3}, new long[] {7, 8});
        }
        assertThatThrownBy(() -> NwbUnitsReader.open(f)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("unsorted.nwb").hasMessageContaining("unit id 7")
                .hasMessageContaining("not increasing at spike_times[1]");
    }

    @Test
    void refusesMismatchedIndexAndIds() throws Exception {
        Path f = tmp.resolve("mismatch.nwb");
        try (WritableHdfFile w = HdfFile.write(f)) {
            units(w.putGroup("units"), new double[] {0.1, 0.2}, new int[] {1, 2}, new long[] {1});
        }
        assertThatThrownBy(() -> NwbUnitsReader.open(f)).hasMessageContaining("mismatch.nwb")
                .hasMessageContaining("mismatched lengths");

        Path g = tmp.resolve("short.nwb");
        try (WritableHdfFile w = HdfFile.write(g)) {
            units(w.putGroup("units"), new double[] {0.1, 0.2, 0.3}, new int[] {1, 2}, new long[] {1, 2});
        }
        assertThatThrownBy(() -> NwbUnitsReader.open(g)).hasMessageContaining("short.nwb")
                .hasMessageContaining("spike_times_index ends at 2 but /units/spike_times has 3 values");
    }

    @Test
    void refusesSomethingThatIsNotHdf5() throws Exception {
        Path f = Files.writeString(tmp.resolve("text.nwb"), "not hdf5 at all");
        assertThatThrownBy(() -> NwbUnitsReader.open(f)).isInstanceOf(SpikeFileException.class)
                .hasMessageContaining("text.nwb");
    }

    private static void units(WritableGroup units, double[] times, int[] index, long[] ids) {
        units.putDataset("spike_times", times);
        units.putDataset("spike_times_index", index);
        units.putDataset("id", ids);
    }
}
