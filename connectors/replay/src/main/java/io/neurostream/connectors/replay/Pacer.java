package io.neurostream.connectors.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a replay on the recording's own clock: {@link #await(long)} returns when the wall clock
 * has advanced {@code (tMicros - t0) / speed} since the first call. Speed 0 (or {@link #asFastAsPossible()})
 * never waits.
 */
public final class Pacer {
    private final double speed;
    private boolean started;
    private long originMicros;
    private long originNanos;

    /** @param speed recording seconds per wall second, &gt; 0; or 0 for as fast as possible */
    public Pacer(double speed) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
        }
        this.speed = speed;
    }

    public static Pacer asFastAsPossible() {
        return new Pacer(0);
    }

    public double speed() {
        return speed;
    }

    /** Waits until recording time {@code tMicros} is due; the first call fixes the origin. */
    public void await(long tMicros) throws InterruptedException {
        if (!started) {
            started = true;
            originMicros = tMicros;
            originNanos = System.nanoTime();
            return;
        }
        if (speed == 0) {
            return;
        }
        long due = originNanos + (long) ((tMicros - originMicros) * 1000.0 / speed);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted");
            }
            // one park per wait (the loop covers early wake-ups): short slices would wake this
            // thread thousands of times a second and steal the cores the pipeline needs
            LockSupport.parkNanos(wait);
        }
    }
}
