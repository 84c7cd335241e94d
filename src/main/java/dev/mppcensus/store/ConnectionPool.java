package dev.mppcensus.store;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Sizes Boot's Hikari pool for the partitions a process scans at once: each holds a connection for
 * as long as its chunk scans (the chunk's transaction), and the run lock, the job repository and the
 * progress display need a few more. Called where a process learns how many partitions it will scan at
 * once: the launcher before a local run, a worker when it starts.
 */
@Component
public class ConnectionPool {

    /** Connections besides the scanning partitions' (run lock, job repository, progress, staging). */
    static final int OTHER_CONNECTIONS = 4;

    private final DataSource dataSource;

    ConnectionPool(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Grows the pool, if it is smaller, to serve {@code partitions} scanning at once. */
    public synchronized void serve(int partitions) {
        if (dataSource instanceof HikariDataSource hikari) {
            int wanted = partitions + OTHER_CONNECTIONS;
            if (hikari.getMaximumPoolSize() < wanted) {
                hikari.setMaximumPoolSize(wanted); // allowed on a running pool (HikariConfigMXBean)
            }
        }
    }
}
