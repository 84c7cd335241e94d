package dev.mppcensus.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup database: a PostgreSQL server whose data directory persists between runs.
 *
 * <p>Several processes may use one data directory: the first starts the server and owns it (it holds
 * an exclusive lock on {@code owner.lock} while it runs); later ones find the lock taken and attach
 * to the running server as guests. A server left behind by a process that was killed (its lock is
 * free again) is stopped and started afresh by the next process.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(30);
    /** How long to wait for the server that another process is starting (initdb on first use included). */
    private static final Duration OWNER_STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres server;
    private final FileChannel lockChannel;
    private final FileLock ownerLock;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres server, FileChannel lockChannel, FileLock ownerLock, int port) {
        this.server = server;
        this.lockChannel = lockChannel;
        this.ownerLock = ownerLock;
        this.port = port;
    }

    /** Starts (or attaches to) the server whose files live in {@code dataDir/postgres}. */
    public static EmbeddedDatabase start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("owner.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                int port = awaitRunningServerPort(pgData).orElseThrow(() -> new IllegalStateException(
                        "another mpp-census process holds " + dataDir + " but its database did not come up in "
                                + OWNER_STARTUP_WAIT.toSeconds() + " s"));
                log.info("Attaching to the embedded PostgreSQL of another process on port {}", port);
                return new EmbeddedDatabase(null, null, null, port);
            }
            stopOrphanedServer(pgData);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedDatabase(server, channel, lock, server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData, e);
        }
    }

    /** JDBC URL of the server's {@code postgres} database (user {@code postgres}, trust auth). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            ownerLock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        }
    }

    /** The port in {@code postmaster.pid} (line 4) if a server is running on that data directory. */
    /** The port of the server another process owns, waiting while that process is still starting it. */
    private static Optional<Integer> awaitRunningServerPort(Path pgData) throws IOException {
        long deadline = System.nanoTime() + OWNER_STARTUP_WAIT.toNanos();
        Optional<Integer> port = runningServerPort(pgData);
        while (port.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            port = runningServerPort(pgData);
        }
        return port;
    }

    private static Optional<Integer> runningServerPort(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        // postmaster.pid: line 1 the pid, line 4 the port, line 8 the status ("ready" once it accepts connections)
        if (lines.size() < 8 || ProcessHandle.of(Long.parseLong(lines.get(0).strip())).isEmpty()
                || !lines.get(7).strip().equals("ready")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(lines.get(3).strip()));
    }

    /** Stops a server that a killed process left running on this data directory, if any. */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a process that ended abruptly",
                orphan.get().pid());
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(ORPHAN_SHUTDOWN_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("an orphaned PostgreSQL (pid " + orphan.get().pid()
                    + ") still holds " + pgData + "; stop it and retry", e);
        }
    }
}
