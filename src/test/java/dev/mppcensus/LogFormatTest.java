package dev.mppcensus;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code logback-json.xml} (MPP_CENSUS_LOG_FORMAT=json) writes one JSON object a line to stderr. */
class LogFormatTest {

    @Test
    void jsonConfigurationWritesOneJsonObjectPerLine() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource(LogFormat.JSON_CONFIG));
            context.getLogger("dev.mppcensus.Example").warn("list {} run date {}: {}", "tranco", "2030-01-01",
                    "held \"elsewhere\"");
            context.getLogger("dev.mppcensus.Example").error("failed", new IllegalStateException("boom"));
        } finally {
            context.stop();
            System.setErr(stderr);
        }

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asString()).isEqualTo("WARN");
        assertThat(first.get("loggerName").asString()).isEqualTo("dev.mppcensus.Example");
        assertThat(first.get("formattedMessage").asString())
                .isEqualTo("list tranco run date 2030-01-01: held \"elsewhere\"");
        assertThat(first.has("timestamp")).isTrue();
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.get("throwable").toString()).contains("boom");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN);
    }

    @Test
    void jsonFormatPointsLogbackAndSpringBootAtTheJsonConfiguration() {
        String[] keys = {LogFormat.PROPERTY, "logback.configurationFile", "logging.config"};
        java.util.Map<String, String> saved = new java.util.HashMap<>();
        for (String key : keys) {
            saved.put(key, System.getProperty(key));
        }
        try {
            System.clearProperty("logback.configurationFile");
            System.clearProperty("logging.config");
            System.setProperty(LogFormat.PROPERTY, "json");
            LogFormat.apply();
            assertThat(System.getProperty("logback.configurationFile")).as("removed once logback started").isNull();
            assertThat(System.getProperty("logging.config")).isEqualTo("classpath:logback-json.xml");
        } finally {
            for (String key : keys) {
                if (saved.get(key) == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, saved.get(key));
                }
            }
        }
    }
}
