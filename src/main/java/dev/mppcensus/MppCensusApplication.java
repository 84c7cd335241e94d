package dev.mppcensus;

import dev.mppcensus.cli.CensusCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot application; {@link #main} hands the command line to {@link CensusCli}. */
@SpringBootApplication
public class MppCensusApplication {

    public static void main(String[] args) {
        LogFormat.apply();
        // Hikari hands out a connection used in the last 500 ms without checking it. The scan step writes
        // on two connections (see ResultWriterThread); after a PostgreSQL restart the job repository could
        // get the other, dead one and leave the execution UNKNOWN (not restartable). Checking every
        // checkout costs one round trip per transaction. (A system property only: Hikari has no setting.)
        System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
        System.exit(CensusCli.run(args));
    }
}
