package dev.mppcensus.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Polls {@code probe} every 10 ms until {@code when} holds; fails if the process ends first. */
    void awaitState(Probe probe, LongPredicate when) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!when.test(probe.value())) {
            assertThat(process.isAlive()).as("the process ended too early:%n%s", output()).isTrue();
            assertThat(System.nanoTime()).as("state not reached in 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
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
