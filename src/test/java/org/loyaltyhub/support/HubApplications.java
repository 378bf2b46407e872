package org.loyaltyhub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loyaltyhub.LoyaltyHubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole hubs for tests that need more than one, or one of their own: in this JVM or in a child JVM. */
public final class HubApplications {

    private HubApplications() {
    }

    /** Settings of a hub on the shared test infrastructure with a database and topics of its own. */
    public static Map<String, String> onSharedInfrastructure(String database, String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hub.embedded.enabled", "false");
        // the sandbox vendors are served, so the systems' sandbox defaults are allowed (ProductionSettingsCheck)
        settings.put("hub.sandbox.enabled", "true");
        settings.put("spring.datasource.url", database);
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        settings.put("spring.kafka.bootstrap-servers", TestInfrastructure.get().bootstrapServers());
        settings.put("hub.kafka.topic-prefix", prefix);
        settings.put("hub.kafka.group-prefix", prefix);
        settings.put("server.port", "0");
        settings.put("hub.ops.username", HubTestSupport.OPERATOR);
        settings.put("hub.ops.password", HubTestSupport.OPERATOR_PASSWORD);
        settings.put("hub.outbox.poll-interval", "100ms");
        settings.put("hub.parking.poll-interval", "100ms");
        settings.put("camel.main.shutdown-timeout", "3");
        settings.put("hub.kafka.shutdown-timeout", "2000");
        // a hub killed with SIGKILL leaves its consumers in the group until their session times out: the next one's
        // rebalance waits for that (Kafka's default 45 s); 6 s is the broker's least
        settings.put("camel.component.kafka.session-timeout-ms", "6000");
        settings.put("camel.component.kafka.heartbeat-interval-ms", "2000");
        return settings;
    }

    /** A hub in this JVM. */
    public static ConfigurableApplicationContext start(Map<String, String> settings) {
        return new SpringApplicationBuilder(LoyaltyHubApplication.class).run(arguments(settings));
    }

    /** A hub in a child JVM on this test's class path, so that it can be killed with SIGKILL. */
    public static Process startProcess(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // a child hub lives a minute or two beside the test JVM on two cores: the quick compiler alone starts it sooner
        // and leaves the cores to the test (C2's compile threads would compete for them)
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoyaltyHubApplication.class.getName());
        command.addAll(List.of(arguments(settings)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(System.getProperty("user.dir"))).start();
    }

    /** Waits until the child hub at this address is ready (its readiness probe answers 200), failing if it stops. */
    public static void awaitReady(String hub, Process process, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("hub stopped; its log: %s", logTail(log)).isTrue();
            try {
                return client.send(HttpRequest.newBuilder(URI.create(hub + "/actuator/health/readiness")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** GET of an ops API path of a child hub, as the test operator; the answer must be 200. */
    public static com.fasterxml.jackson.databind.JsonNode opsGet(String hub, String path) {
        String login = java.util.Base64.getEncoder().encodeToString((HubTestSupport.OPERATOR + ":" + HubTestSupport.OPERATOR_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(hub + path)).header("Authorization", "Basic " + login)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 40 lines of a child hub's log, for a failure message. */
    public static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** A port free now, for a child hub whose address the test must know before it starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String[] arguments(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
