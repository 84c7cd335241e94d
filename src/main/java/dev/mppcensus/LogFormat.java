package dev.mppcensus;

import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format before logging starts: {@code MPP_CENSUS_LOG_FORMAT=json} (or the system
 * property {@code mpp.census.log-format=json}) selects {@code logback-json.xml}, one JSON object a
 * line on stderr; anything else (or nothing) keeps {@code logback.xml}. Both logback's own start-up
 * ({@code logback.configurationFile}) and Spring Boot's re-initialisation ({@code logging.config}) are
 * pointed at the same file (the former only while logback starts), so no conditional configuration (and no logback status output) is needed.
 */
public final class LogFormat {

    static final String ENVIRONMENT_VARIABLE = "MPP_CENSUS_LOG_FORMAT";
    static final String PROPERTY = "mpp.census.log-format";
    static final String JSON_CONFIG = "logback-json.xml";

    private LogFormat() {
    }

    /** Applies the chosen format; call first thing in {@code main}, before any logger exists. */
    public static void apply() {
        String chosen = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
        if (chosen == null || chosen.isBlank() || chosen.strip().equalsIgnoreCase("text")) {
            return;
        }
        if (!chosen.strip().toLowerCase(Locale.ROOT).equals("json")) {
            System.err.println("mpp-census: ignoring " + ENVIRONMENT_VARIABLE + "=" + chosen + " (json or text)");
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            // Only for logback's own start-up (log lines before Spring Boot's); then removed, as Spring Boot
            // warns about the property and reads logging.config instead.
            System.setProperty("logback.configurationFile", JSON_CONFIG);
            LoggerFactory.getILoggerFactory();
            System.clearProperty("logback.configurationFile");
        }
        if (System.getProperty("logging.config") == null) {
            System.setProperty("logging.config", "classpath:" + JSON_CONFIG);
        }
    }
}
