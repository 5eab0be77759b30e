package io.neurostream.cli;

import io.neurostream.apps.run.JobRun;
import io.neurostream.connectors.kafka.NeurostreamTopics;
import io.neurostream.connectors.replay.KafkaReplayTarget;
import io.neurostream.connectors.replay.Pacer;
import io.neurostream.connectors.replay.Recording;
import io.neurostream.connectors.replay.Recordings;
import io.neurostream.connectors.replay.ReplayOptions;
import io.neurostream.connectors.replay.ReplayStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code run --replay FILE...}: the recordings replayed into the job's input topic before it starts. */
final class ReplayFeed implements JobRun.Feed {
    private final JobRun.Kind kind;
    private final List<Path> files;
    private final double speed;
    private final Progress progress;

    ReplayFeed(JobRun.Kind kind, List<Path> files, double speed, Progress progress) {
        this.kind = kind;
        this.files = List.copyOf(files);
        this.speed = speed;
        this.progress = progress;
    }

    @Override
    public long send(String bootstrapServers, NeurostreamTopics topics) throws Exception {
        Recording recording = open(kind, files, ReplayOptions.defaults());
        recording.describe().lines().forEach(line -> System.out.println("replaying " + line));
        Pacer pacer = new Pacer(speed);
        try (KafkaReplayTarget target = new KafkaReplayTarget(bootstrapServers, topics, pacer)) {
            ReplayStats stats = recording.replay(target, pacer, s -> progress.update(String.format(Locale.ROOT,
                    "replay %,d events %,.0f /s | %,d packets | ETA %s", s.events(), s.eventsPerSecond(), s.packets(),
                    Progress.eta(s.etaSeconds()))));
            return stats.events();
        }
    }

    /** The recordings as the input of {@code kind}: fails naming a file of the wrong kind. */
    static Recording open(JobRun.Kind kind, List<Path> files, ReplayOptions options) throws Exception {
        Recordings.Kind wanted = kind == JobRun.Kind.SPIKE_DECODE ? Recordings.Kind.SPIKES : Recordings.Kind.EVENTS;
        for (Path file : files) {
            if (Recordings.kindOf(file) != wanted) {
                throw new IllegalArgumentException("--replay: " + file + " is " + (wanted == Recordings.Kind.SPIKES
                        ? "not a spike recording" : "not an event-camera recording") + "; " + kind.id() + " reads "
                        + (wanted == Recordings.Kind.SPIKES ? "spike recordings (phy/Kilosort, NWB, CSV)"
                        : "event-camera files and N-MNIST folders"));
            }
        }
        return Recordings.open(files, options);
    }
}
