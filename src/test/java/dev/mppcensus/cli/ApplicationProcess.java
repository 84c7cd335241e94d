package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/** The real application started in its own JVM (this JVM's class path), its output going to a file. */
record ApplicationProcess(Process process, Path log) {

    /** A database figure polled while the process runs. */
    @FunctionalInterface
    interface Probe {
        long value() throws Exception;
    }

    static ApplicationProcess start(String jdbcUrl, Path log, List<String> args) throws Exception {
        return start(jdbcUrl, log, List.of(), args);
    }

    /** As {@link #start(String, Path, List)}, with more system properties ({@code name=value}) for the JVM. */
    static ApplicationProcess start(String jdbcUrl, Path log, List<String> properties, List<String> args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dspring.datasource.url=" + jdbcUrl,
                "-XX:TieredStopAtLevel=1"));
        properties.forEach(property -> command.add("-D" + property));
        command.add("dev.mppcensus.MppCensusApplication");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(System.getProperty("java.io.tmpdir"))).start();
        return new ApplicationProcess(process, log);
    }

    /**
     * Waits (at most 60 s, asking every 10 ms) until {@code probe}'s value satisfies {@code when}; fails
     * at once, with the process's output, if the process ends before.
     */
    void awaitState(Probe probe, LongPredicate when) throws Exception {
        await("the state awaited in " + log.getFileName()).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    if (when.test(probe.value())) {
                        return true;
                    }
                    assertThat(process.isAlive()).as("the process ended too early:%n%s", output()).isTrue();
                    return false;
                });
    }

    /** Kills the process with SIGKILL once {@code probe} satisfies {@code when}. */
    void killWhen(Probe probe, LongPredicate when) throws Exception {
        awaitState(probe, when);
        process.destroyForcibly(); // SIGKILL on Linux
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() throws Exception {
        return Files.readString(log);
    }
}
