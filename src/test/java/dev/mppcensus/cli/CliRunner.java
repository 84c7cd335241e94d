package dev.mppcensus.cli;

import dev.mppcensus.testdb.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line in-process against this JVM's test database and captures its output. */
final class CliRunner {

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        System.setProperty("spring.datasource.url", TestDatabase.jdbcUrl());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CensusCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private CliRunner() {
    }
}
