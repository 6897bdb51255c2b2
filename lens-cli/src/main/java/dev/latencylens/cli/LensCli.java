package dev.latencylens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lens}: Latency Lens without Java code. Every command ends in the same post-run pipeline as
 * {@code mvn lens:bench} (RunReporter), so the reports are the same files.
 *
 * <p>Exit codes, the plugin's: {@value #OK} done and every gate passed; {@value #GATE_FAILED} an SLA was breached or a
 * regression found (when asked to fail on it); {@value #USAGE} a usage or configuration error (the message says what
 * is wrong and what is allowed), or Latency Lens could not run; {@value #NO_SUCCESS} a benchmark measured nothing: not
 * one of its requests succeeded (the message names the likely cause).
 */
@Command(name = "lens", mixinStandardHelpOptions = true, versionProvider = LensCli.Version.class,
        description = "Latency Lens: measure how fast, reliable and expensive LLM API calls are.",
        footer = {"", "Exit codes: 0 ok, 1 SLA or regression failure, 2 usage or configuration error, 3 a benchmark"
                + " with no successful request.",
            "Documentation: the README, section \"Without Java code: the lens command\"."})
public final class LensCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int GATE_FAILED = 1;
    public static final int USAGE = 2;
    public static final int NO_SUCCESS = 3;

    /**
     * The commands, in the order the help lists them. Added by {@link #execute}, not by {@code @Command(subcommands)}:
     * picocli builds a command's model by reflecting over its options, some 0.1 s of a fresh JVM's CPU for all of
     * them, so a call names its command and gets only that one built; {@code lens} alone, its help or an unknown
     * command gets them all, for the list and the "did you mean".
     */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, ProfileCommand.class, SimCommand.class,
            CompareCommand.class, ReportCommand.class, MergeCommand.class, MonitorCommand.class,
            RecommendCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code lens args} and returns its exit code. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new LensCli());
        List<Class<?>> named = COMMANDS.stream().filter(c -> args.length > 0
                && c.getAnnotation(Command.class).name().equals(args[0])).toList();
        (named.isEmpty() ? COMMANDS : named).forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler(LensCli::failed);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --pattern poisson, as a configuration file writes it
        return cli.execute(args);
    }

    /** {@code lens} alone: what it can do, and the exit code of a usage error (a command is missing). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /**
     * A bad configuration file, an invalid option value the runtime found, a missing key, an unreadable file: one
     * line naming it, exit 2. Anything else is a bug, shown with its stack trace, also exit 2 (the tool failed).
     */
    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException) {
            err.println("lens " + cli.getCommandName() + ": " + e.getMessage());
        } else if (e instanceof IOException) {
            err.println("lens " + cli.getCommandName() + ": could not read " + e.getMessage() + " ("
                    + e.getClass().getSimpleName() + ")");
        } else {
            err.println("lens " + cli.getCommandName() + ": Latency Lens could not run:");
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LensCli.class.getPackage().getImplementationVersion();
            return new String[] {"Latency Lens " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
