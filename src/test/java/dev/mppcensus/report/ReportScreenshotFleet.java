package dev.mppcensus.report;

import dev.mppcensus.cli.CensusCli;
import dev.mppcensus.fixture.CapturedResponse;
import dev.mppcensus.fixture.FixtureHandler;
import dev.mppcensus.fixture.FixtureResponse;
import dev.mppcensus.fixture.FixtureWebServer;
import dev.mppcensus.fixture.Listeners;
import dev.mppcensus.fixture.TestCertificateAuthority;
import dev.mppcensus.testdb.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two nights of a real census of a small fixture web on loopback (HTTPS with a test CA, reached through
 * {@code --connect-to}), then {@code report html}: the page shown in docs/report.png. Between the nights one
 * site fixes its endpoint and one starts declaring MPP. Endpoints answer with challenges captured from the
 * mppx and x402 servers. Usage (docs/reports.md):
 * {@code java -cp TEST_CLASSPATH dev.mppcensus.report.ReportScreenshotFleet OUT.html}, with
 * {@code MPP_TEST_DB_URL} pointing at a PostgreSQL server (else an embedded one is started).
 */
public final class ReportScreenshotFleet {

    private static final String CAPTURED = "/dev/mppcensus/detection/captured/";
    private static final String[] NIGHTS = {"2026-11-28", "2026-11-29"};
    private static volatile int night;

    private ReportScreenshotFleet() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/report-screenshot.html").toAbsolutePath();
        Path dir = Files.createTempDirectory("report-fleet");
        Map<String, FixtureHandler> endpoints = new LinkedHashMap<>();
        endpoints.put("shop.test", always(captured("mppx-charge.http")));
        endpoints.put("news.test", null);
        endpoints.put("api.maps.test", always(captured("mppx-compose-charge-session.http")));
        endpoints.put("pay.store.test", request -> night == 0 ? FixtureResponse.ok("coming soon")
                : captured("mppx-charge.http"));
        endpoints.put("agents.data.test", always(captured("mppx-dual-tempo-evm-x402.http")));
        endpoints.put("weather.test", always(captured("x402-express-v2.http")));
        endpoints.put("blog.test", null);
        endpoints.put("search.test", request -> night == 0 ? FixtureResponse.status(404) : captured("mppx-session.http"));
        endpoints.put("fonts.test", null);
        endpoints.put("docs.test", always(FixtureResponse.ok("{\"error\":\"not here\"}")));
        List<String> names = new ArrayList<>(endpoints.keySet());
        names.add("openapi.tools.test");

        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (FixtureWebServer server = FixtureWebServer.start(ca, names)) {
            endpoints.forEach((host, endpoint) -> {
                server.route(host, "/", FixtureResponse.ok("home"));
                if (endpoint != null) {
                    server.route(host, "/.well-known/ai-agent.json", request -> night == 0 && host.equals("search.test")
                            ? FixtureResponse.status(404) : FixtureResponse.json(
                                    "{\"payments\":{\"mpp\":\"https://" + host + "/mpp\"}}"));
                    server.route(host, "/mpp", endpoint);
                }
            });
            server.route("openapi.tools.test", "/", FixtureResponse.ok("home"));
            server.route("openapi.tools.test", "/openapi.json", captured("mppx-openapi.http"));
            server.route("openapi.tools.test", "/charge", captured("mppx-charge.http"));

            List<String> lines = new ArrayList<>(List.of("rank,domain"));
            for (int i = 0; i < names.size(); i++) {
                lines.add((i + 1) + "," + names.get(i));
            }
            lines.add((names.size() + 1) + ",offline.test");
            Path list = Files.write(dir.resolve("fixture-web.csv"), lines);
            List<String> scan = new ArrayList<>(List.of("scan", list.toString(), "--list-name", "fixture-web", "--ca-file",
                    ca.writeCaPem(dir).toString(), "--timeout", "3s", "--retries", "0",
                    "--connect-to", "offline.test::127.0.0.1:" + Listeners.refusedPort()));
            for (String host : names) {
                scan.addAll(List.of("--connect-to", host + ":443:127.0.0.1:" + server.httpsPort()));
            }
            System.setProperty("spring.datasource.url", TestDatabase.jdbcUrl());
            for (night = 0; night < NIGHTS.length; night++) {
                List<String> command = new ArrayList<>(scan);
                command.addAll(List.of("--run-date", NIGHTS[night]));
                require(CensusCli.run(command.toArray(String[]::new)), "scan of " + NIGHTS[night]);
            }
            require(CensusCli.run("report", "html", "--list", "fixture-web", "--out", out.toString()), "report html");
        }
    }

    private static FixtureHandler always(FixtureResponse response) {
        return FixtureHandler.always(response);
    }

    private static FixtureResponse captured(String name) {
        return CapturedResponse.load(CAPTURED + name).toFixtureResponse();
    }

    private static void require(int exitCode, String what) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " exited with " + exitCode);
        }
    }
}
