package io.neurostream.connectors.spikes.sim;

import java.util.SplittableRandom;

/**
 * Hand kinematics of a centre-out task: hold at the centre, reach to a random target with a
 * minimum-jerk trajectory (Flash &amp; Hogan 1985: {@code x(s) = x0 + (x1 - x0)(10 s^3 - 15 s^4 + 6 s^5)},
 * bell-shaped speed peaking at {@code 1.875 * distance / duration}), hold at the target, return
 * to the centre the same way, repeat. Deterministic from its random generator.
 */
public final class CenterOutTask {
    private enum Phase { HOLD_CENTRE, OUT, HOLD_TARGET, BACK }

    private final ReachSimParams p;
    private final SplittableRandom random;
    private Phase phase = Phase.HOLD_CENTRE;
    private double phaseMs;
    private double phaseDurationMs;
    private double startX;
    private double startY;
    private double endX;
    private double endY;
    private double x;
    private double y;
    private double vx;
    private double vy;
    private long reaches;

    public CenterOutTask(ReachSimParams params, SplittableRandom random) {
        this.p = params;
        this.random = random;
        this.phaseDurationMs = uniform(p.holdMsMin(), p.holdMsMax());
    }

    /** Advances by {@code dtMs}; position and velocity then describe the end of the step. */
    public void advance(double dtMs) {
        phaseMs += dtMs;
        while (phaseMs >= phaseDurationMs) {
            phaseMs -= phaseDurationMs;
            nextPhase();
        }
        if (phase == Phase.OUT || phase == Phase.BACK) {
            double s = phaseMs / phaseDurationMs;
            double shape = s * s * s * (10 - 15 * s + 6 * s * s);
            double rate = 30 * s * s * (1 - s) * (1 - s) / (phaseDurationMs / 1000.0); // d shape / dt, 1/s
            x = startX + (endX - startX) * shape;
            y = startY + (endY - startY) * shape;
            vx = (endX - startX) * rate;
            vy = (endY - startY) * rate;
        } else {
            vx = 0;
            vy = 0;
        }
    }

    private void nextPhase() {
        switch (phase) {
            case HOLD_CENTRE -> {
                double angle = p.targetCount() == 0 ? random.nextDouble() * 2 * Math.PI
                        : random.nextInt(p.targetCount()) * 2 * Math.PI / p.targetCount();
                startMove(Phase.OUT, p.targetDistanceCm() * Math.cos(angle), p.targetDistanceCm() * Math.sin(angle));
            }
            case OUT -> hold(Phase.HOLD_TARGET);
            case HOLD_TARGET -> startMove(Phase.BACK, 0, 0);
            case BACK -> hold(Phase.HOLD_CENTRE);
            default -> throw new IllegalStateException(phase.toString());
        }
    }

    private void startMove(Phase next, double toX, double toY) {
        phase = next;
        startX = x;
        startY = y;
        endX = toX;
        endY = toY;
        phaseDurationMs = uniform(p.reachMsMin(), p.reachMsMax());
        reaches++;
    }

    private void hold(Phase next) {
        phase = next;
        x = endX;
        y = endY;
        phaseDurationMs = Math.max(1e-3, uniform(p.holdMsMin(), p.holdMsMax()));
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    public double xCm() {
        return x;
    }

    public double yCm() {
        return y;
    }

    public double vxCmPerS() {
        return vx;
    }

    public double vyCmPerS() {
        return vy;
    }

    /** Movements started so far (out and back both count). */
    public long movements() {
        return reaches;
    }
}
