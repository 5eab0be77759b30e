package io.neurostream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code neurostream} command. */
@Command(name = "neurostream", mixinStandardHelpOptions = true, version = "neurostream 0.1.0",
        description = "Online learning from neuromorphic streams on Kafka and Flink.",
        subcommands = {DemoCommand.class, ReplayCommand.class, DecodeDemoCommand.class, InspectCommand.class, RunCommand.class, BrokerCommand.class,
                ModelCommand.class})
public final class Neurostream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it (tests execute it in-process). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Neurostream());
        cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(RunCommand.jobOptionsFooter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
