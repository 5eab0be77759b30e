package io.neurostream.apps.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exposition format as Flink's reporter writes it, and what the live view sums from it. */
class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP flink_taskmanager_job_task_operator_eventsInPerSecond eventsInPerSecond (scope: taskmanager_job_task_operator)
            # TYPE flink_taskmanager_job_task_operator_eventsInPerSecond gauge
            flink_taskmanager_job_task_operator_eventsInPerSecond{job_name="dvs-classify",operator_name="LSM___RLS_readout",subtask_index="0",} 1200.5
            flink_taskmanager_job_task_operator_eventsInPerSecond{job_name="dvs-classify",operator_name="LSM___RLS_readout",subtask_index="1",} 799.5
            flink_taskmanager_job_task_operator_runningAccuracy{operator_name="LSM",subtask_index="0",} 0.8
            flink_taskmanager_job_task_operator_runningAccuracy{operator_name="LSM",subtask_index="1",} NaN
            flink_taskmanager_job_task_operator_runningAccuracy{key="sensor-1",operator_name="LSM",subtask_index="0",} 0.1
            flink_taskmanager_job_task_operator_latencyMs{operator_name="LSM",subtask_index="0",quantile="0.99",} 40.0
            flink_taskmanager_job_task_operator_latencyMs{operator_name="LSM",subtask_index="1",quantile="0.99",} 55.0
            flink_taskmanager_job_task_operator_deadLetters{operator_name="decode",reason="a \\"quoted\\" value",subtask_index="0",} 3.0
            flink_taskmanager_job_task_operator_deadLetters{operator_name="LSM",subtask_index="0",} 1.0
            flink_jobmanager_job_numRestarts{job_name="dvs-classify",} 2.0
            """;

    @Test
    void parsesNamesLabelsAndValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(SCRAPE);
        assertThat(samples).hasSize(10);
        PrometheusText.Sample first = samples.get(0);
        assertThat(first.name()).isEqualTo("flink_taskmanager_job_task_operator_eventsInPerSecond");
        assertThat(first.labels()).containsEntry("operator_name", "LSM___RLS_readout").containsEntry("subtask_index", "0");
        assertThat(first.value()).isEqualTo(1200.5);
        assertThat(samples.get(3).value()).isNaN();
        assertThat(samples.get(7).labels()).containsEntry("reason", "a \"quoted\" value");
    }

    @Test
    void sumsRatesAveragesScoresTakesTheSlowestQuantileAndLeavesKeyedGroupsOut() {
        LiveMetrics m = LiveMetrics.of(PrometheusText.parse(SCRAPE));
        assertThat(m.inPerSecond()).isEqualTo(2000.0);
        assertThat(m.runningScore()).isEqualTo(0.8); // NaN subtask and the per-key group do not count
        assertThat(m.latencyP99Ms()).isEqualTo(55.0);
        assertThat(m.deadLetters()).isEqualTo(4.0);
        assertThat(m.restarts()).isEqualTo(2.0);
        assertThat(m.predictionsPerSecond()).isNaN(); // not in this scrape
    }
}
