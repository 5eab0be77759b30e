package io.neurostream.apps.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.apps.recovery.RecoveryHarness.Failure;
import io.neurostream.apps.recovery.RecoveryHarness.Outcome;
import io.neurostream.apps.recovery.RecoveryHarness.Workload;
import io.neurostream.connectors.kafka.EmbeddedKafkaBroker;
import io.neurostream.connectors.kafka.flink.DeliveryMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker stops and starts again (same port, same data folder) while spike-decode runs
 * exactly once and the replayer writes: both recover by themselves, and the committed predictions
 * hold every bin once, as an uninterrupted run on the same input has them.
 */
class BrokerRestartITCase {
    private EmbeddedKafkaBroker broker;
    private Path dataDir;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        io.neurostream.connectors.kafka.TempFolders.deleteQuietly(dataDir);
    }

    @Test
    void spikeDecodeAndReplayerRecoverFromABrokerRestartWithNothingLostOrRepeated() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        dataDir = Files.createTempDirectory("neurostream-broker-restart-");
        broker = EmbeddedKafkaBroker.start(port, dataDir);
        String bootstrap = broker.bootstrapServers();
        Workload spikes = RecoveryHarness.spikes(32, 60);

        Outcome baseline = RecoveryHarness.run(bootstrap, "baseline", spikes, DeliveryMode.EXACTLY_ONCE, Failure.NONE,
                60, null);
        RecoveryITCase.assertExactlyOnce(baseline, baseline);

        int[] restarts = new int[1];
        Outcome restarted = RecoveryHarness.run(bootstrap, "restart", spikes, DeliveryMode.EXACTLY_ONCE,
                Failure.RESTART_BROKER, 60, () -> {
                    broker.close();
                    RecoveryHarness.sleep(1_000);
                    broker = EmbeddedKafkaBroker.start(port, dataDir);
                    restarts[0]++;
                });
        assertThat(restarts[0]).as("broker restarts").isEqualTo(1);
        assertThat(broker.reusedDataDir()).as("the broker came back on its data").isTrue();
        RecoveryITCase.assertExactlyOnce(restarted, baseline);
    }
}
