package dev.mppcensus.cli;

import dev.mppcensus.census.RunConflictException;
import dev.mppcensus.domainlist.DomainListFile;
import java.io.PrintWriter;
import java.util.List;
import org.springframework.dao.DataAccessException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mpp-census} command and its subcommands. */
@Command(name = "mpp-census", mixinStandardHelpOptions = true, versionProvider = CensusCli.Version.class,
        description = "Measures how the web adopts MPP, the Machine Payments Protocol: scans domain lists for MPP "
                + "declarations and stores timestamped results in PostgreSQL.")
public final class CensusCli {

    /**
     * The subcommands, in the order the help lists them. Only the one named by the first argument is
     * built (picocli reads every option of a command by reflection, interpreted at start-up: building
     * all of them costs {@code check} about as much as its own work); all of them for the help (the
     * {@code help} subcommand included) or an unknown name.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ScanCommand.class, RunsCommand.class,
            RestartCommand.class, RescanFailedCommand.class, ExportCommand.class, CheckCommand.class,
            ReportCommand.class, ScheduleCommand.class, WorkerCommand.class, CommandLine.HelpCommand.class);

    /** Parses {@code args}, runs the command and returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with the commands' output and error streams given. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new CensusCli());
        String named = args.length == 0 ? "" : args[0];
        List<Class<?>> only = SUBCOMMANDS.stream()
                .filter(command -> command != CommandLine.HelpCommand.class && nameOf(command).equals(named)).toList();
        (only.isEmpty() ? SUBCOMMANDS : only).forEach(commandLine::addSubcommand);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(CensusCli::handleFailure);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true); // --format csv, --workers local, ...
        return commandLine.execute(args);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static int handleFailure(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("mpp-census: " + oneLine(error));
        err.flush();
        return exitCodeFor(error);
    }

    private static int exitCodeFor(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RunConflictException) {
                return ExitCodes.CONFLICT;
            }
            if (cause instanceof IllegalArgumentException || cause instanceof DomainListFile.UnreadableListException) {
                return ExitCodes.USAGE;
            }
            if (cause instanceof DataAccessException || cause instanceof java.sql.SQLException) {
                return ExitCodes.SOFTWARE;
            }
        }
        return ExitCodes.SOFTWARE;
    }

    /** The most specific message in the cause chain, on one line. */
    static String oneLine(Throwable error) {
        Throwable specific = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                specific = cause;
            }
            if (cause instanceof IllegalArgumentException || cause instanceof RunConflictException
                    || cause instanceof DomainListFile.UnreadableListException
                    || cause instanceof dev.mppcensus.census.remote.BrokerUnreachableException) {
                specific = cause;
                break;
            }
        }
        String message = specific.getMessage() == null ? specific.getClass().getSimpleName() : specific.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    /** Reports the jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CensusCli.class.getPackage().getImplementationVersion();
            return new String[] {"mpp-census " + (version == null ? "development build" : version)};
        }
    }
}
