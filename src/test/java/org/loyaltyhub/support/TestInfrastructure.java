package org.loyaltyhub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.loyaltyhub.embedded.AfterContextShutdown;
import org.loyaltyhub.embedded.EmbeddedKafkaBroker;
import org.loyaltyhub.embedded.EmbeddedPostgresServer;

/**
 * One real PostgreSQL and one real Kafka for the whole test JVM, on free ports. Every application
 * context gets a database and a topic prefix of its own, so cached contexts never share state.
 */
public final class TestInfrastructure {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static TestInfrastructure instance;

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;

    private TestInfrastructure() throws IOException {
        Path dir = Files.createTempDirectory("hub-test-infra");
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, "hub_test");
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 0, 3);
        // the in-process broker dies with the JVM; PostgreSQL is a child process and must be stopped, but
        // only after the cached application contexts let go of it
        AfterContextShutdown.register("test-infrastructure-stop", postgres::close);
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = new TestInfrastructure();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int postgresPort() {
        return postgres.port();
    }

    /** A new, empty database; its JDBC URL. */
    public String newDatabase() {
        String name = "hub_" + CONTEXTS.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return postgres.jdbcUrl().replace("/hub_test", "/" + name);
    }

    /** A topic prefix and consumer-group prefix no other context uses. */
    public static String uniquePrefix() {
        return "t" + System.nanoTime() + ".";
    }
}
