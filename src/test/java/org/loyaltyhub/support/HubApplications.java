package org.loyaltyhub.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
        settings.put("camel.main.shutdown-timeout", "3");
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
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoyaltyHubApplication.class.getName());
        command.addAll(List.of(arguments(settings)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(System.getProperty("user.dir"))).start();
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
