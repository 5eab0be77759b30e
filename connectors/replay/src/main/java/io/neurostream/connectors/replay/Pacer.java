package io.neurostream.connectors.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock of one replay: keeps it on the recording's own time, scaled by a speed, and stops it.
 * {@link #await(long)} returns when the wall clock has advanced {@code (tMicros - t0) / speed}
 * since the first call ({@code t0} being that call's time); speed 0 ({@link #asFastAsPossible()})
 * never waits. {@link #stop()} (from any thread, e.g. a shutdown hook) wakes a waiting replay and
 * makes it end after what it already sent, flushed.
 */
public final class Pacer {
    private final double speed;
    private boolean started;
    private long originMicros;
    private long originNanos;
    private volatile boolean stopped;
    private volatile Thread waiter;

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

    /**
     * Waits until recording time {@code tMicros} is due; the first call fixes the origin.
     *
     * @return false once {@link #stop()} was called: the replay should end
     */
    public boolean await(long tMicros) throws InterruptedException {
        if (!started) {
            started = true;
            originMicros = tMicros;
            originNanos = System.nanoTime();
            return !stopped;
        }
        if (speed == 0) {
            return !stopped;
        }
        long due = originNanos + (long) ((tMicros - originMicros) * 1000.0 / speed);
        waiter = Thread.currentThread();
        try {
            long wait;
            while (!stopped && (wait = due - System.nanoTime()) > 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("replay interrupted");
                }
                // one park per wait (the loop covers early wake-ups, stop() unparks): short slices would wake
                // this thread thousands of times a second and steal the cores the pipeline needs
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            waiter = null;
        }
        return !stopped;
    }

    /** Ends the replay paced by this: a waiting {@link #await} returns at once, and every later one returns false. */
    public void stop() {
        stopped = true;
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public boolean stopped() {
        return stopped;
    }
}
