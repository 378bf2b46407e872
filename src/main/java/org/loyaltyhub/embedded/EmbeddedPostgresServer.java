package org.loyaltyhub.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real PostgreSQL server on loopback whose data directory survives restarts. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final String database;

    private EmbeddedPostgres startedPostgres(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("max_connections", "200")
                // its owner stops it once the hub let go of it (AfterContextShutdown), not at the JVM's first signal
                .setRegisterShutdownHook(false)
                .start();
    }

    private EmbeddedPostgresServer(Path dataDir, int requestedPort, String database) {
        this.port = requestedPort == 0 ? PortGuard.freePort(HOST) : requestedPort;
        PortGuard.requireFree(HOST, port, "PostgreSQL",
                "Stop the process on that port, set hub.embedded.postgres.port, or point spring.datasource.url at an external database.");
        this.database = database;
        try {
            this.postgres = startedPostgres(dataDir, port);
            createDatabaseIfMissing();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL failed to start in " + dataDir + ": " + e.getMessage(), e);
        }
        log.info("Embedded PostgreSQL listening on {}:{} (database {}, data in {})", HOST, port, database, dataDir);
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port, String database) {
        return new EmbeddedPostgresServer(dataDir, port, database);
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // database names cannot be bound as parameters; the name comes from configuration and is quoted
                create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
