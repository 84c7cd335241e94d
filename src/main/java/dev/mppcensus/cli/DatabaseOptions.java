package dev.mppcensus.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the embedded database keeps its files when no {@code SPRING_DATASOURCE_URL} is configured. */
final class DatabaseOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded PostgreSQL, used when SPRING_DATASOURCE_URL is not set "
                    + "(default: $MPP_CENSUS_DATA_DIR, else ~/.mpp-census).")
    Path dataDir;

    Path dataDirOrDefault() {
        if (dataDir != null) {
            return dataDir;
        }
        String fromEnvironment = System.getenv("MPP_CENSUS_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".mpp-census");
    }
}
