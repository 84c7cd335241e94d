package dev.mppcensus.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for this test JVM, created once and shared by its tests (which keep
 * apart by list names and run ids). Where it comes from, in order: {@code MPP_TEST_DB_URL} (a new
 * database {@code mpp_test_<random>} is created on that server and dropped at exit), Testcontainers
 * where a Docker engine answers, else an embedded PostgreSQL in a temporary directory.
 */
public final class TestDatabase {

    private static volatile String jdbcUrl;

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
     * The first column of the first row of {@code sql} on the test database as a number, 0 without a
     * row or while the schema does not exist yet (another process may not have migrated it).
     */
    public static long queryNumber(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl());
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private static String create() {
        String configured = System.getenv("MPP_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            return freshDatabaseOn(configured);
        }
        if (dockerLikelyAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=" + container.getUsername() + "&password=" + container.getPassword();
        }
        return embedded();
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

    private static boolean dockerLikelyAvailable() {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
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
