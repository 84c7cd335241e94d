package dev.mppcensus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command under {@code /usr/bin/time -v} and measures it from outside: wall time, user and
 * system CPU, peak RSS (the kernel's maxrss of the child), plus samples of the child's CPU and RSS
 * from {@code /proc} every {@value #SAMPLE_MILLIS} ms (to split start-up CPU from scan CPU and to see
 * whether memory stays flat). A run that exceeds its time limit is killed (only that process tree).
 */
final class MeasuredProcess {

    static final int SAMPLE_MILLIS = 250;
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    /** One {@code /proc} sample: when (System.nanoTime), CPU seconds so far, resident KiB. */
    record Sample(long nanos, double cpuSeconds, long rssKiB) {
    }

    record Outcome(int exitCode, boolean timedOut, double wallSeconds, double userSeconds, double systemSeconds,
                   long maxRssKiB, List<Sample> samples, Path stdout, Path stderr) {

        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }

        /** CPU seconds the process had used at {@code nanos} (the last sample not after it; 0 before any). */
        double cpuAt(long nanos) {
            double cpu = 0;
            for (Sample s : samples) {
                if (s.nanos() > nanos) {
                    break;
                }
                cpu = s.cpuSeconds();
            }
            return cpu;
        }

        String stdoutText() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }
    }

    private MeasuredProcess() {
    }

    static Outcome run(List<String> command, Map<String, String> environment, Path outputPrefix, long limitSeconds)
            throws IOException, InterruptedException {
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        timed.addAll(command);
        Path stdout = outputPrefix.resolveSibling(outputPrefix.getFileName() + ".out");
        Path stderr = outputPrefix.resolveSibling(outputPrefix.getFileName() + ".err");
        ProcessBuilder builder = new ProcessBuilder(timed)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process time = builder.start();
        List<Sample> samples = new ArrayList<>();
        long deadline = start + TimeUnit.SECONDS.toNanos(limitSeconds);
        boolean timedOut = false;
        while (!time.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
            time.children().findFirst().ifPresent(child -> {
                Sample s = sample(child.pid());
                if (s != null) {
                    samples.add(s);
                }
            });
            if (System.nanoTime() > deadline) {
                timedOut = true;
                time.children().forEach(ProcessHandle::destroy);
                time.waitFor(10, TimeUnit.SECONDS);
                time.children().forEach(ProcessHandle::destroyForcibly);
                time.waitFor();
                break;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String report = Files.readString(stderr, StandardCharsets.UTF_8);
        return new Outcome(time.exitValue(), timedOut, wall, number(report, "User time \\(seconds\\): ([\\d.]+)"),
                number(report, "System time \\(seconds\\): ([\\d.]+)"),
                (long) number(report, "Maximum resident set size \\(kbytes\\): (\\d+)"), samples, stdout, stderr);
    }

    private static Sample sample(long pid) {
        try {
            long now = System.nanoTime();
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Sample(now, cpu, rss);
        } catch (IOException | RuntimeException e) {
            return null; // the process is gone
        }
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
