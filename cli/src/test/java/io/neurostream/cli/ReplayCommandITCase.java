package io.neurostream.cli;

import static io.neurostream.cli.TestData.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurostream.connectors.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code neurostream replay} of both kinds into a real broker: the summary counts what the files hold. */
class ReplayCommandITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();


    @Test
    void replaysEventFilesInterleaved() {
        String topic = "events-" + UUID.randomUUID();
        CommandOutput r = CommandOutput.run("replay", "--bootstrap-servers", KAFKA.bootstrapServers(), "--max",
                data("event-camera/nmnist/sample_nmnist.bin").toString(), data("event-camera/evt2/evt2.raw").toString(),
                "--topic", topic, "--sensor-id", "n,e");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        // 4,325 + 521,252 events (counted independently, see the data README)
        assertThat(r.out()).contains("replaying n <- ").contains("replaying e <- ").contains("(EVT2, 640x480)")
                .contains("to " + KAFKA.bootstrapServers() + " (" + topic + ", labels), as fast as possible")
                .contains("events        525,577").contains("sensors       2").contains("labels        0");
    }

    @Test
    void replaysASpikeRecording() {
        String topic = "spikes-" + UUID.randomUUID();
        CommandOutput r = CommandOutput.run("replay", data("spikes/kilosort").toString(), "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--speed", "50", "--spikes-topic", topic, "--session", "phy", "--bin-ms", "40");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        // 314 spikes from 0.04024 s to 11.93612 s: 40 ms windows 1 to 298
        assertThat(r.out()).contains("as session 'phy': 314 spikes from 62 units")
                .contains("(" + topic + ", labels), speed 50.0x, SpikeBatches of 40 ms")
                .contains("spikes        314").contains("SpikeBatches  298 of 40 ms");
    }
}
