package dev.mppcensus.cli;

import dev.mppcensus.MppCensusApplication;
import dev.mppcensus.census.remote.PartitionManager;
import dev.mppcensus.store.EmbeddedDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring context behind a command that touches the database. The database comes from the
 * standard Spring Boot settings ({@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD},
 * or {@code spring.datasource.url} as a system property); with none, an embedded PostgreSQL in the
 * data directory is started (or joined) and stopped again on close.
 */
final class CensusContext implements AutoCloseable {

    private final EmbeddedDatabase embedded;
    private final ConfigurableApplicationContext context;

    private CensusContext(EmbeddedDatabase embedded, ConfigurableApplicationContext context) {
        this.embedded = embedded;
        this.context = context;
    }

    static CensusContext open(DatabaseOptions database) {
        return open(database, false);
    }

    /**
     * As {@link #open(DatabaseOptions)}; with {@code broker}, also Spring Integration and RabbitMQ
     * (the Spring profile {@value PartitionManager#PROFILE}, for remote runs and workers). They are left out otherwise: local commands then start faster
     * (about 1.5 CPU-seconds less, measured) and never touch a broker.
     */
    static CensusContext open(DatabaseOptions database, boolean broker) {
        return open(database, broker ? WITH_BROKER : new String[0]);
    }

    /**
     * As {@link #open(DatabaseOptions, boolean)} with the broker, for a {@code worker}: it only consumes
     * partition requests, so its channels carry no publisher confirms (the manager's), whose asynchronous
     * close otherwise races the connection factory's shutdown on SIGTERM and prints a stack trace per
     * channel.
     */
    static CensusContext openForWorker(DatabaseOptions database) {
        return open(database, new String[] {WITH_BROKER[0], "--spring.rabbitmq.publisher-confirm-type=none"});
    }

    /**
     * As {@link #open(DatabaseOptions, boolean)} with a web server answering {@code /actuator/prometheus}
     * and {@code /actuator/health} on {@code address:port}: only {@code schedule} asks for one; the
     * other commands never open a port.
     */
    static CensusContext openServingMetrics(DatabaseOptions database, boolean broker, String address, int port) {
        // Command-line properties outrank application.properties (web-application-type=none) and the environment.
        List<String> arguments = new ArrayList<>(List.of("--spring.main.web-application-type=servlet",
                "--server.port=" + port, "--server.address=" + address));
        if (broker) {
            arguments.addAll(List.of(WITH_BROKER));
        }
        return open(database, arguments.toArray(String[]::new));
    }

    /** Switches Spring Integration and RabbitMQ on (application-distributed.properties). */
    private static final String[] WITH_BROKER = {"--spring.profiles.active=" + PartitionManager.PROFILE};

    private static CensusContext open(DatabaseOptions database, String[] springArguments) {
        List<String> arguments = new ArrayList<>(List.of(springArguments));
        EmbeddedDatabase embedded = null;
        if (!databaseConfigured()) {
            embedded = EmbeddedDatabase.start(database.dataDirOrDefault());
            // as an argument, so that a blank SPRING_DATASOURCE_URL in the environment cannot shadow it
            arguments.add("--spring.datasource.url=" + embedded.jdbcUrl());
        }
        try {
            SpringApplication application = new SpringApplication(MppCensusApplication.class);
            return new CensusContext(embedded, application.run(arguments.toArray(String[]::new)));
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    static boolean databaseConfigured() {
        String fromEnvironment = System.getenv("SPRING_DATASOURCE_URL");
        String fromProperty = System.getProperty("spring.datasource.url");
        return (fromEnvironment != null && !fromEnvironment.isBlank())
                || (fromProperty != null && !fromProperty.isBlank());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
