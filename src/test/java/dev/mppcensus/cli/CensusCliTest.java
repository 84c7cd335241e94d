package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line builds only the subcommand it runs, yet every way to ask for help still works. */
class CensusCliTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CensusCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void theHelpListsEveryCommand() {
        Result help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("scan", "runs", "restart", "rescan-failed", "export", "check", "report",
                "schedule", "worker", "help");
    }

    @Test
    void theHelpCommandKnowsEveryCommand() {
        Result help = run("help", "check");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: mpp-census check");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void aCommandsOwnHelp() {
        Result help = run("check", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: mpp-census check", "--connect-to");
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatNamesTheCommands() {
        Result unknown = run("chek", "example.com");

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unmatched argument", "check");
    }
}
