package io.neurostream.cli;

import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code neurostream} command. */
@Command(name = "neurostream", mixinStandardHelpOptions = true, version = "neurostream 0.1.0",
        description = "Online learning from neuromorphic streams on Kafka and Flink.",
        subcommands = {DemoCommand.class, ReplayCommand.class, DecodeDemoCommand.class, InspectCommand.class, RunCommand.class, BrokerCommand.class,
                SubmitCommand.class, JobsCommand.class, CancelCommand.class, StopCommand.class, ResumeCommand.class,
                BenchCommand.class, EvalCommand.class, AnalyticsDemoCommand.class,
                ModelCommand.class})
public final class Neurostream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Every command (inherited) connects with these Kafka client properties; see README "Security". */
    @Option(names = "--kafka-properties", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*) for every Kafka client of this "
                    + "command; NEUROSTREAM_KAFKA_<NAME> variables override single ones (README: Security).")
    void kafkaProperties(Path file) {
        try {
            KafkaClientSecurity.useByDefault(KafkaClientSecurity.load(file, System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-properties: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it (tests execute it in-process). */
    static CommandLine commandLine() {
        KafkaClientSecurity.useByDefault(null); // each command line starts from the environment's settings
        CommandLine cli = new CommandLine(new Neurostream());
        cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(RunCommand.jobOptionsFooter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
