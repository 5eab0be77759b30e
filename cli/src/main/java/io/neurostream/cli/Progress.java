package io.neurostream.cli;

import java.io.PrintStream;
import java.util.Locale;

/** One progress line: rewritten in place on a terminal, printed every few seconds otherwise. */
final class Progress {
    private final PrintStream out;
    private final boolean terminal = System.console() != null && System.getenv("CI") == null;
    private long lastPrintNanos;

    Progress(PrintStream out) {
        this.out = out;
    }

    synchronized void update(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else if (System.nanoTime() - lastPrintNanos > 5_000_000_000L) {
            lastPrintNanos = System.nanoTime();
            out.println(line);
        }
    }

    /** A line of its own (an event such as a recovery), printed at once; the progress line goes on below it. */
    synchronized void note(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K\n");
        } else {
            out.println(line);
        }
        out.flush();
    }

    void done() {
        if (terminal) {
            out.println();
        }
    }

    static String eta(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
