package io.neurostream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.schemas.codec.SingleObjectCodec;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** The records of spike-analytics (neural.stats, neural.connectivity, neural.states) on the wire. */
class AnalyticsRecordsTest {

    static List<SpecificRecordBase> samples() {
        return List.of(
                new NeuralStats("rat-7", 0L, 10_000_000L, 2, 150L, 15.0, 7.5, 1, List.of(12.0, 3.0), List.of(1.02, Double.NaN),
                        List.of(0.98, 1.4), List.of(0.0, 0.02), List.of(UnitQuality.GOOD, UnitQuality.CONTAMINATED),
                        List.of(1_000L, 100_000L, 10_000_000L), List.of(80, 39, 20, 9), 1, 0, 0L, 5L),
                new ConnectivityEvent("rat-7", 15_000_000L, ConnectivityChange.ADDED, 3, 8, 2_500L, 0.09, 0.0, 1e-12,
                        210.5, 2016, 6L),
                new BrainState("rat-7", 100_000L, 200_000L, 2, 0.97, List.of(0.01, 0.02, 0.97), true, 0, 31, 40.2,
                        0.61, 7L));
    }

    @Test
    void everyAnalyticsRecordSurvivesSingleObjectEncoding() throws Exception {
        for (SpecificRecordBase record : samples()) {
            @SuppressWarnings("unchecked")
            SingleObjectCodec<SpecificRecordBase> codec = SingleObjectCodec.of((Class<SpecificRecordBase>) record.getClass());
            byte[] wire = codec.encode(record);
            assertThat(wire[0]).isEqualTo((byte) 0xC3);
            assertThat(codec.decode(wire).toString()).isEqualTo(record.toString()); // NaN != NaN for equals
        }
    }

    @Test
    void fingerprintsAreTheOnesInTheWireSpec() {
        // schemas/README.md lists these bytes (as sent: little-endian CRC-64-AVRO of the canonical form)
        assertThat(fingerprint(NeuralStats.getClassSchema())).isEqualTo(fingerprintInReadme("NeuralStats"));
        assertThat(fingerprint(ConnectivityEvent.getClassSchema())).isEqualTo(fingerprintInReadme("ConnectivityEvent"));
        assertThat(fingerprint(BrainState.getClassSchema())).isEqualTo(fingerprintInReadme("BrainState"));
    }

    static String fingerprint(org.apache.avro.Schema schema) {
        long f = SchemaNormalization.parsingFingerprint64(schema);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (f >>> (8 * i));
        }
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
    }

    private static String fingerprintInReadme(String record) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md"))) {
                if (line.startsWith("| `" + record + "`")) {
                    String[] cells = line.split("\\|");
                    return cells[cells.length - 1].trim().replace("`", "");
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return "not in README.md";
    }
}
