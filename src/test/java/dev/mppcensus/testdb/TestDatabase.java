package dev.mppcensus.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for this test JVM, created once and shared by its tests (which keep
 * apart by list names and run ids). Where it comes from, in order: {@code MPP_TEST_DB_URL} (a new
 * database {@code mpp_test_<random>} is created on that server and dropped at exit), a Testcontainers
 * {@value #IMAGE} where it can start without pulling ({@link LocalDocker}), else an embedded PostgreSQL
 * in a temporary directory. The first use says on stderr which one the run uses, and why.
 */
public final class TestDatabase {

    static final String IMAGE = "postgres:17-alpine";

    private static volatile String jdbcUrl;
    private static boolean migrated;

    private TestDatabase() {
    }

    /** JDBC URL (user and password included) of this JVM's fresh test database. */
    public static synchronized String jdbcUrl() {
        if (jdbcUrl == null) {
            jdbcUrl = create();
        }
        return jdbcUrl;
    }

    /**
     * A {@link JdbcTemplate} on this JVM's test database whose schema Flyway has migrated (once per JVM,
     * from the application's {@code db/migration}, as the application does at start), for tests that
     * store rows without starting the application. Each statement (or transaction) takes a connection of
     * its own and closes it: nothing to close, nothing shared between tests.
     */
    public static synchronized JdbcTemplate migrated() {
        if (!migrated) {
            migrate(jdbcUrl());
            migrated = true;
        }
        return new JdbcTemplate(new DriverManagerDataSource(jdbcUrl()));
    }

    /** Applies the application's Flyway migrations to the database at {@code url} (a test's own database). */
    public static void migrate(String url) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
    }

    /**
     * The first column of the first row of {@code sql} on the test database as a number, 0 without a
     * row or while the schema does not exist yet (another process may not have migrated it).
     */
    public static long queryNumber(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private static String create() {
        String configured = System.getenv("MPP_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            String url = freshDatabaseOn(configured);
            announce("the server of MPP_TEST_DB_URL", url);
            return url;
        }
        long started = System.nanoTime();
        LocalDocker.Verdict docker = LocalDocker.canStart(IMAGE);
        String checked = " (Docker checked in " + (System.nanoTime() - started) / 1_000_000 + " ms: " + docker.reason() + ")";
        if (docker.canStart()) {
            PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            String url = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=" + container.getUsername() + "&password=" + container.getPassword();
            announce("a Testcontainers " + IMAGE + checked, url);
            return url;
        }
        String url = embedded();
        announce("an embedded PostgreSQL, MPP_TEST_DB_URL being unset" + checked, url);
        return url;
    }

    /** Says once, on stderr, which database this test JVM uses: where from, its address and its version. */
    private static void announce(String source, String url) {
        String version;
        try (Connection connection = DriverManager.getConnection(url)) {
            version = "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            version = "no answer yet: " + e.getMessage();
        }
        int query = url.indexOf('?');
        System.err.printf("[test database] %s, %s, from %s%n", query < 0 ? url : url.substring(0, query), version, source);
    }

    private static String freshDatabaseOn(String serverUrl) {
        String name = "mpp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on MPP_TEST_DB_URL " + serverUrl, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(serverUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }));
        return replaceDatabase(serverUrl, name);
    }

    /** {@code jdbc:postgresql://host:port/db?params} with {@code db} replaced by {@code name}. */
    static String replaceDatabase(String url, String name) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + name + params;
    }

    private static String embedded() {
        try {
            Path dir = Files.createTempDirectory("mpp-census-test-pg");
            EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting; nothing else to do
                }
            }));
            return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
        }
    }
}
