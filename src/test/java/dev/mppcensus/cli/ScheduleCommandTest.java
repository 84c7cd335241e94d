package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code schedule} processes (in-process, each with its own Spring context and connection pool)
 * share one database, fire every two seconds for the same night: the night runs exactly once, the
 * other scheduler skips it (held elsewhere, or already completed), and the run's summary is filled.
 */
class ScheduleCommandTest {

    @TempDir
    Path dir;

    @Test
    void twoSchedulersMakeOneRunPerNight() throws Exception {
        Path list = dir.resolve("nightly.txt");
        Files.writeString(list, "one.test\ntwo.test\nthree.test\n");
        String connectTo = "::127.0.0.1:" + Listeners.refusedPort();
        String[] args = {"schedule", "nightly-two-schedulers=" + list, "--cron", "*/2 * * * * *",
                "--run-date", "2030-01-01", "--max-triggers", "2", "--connect-to", connectTo, "--timeout", "2s"};

        CompletableFuture<CliRunner.Result> first = CompletableFuture.supplyAsync(() -> CliRunner.run(args));
        CompletableFuture<CliRunner.Result> second = CompletableFuture.supplyAsync(() -> CliRunner.run(args));
        CliRunner.Result a = first.get(3, TimeUnit.MINUTES);
        CliRunner.Result b = second.get(3, TimeUnit.MINUTES);

        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.exitCode()).as(b.err()).isZero();
        List<String> lines = (a.out() + b.out()).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).filteredOn(l -> l.contains(": completed run ")).hasSize(1);
        assertThat(lines).allMatch(l -> l.contains(": completed run ") || l.contains(": already_completed run ")
                || l.contains(": held_elsewhere"));
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT count(*), min(r.status), min(r.domains_scanned), min(m.domains)
                          FROM census_run r LEFT JOIN run_summary m ON m.run_id = r.id AND m.rank_bucket = 'all'
                         WHERE r.list_name = 'nightly-two-schedulers'""")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("completed");
            assertThat(rs.getLong(3)).isEqualTo(3);
            assertThat(rs.getLong(4)).as("summary filled by the trigger when the run closed").isEqualTo(3);
        }
    }

    @Test
    void badCronIsAUsageError() {
        CliRunner.Result result = CliRunner.run("schedule", "x=/nonexistent", "--cron", "every night");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not a cron expression");
    }
}
