package dev.mppcensus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A PostgreSQL session-level advisory lock on one run (list name and run date), held on its own
 * connection for as long as the run executes. PostgreSQL releases it when that session ends, so a
 * process killed with SIGKILL gives it up at once: a free lock on a run whose execution still says
 * STARTED is the evidence that the execution is dead. Also keeps two processes (on any machines
 * sharing the database) from running the same list on the same night.
 */
public final class RunLock implements AutoCloseable {

    private static final String NAMESPACE = "mpp-census run";
    /**
     * SQL predicate: some live session holds the lock of the {@code census_run} row aliased {@code r}
     * (a two-key advisory lock shows in {@code pg_locks} as classid, objid, objsubid 2).
     */
    static final String HELD_BY_SOME_SESSION = """
            EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND l.classid = hashtext('%s')::oid
                       AND l.objid = hashtext(r.list_name || '|' || to_char(r.run_date, 'YYYY-MM-DD'))::oid)"""
            .formatted(NAMESPACE);

    private final Connection connection;
    private final String key;

    private RunLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the run's lock, or returns {@code null} if another session holds it. */
    public static RunLock tryAcquire(DataSource dataSource, String listName, LocalDate runDate) {
        String key = key(listName, runDate);
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
                connection.setAutoCommit(true);
                statement.setString(1, NAMESPACE);
                statement.setString(2, key);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return new RunLock(connection, key);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            connection.close();
            return null;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot take the run lock: " + e.getMessage(), e);
        }
    }

    public static String key(String listName, LocalDate runDate) {
        return listName + "|" + runDate;
    }

    public String key() {
        return key;
    }

    /**
     * Whether this lock is still held: PostgreSQL keeps a session lock until the session ends, so it
     * is held exactly while the session answers. A database restart ends the session (and frees the lock).
     */
    public boolean isHeld() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (connection; PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
            statement.setString(1, NAMESPACE);
            statement.setString(2, key);
            statement.execute();
        } catch (SQLException e) {
            // the session is gone (database restarted): PostgreSQL has released the lock already
        }
    }
}
