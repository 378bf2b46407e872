package org.loyaltyhub.bench.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The hub on its local default (embedded PostgreSQL and Kafka, sandbox vendors) in a child JVM, run from the
 * build's classes and the test class path with {@code org.loyaltyhub.LoyaltyHubApplication} as main, so that
 * the bench classes (the JDBC baseline endpoint) are on its class path and its CPU, memory and start-up time
 * are its own. It gets ports of its own and a fresh data folder under its bench folder, never 8080, 5433 or
 * 9092, which a developer's hub may hold.
 */
public final class HubProcess implements AutoCloseable {

    /** Where a started hub answers, and the local default's credentials (README "Quick start"). */
    public record Endpoints(String baseUrl, String jdbcUrl, String bootstrapServers, String spiKey, String opsUser, String opsPassword) {

        public String opsAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((opsUser + ":" + opsPassword).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final String LOCAL_DEFAULT_SPI_KEY = "local-dev-key";
    private static final Set<Integer> TAKEN_BY_DEVELOPERS = Set.of(8080, 5433, 9092, 9093);

    private final Process process;
    private final Path dir;
    private final Endpoints endpoints;
    private final double startupSeconds;
    private final long postmasterPid;
    private final List<String> command;

    private HubProcess(Process process, Path dir, Endpoints endpoints, double startupSeconds, long postmasterPid, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.endpoints = endpoints;
        this.startupSeconds = startupSeconds;
        this.postmasterPid = postmasterPid;
        this.command = command;
    }

    /**
     * Starts a hub with a fresh data folder {@code dir/data}, its log in {@code dir/hub.log}, and waits until
     * {@code /actuator/health} is UP. {@code settings} are added to (or override) the bench's own.
     */
    public static HubProcess start(Path dir, List<String> jvmOptions, Map<String, String> settings, Duration timeout)
            throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        deleteRecursively(data);
        Files.createDirectories(dir);
        int http = freePort();
        int postgres = freePort();
        int kafka = freePort();
        int controller = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", String.valueOf(http));
        all.put("hub.data-dir", data.toString());
        all.put("hub.embedded.postgres.port", String.valueOf(postgres));
        all.put("hub.embedded.kafka.port", String.valueOf(kafka));
        all.put("hub.embedded.kafka.controller-port", String.valueOf(controller));
        all.put("hub.bench.enabled", "true");
        all.putAll(settings);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("bench.hub.classpath", System.getProperty("java.class.path")));
        command.add("org.loyaltyhub.LoyaltyHubApplication");
        all.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = dir.resolve("hub.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String baseUrl = "http://127.0.0.1:" + http;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = started + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The hub exited with " + process.exitValue() + " before it was up; its log: " + log + "\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The hub was not UP within " + timeout + "; its log: " + log + "\n" + tail(log));
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().startsWith("{\"status\":\"UP\"")) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        double startup = (System.nanoTime() - started) / 1e9;
        long postmaster = postmasterPid(data.resolve("postgres"));
        Endpoints endpoints = new Endpoints(baseUrl, "jdbc:postgresql://127.0.0.1:" + postgres + "/loyalty_hub",
                "127.0.0.1:" + kafka, LOCAL_DEFAULT_SPI_KEY, "ops", "local-dev");
        HubProcess hub = new HubProcess(process, dir, endpoints, startup, postmaster, command);
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "bench-hub-stop"));
        return hub;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public long pid() {
        return process.pid();
    }

    /** PostgreSQL's postmaster (pg_ctl starts it detached, so it is no child of the hub's JVM). */
    public long postmasterPid() {
        return postmasterPid;
    }

    /** Process start to {@code /actuator/health} UP, in seconds. */
    public double startupSeconds() {
        return startupSeconds;
    }

    /** CPU seconds of the hub's JVM (with the in-process Kafka broker). */
    public double jvmCpuSeconds() {
        return ProcessStats.cpuSeconds(pid(), false);
    }

    /** CPU seconds of its PostgreSQL server (postmaster and backends, finished backends included). */
    public double postgresCpuSeconds() {
        return postmasterPid > 0 ? ProcessStats.treeCpuSeconds(postmasterPid) : 0;
    }

    public List<String> command() {
        return command;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the hub stops gracefully and stops its PostgreSQL
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // a hub that did not stop its PostgreSQL leaves it running detached: stop it here
        ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive).ifPresent(pg -> {
            pg.destroy();
            try {
                pg.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                pg.destroyForcibly();
            }
        });
    }

    static long postmasterPid(Path postgresData) throws IOException {
        Path pidFile = postgresData.resolve("postmaster.pid");
        return Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
    }

    /** A free loopback port, never one a developer's local hub uses. */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                int port = socket.getLocalPort();
                if (!TAKEN_BY_DEVELOPERS.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
