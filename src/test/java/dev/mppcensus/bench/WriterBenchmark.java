package dev.mppcensus.bench;

import dev.mppcensus.detection.DomainVerdict;
import dev.mppcensus.scan.DomainScan;
import dev.mppcensus.scan.ScanSamples;
import dev.mppcensus.store.ScanResultStore;
import dev.mppcensus.testdb.TestDatabase;
import dev.mppcensus.testdb.TestRun;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How many result rows per second PostgreSQL takes from the census writer ({@link ScanResultStore},
 * batched upserts, one transaction per chunk) when 1, 2, 4, ... writers (workers) write at once:
 * where the database becomes the limit of a scaled-out census. Each writer has its own connection
 * and writes, as the scan step does (synchronous_commit off), chunks of {@code bench.chunk} rows of an answering host's size (evidence of two
 * requests) for distinct staged domains. Prints the median of {@code bench.runs} runs per writer
 * count. Run with {@code -Pbenchmark -Dbench.main=dev.mppcensus.bench.WriterBenchmark}.
 */
public final class WriterBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String adminUrl = System.getProperty("bench.adminUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        int[] writerCounts = Arrays.stream(System.getProperty("bench.writers", "1,2,4,8").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rowsPerWriter = Integer.getInteger("bench.rowsPerWriter", 50_000);
        int chunk = Integer.getInteger("bench.chunk", 500);
        int runs = Integer.getInteger("bench.runs", 3);
        String database = "bench_writer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(adminUrl, "CREATE DATABASE " + database);
        String url = adminUrl.replaceFirst("/[^/?]+\\?", "/" + database + "?") + "&reWriteBatchedInserts=true";
        try {
            TestDatabase.migrate(url);
            int maxWriters = Arrays.stream(writerCounts).max().orElse(1);
            JdbcTemplate admin = new JdbcTemplate(new SingleConnectionDataSource(url, true));
            TestRun.of(1, "writer-bench").insertInto(admin);
            admin.update("INSERT INTO run_domain (run_id, domain, line_no, rank) SELECT 1, 'w' || w || '-' || i "
                    + "|| '.bench.test', w * ? + i, i FROM generate_series(1, ?) w, generate_series(1, ?) i",
                    rowsPerWriter, maxWriters, rowsPerWriter);
            admin.execute("ANALYZE");
            System.out.printf(Locale.ROOT, "== writer benchmark: %d rows per writer, chunks of %d, %d runs each, "
                    + "evidence %d bytes a row ==%n", rowsPerWriter, chunk, runs, evidence().toString().length());
            for (int writers : writerCounts) {
                List<Double> rates = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    admin.update("DELETE FROM scan_result");
                    admin.execute("VACUUM ANALYZE scan_result");
                    rates.add(run(url, writers, rowsPerWriter, chunk));
                }
                rates.sort(Double::compare);
                System.out.printf(Locale.ROOT, "writers %d: %.0f rows/s (median; runs %s)%n", writers,
                        rates.get(rates.size() / 2), rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
            }
        } finally {
            admin(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Rows per second of {@code writers} writers writing {@code rowsPerWriter} rows each at once. */
    private static double run(String url, int writers, int rowsPerWriter, int chunk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 1; w <= writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, true);
                dataSource.setAutoCommit(false);
                ScanResultStore store = new ScanResultStore(new JdbcTemplate(dataSource));
                TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
                for (int from = 1; from <= rowsPerWriter; from += chunk) {
                    List<DomainScan> scans = new ArrayList<>(chunk);
                    for (int i = from; i < from + chunk && i <= rowsPerWriter; i++) {
                        scans.add(scan("w" + writer + "-" + i + ".bench.test", i));
                    }
                    transaction.executeWithoutResult(status -> {
                        store.commitWithoutWaitingForDisk(); // as the scan step writes
                        store.save(1, scans);
                    });
                }
                dataSource.destroy();
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        return (double) writers * rowsPerWriter / ((System.nanoTime() - started) / 1e9);
    }

    private static DomainScan scan(String domain, int rank) {
        return ScanSamples.scan("domain", domain, "rank", rank, "scannedAt", Instant.now(), "durationMs", 180,
                "reachable", true, "siteHost", domain, "scheme", "https", "wellKnownStatus", 404, "homepageStatus", 200,
                "openapiPayableOperations", 0, "domainVerdict", DomainVerdict.NOT_DECLARED, "requests", 2,
                "evidence", evidence());
    }

    /** Evidence of an answering host without MPP: the homepage HEAD and the ai-agent.json GET. */
    private static ObjectNode evidence() {
        ObjectNode evidence = JSON.createObjectNode();
        var requests = evidence.putArray("requests");
        requests.addObject().put("method", "HEAD").put("url", "https://www.example-host.bench.test/").put("status", 200)
                .put("ms", 81).put("connection", "reused").putObject("headers")
                .put("content-type", "text/html; charset=utf-8").put("server", "nginx")
                .put("link", "<https://static.bench.test/style.css>; rel=preload");
        requests.addObject().put("method", "GET").put("url", "https://www.example-host.bench.test/.well-known/ai-agent.json")
                .put("status", 404).put("ms", 77).put("bytes", 9).putObject("headers").put("content-type", "text/plain");
        evidence.putArray("redirects");
        evidence.put("retries", 0);
        return evidence;
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
