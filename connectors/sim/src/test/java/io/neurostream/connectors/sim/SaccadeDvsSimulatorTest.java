package io.neurostream.connectors.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neurostream.schemas.EventPacket;
import io.neurostream.schemas.Label;
import io.neurostream.schemas.codec.PackedEvents;
import io.neurostream.schemas.codec.RecordChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaccadeDvsSimulatorTest {
    private static final SaccadeDvsSimulator.Params NOISELESS = new SaccadeDvsSimulator.Params(
            34, 34, 100.0, 4.0, 1000, 0.25, 0.0, 1000, 0.0, 0.1);

    /** A 10x10 white square in a 28x28 black image. */
    private static MnistDigits square() {
        byte[] pixels = new byte[28 * 28];
        for (int r = 9; r < 19; r++) {
            for (int c = 9; c < 19; c++) {
                pixels[r * 28 + c] = (byte) 255;
            }
        }
        return MnistDigits.of(28, 28, pixels, new byte[] {0});
    }

    @Test
    void aMovingSquareGivesTheEventCountOfItsEdges() {
        SimulatedEvents events = new SimulatedEvents();
        new SaccadeDvsSimulator(NOISELESS).simulate(square(), 0, 0, 1, events);
        // Each saccade sweeps the square's edges across pixels; a full black->white crossing is
        // ln((1 + 0.1) / 0.1) / 0.25 = 9.6 thresholds, so ~9 events per pixel crossed. The leading
        // and trailing edges of a 10 px square sweeping 4 px horizontally and/or 2-4 px vertically
        // cross a few hundred pixels per saccade.
        assertThat(events.size()).isBetween(1500, 6000);
        // The path is closed (a triangle back to the start): as much brightening as darkening.
        double onFraction = (double) events.onCount() / events.size();
        assertThat(onFraction).isCloseTo(0.5, within(0.05));
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.t(i)).isBetween(0L, NOISELESS.sampleDurationMicros()).isGreaterThanOrEqualTo(previous);
            previous = events.t(i);
            assertThat(events.x(i)).isBetween(0, 33);
            assertThat(events.y(i)).isBetween(0, 33);
        }
    }

    @Test
    void aBlankImageIsSilentWithoutNoiseAndNoisyWithIt() {
        MnistDigits blank = MnistDigits.of(28, 28, new byte[28 * 28], new byte[] {0});
        SimulatedEvents events = new SimulatedEvents();
        new SaccadeDvsSimulator(NOISELESS).simulate(blank, 0, 0, 1, events);
        assertThat(events.size()).isZero();
        SaccadeDvsSimulator.Params noisy = new SaccadeDvsSimulator.Params(34, 34, 100.0, 4.0, 1000, 0.25, 0.0, 1000,
                10.0, 0.1);
        new SaccadeDvsSimulator(noisy).simulate(blank, 0, 0, 1, events);
        // 10 Hz x 1156 pixels x 0.3 s = 3468 expected, Poisson
        assertThat(events.size()).isBetween(3468 - 250, 3468 + 250);
    }

    @Test
    void realDigitsLookLikeNmnistAndAreDeterministic() {
        MnistDigits digits = MnistDigits.bundled();
        assertThat(digits.count()).isEqualTo(10_000);
        assertThat(digits.label(0)).isEqualTo(8); // data README: first ten labels 8 0 2 0 0 0 9 6 4 1
        assertThat(digits.label(6)).isEqualTo(9);
        SaccadeDvsSimulator simulator = new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike());
        SimulatedEvents a = new SimulatedEvents();
        SimulatedEvents b = new SimulatedEvents();
        simulator.simulate(digits, 1, 5_000, 99, a);
        simulator.simulate(digits, 1, 5_000, 99, b);
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.t(i)).isEqualTo(b.t(i));
            assertThat(a.x(i)).isEqualTo(b.x(i));
        }
        // Real N-MNIST samples hold 1,069-7,152 events (data README); ours fall in the same range.
        assertThat(a.size()).isBetween(1000, 9000);
        assertThat((double) a.onCount() / a.size()).isBetween(0.4, 0.6);
    }

    @Test
    void streamCutsValidPacketsThatEndAtTheSlotEnd() {
        MnistDigits digits = MnistDigits.bundled();
        SimulatedNmnistStream stream = new SimulatedNmnistStream(digits,
                new SaccadeDvsSimulator(SaccadeDvsSimulator.Params.nmnistLike()), "s", 400_000, 500, 3);
        List<EventPacket> packets = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        SimulatedNmnistStream.Sink sink = new SimulatedNmnistStream.Sink() {
            @Override
            public void label(Label label) {
                labels.add(label);
            }

            @Override
            public void packet(EventPacket packet) {
                packets.add(packet);
            }
        };
        int events = stream.emitSample(2, 10, true, sink);
        stream.emitSample(3, 11, false, sink);
        assertThat(labels).hasSize(1);
        assertThat(labels.get(0).getClassIndex()).isEqualTo(digits.label(10));
        assertThat(labels.get(0).getStartTimeMicros()).isEqualTo(800_000);
        int total = 0;
        long previousEnd = 0;
        long sequence = 0;
        for (EventPacket p : packets) {
            assertThat(RecordChecks.check(p)).isNull();
            assertThat(p.getSequence()).isEqualTo(sequence++);
            assertThat(p.getStartTimeMicros()).isGreaterThanOrEqualTo(previousEnd);
            previousEnd = p.getEndTimeMicros();
            if (p.getEndTimeMicros() <= 1_200_000) {
                total += p.getEventCount();
            }
            assertThat(p.getEventCount()).isLessThanOrEqualTo(500 + 50);
            var view = PackedEvents.view(p.getEvents());
            assertThat(PackedEvents.dtMicros(view, 0) + p.getStartTimeMicros()).isGreaterThanOrEqualTo(800_000);
        }
        assertThat(total).isEqualTo(events);
        assertThat(packets).anyMatch(p -> p.getEndTimeMicros() == 1_200_000);
        assertThat(packets.get(packets.size() - 1).getEndTimeMicros()).isEqualTo(1_600_000);
    }
}
