package org.loyaltyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After kill -9 of the hub its PostgreSQL runs on: the next start recognises it as an orphan of its own data folder,
 * stops it and starts again with the data; a PostgreSQL whose owner is alive is left alone.
 */
class EmbeddedPostgresOrphanTests {

    @Test
    void aPostgresLeftByAKilledHubIsStoppedAndItsDataKept(@TempDir Path folder) throws Exception {
        Path dataDir = folder.resolve("postgres");
        int port = PortGuard.freePort(EmbeddedPostgresServer.HOST);
        Path output = folder.resolve("owner.log");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Owner.class.getName(), dataDir.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(output.toFile()).directory(new File(System.getProperty("user.dir"))).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(output) && Files.readString(output).contains("READY"));
        } finally {
            owner.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, PostgreSQL stays up
        }
        assertThatThrownBy(() -> PortGuard.requireFree(EmbeddedPostgresServer.HOST, port, "PostgreSQL", ""))
                .as("the killed hub's PostgreSQL still holds the port").isInstanceOf(PortInUseException.class);

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, port, "orphan_test")) {
            try (Connection connection = DriverManager.getConnection(again.jdbcUrl(), "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT note FROM survivor")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("written before the kill");
            }
        }
    }

    @Test
    void aPostgresWhoseOwnerIsAliveIsLeftAlone(@TempDir Path folder) {
        Path dataDir = folder.resolve("postgres");
        int port = PortGuard.freePort(EmbeddedPostgresServer.HOST);
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(dataDir, port, "owned_test")) {
            EmbeddedPostgresServer.stopOrphan(dataDir);
            assertThat(List.of(running.port())).as("still serving").allSatisfy(p -> assertThatThrownBy(() ->
                    PortGuard.requireFree(EmbeddedPostgresServer.HOST, p, "PostgreSQL", "")).isInstanceOf(PortInUseException.class));
        }
    }

    /** The hub's part in a child JVM: starts PostgreSQL on the folder, writes a row, says READY and waits to be killed. */
    public static final class Owner {

        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]), "orphan_test");
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivor (note text)");
                statement.execute("INSERT INTO survivor VALUES ('written before the kill')");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
