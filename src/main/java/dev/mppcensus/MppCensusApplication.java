package dev.mppcensus;

import dev.mppcensus.cli.CensusCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring Boot application; {@link #main} hands the command line to {@link CensusCli}. */
@SpringBootApplication
public class MppCensusApplication {

    public static void main(String[] args) {
        LogFormat.apply();
        System.exit(CensusCli.run(args));
    }
}
