package dev.mppcensus.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a run waits for its database to come back after an outage before it fails. */
final class OutageOptions {

    @Option(names = "--db-outage-wait", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "If the database goes away mid-run (restart, failover, broken connection), wait up to this "
                    + "long for it, then resume the run by itself; past it the run fails and 'restart --run ID' "
                    + "resumes it (default: ${DEFAULT-VALUE}; 0s fails at once).")
    Duration dbOutageWait;

    Duration validated() {
        if (dbOutageWait.isNegative()) {
            throw new IllegalArgumentException("--db-outage-wait must not be negative");
        }
        return dbOutageWait;
    }
}
