package io.neurostream.apps.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.dvs.DemoSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {

    @Test
    void writesFlatJsonWithEscapedStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", 3);
        m.put("x", 0.5);
        m.put("ok", true);
        m.put("s", "a \"quoted\" \\ path");
        assertThat(SummaryJson.of(m)).isEqualTo(
                "{\n  \"n\": 3,\n  \"x\": 0.5,\n  \"ok\": true,\n  \"s\": \"a \\\"quoted\\\" \\\\ path\"\n}\n");
        assertThat(SummaryJson.round(Double.NaN)).isEqualTo(-1);
        assertThat(SummaryJson.round(1.23456)).isEqualTo(1.235);
    }

    @Test
    void theDemoSummaryCarriesTheKeysTheReadmePromises() {
        DemoSummary s = new DemoSummary(100, 50.5, 10, 8, 2, 2, 0.5, 0.75, 12.3456, 40, 800, 900, 0, 0, 2, 33.3,
                "exactly-once", 2, true, 1);
        String json = s.toJson();
        for (String key : new String[] {"events", "eventsPerSecond", "samples", "heldOutAccuracy", "latencyP50Ms",
                "latencyP99Ms", "duplicatePredictions", "missingPredictions", "recoveries"}) {
            assertThat(json).contains("\"" + key + "\": ");
        }
        assertThat(json).contains("\"latencyP50Ms\": 12.346").contains("\"heldOutAccuracy\": 0.5");
    }
}
