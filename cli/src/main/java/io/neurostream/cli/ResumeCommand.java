package io.neurostream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurostream resume <job> --from SAVEPOINT --jobmanager URL [job options]}: {@code submit}
 * starting from a savepoint (or a retained checkpoint), so the job continues with its learned state.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Submits a job like 'submit', starting from a savepoint (or a retained",
                "checkpoint) taken by 'neurostream stop': it continues with its learned state and",
                "Kafka offsets. Give the same job options as before (see the README's upgrade",
                "procedure)."})
final class ResumeCommand extends SubmitCommand {
    @Option(names = "--from", required = true, paramLabel = "SAVEPOINT",
            description = "The savepoint path 'neurostream stop' printed (file:/.../savepoint-...).")
    String from;

    @Option(names = "--allow-non-restored-state",
            description = "Skip savepoint state that no operator of the new job claims (e.g. an operator removed).")
    boolean allowNonRestored;

    @Override
    String savepointPath() {
        return from;
    }

    @Override
    boolean allowNonRestoredState() {
        return allowNonRestored;
    }
}
