package io.neurostream.flink.common;

import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * A failure a person (or a test) asks for, to watch a job recover: a subtask of the learning
 * operator throws {@link InjectedFailure} when it has taken {@code afterInputs} inputs in its first
 * attempt. The throw restarts the whole job (its stream is keyed: one failover region), and
 * restarted attempts (attempt number &gt; 0) never throw, so the job fails once, recovers from its
 * last checkpoint and goes on. Off ({@link #NONE}) unless a job option turns it on
 * ({@code --fail-once-after-inputs N}); it costs one comparison per input.
 */
public final class FailureInjection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No failure. */
    public static final FailureInjection NONE = new FailureInjection(0);

    private final long afterInputs;
    private transient long inputs;

    private FailureInjection(long afterInputs) {
        this.afterInputs = afterInputs;
    }

    /** Throws once, after {@code afterInputs} inputs of a subtask in the job's first attempt (0 = never). */
    public static FailureInjection failOnceAfterInputs(long afterInputs) {
        if (afterInputs < 0) {
            throw new IllegalArgumentException("--fail-once-after-inputs must be >= 0, got " + afterInputs);
        }
        return afterInputs == 0 ? NONE : new FailureInjection(afterInputs);
    }

    public boolean enabled() {
        return afterInputs > 0;
    }

    public long afterInputs() {
        return afterInputs;
    }

    /** Counts one input of the operator; throws if this is the one the failure was asked for. */
    public void onInput(RuntimeContext context) {
        if (afterInputs == 0) {
            return;
        }
        if (++inputs == afterInputs && context.getTaskInfo().getAttemptNumber() == 0) {
            throw new InjectedFailure("injected failure (--fail-once-after-inputs " + afterInputs + ") in "
                    + context.getTaskInfo().getTaskNameWithSubtasks() + "; the job restarts from its last checkpoint");
        }
    }

    /** The exception {@link #onInput} throws; recognisable in logs and exception histories. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InjectedFailure(String message) {
            super(message);
        }
    }
}
