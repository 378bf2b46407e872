package org.loyaltyhub.endtoend;

import org.loyaltyhub.embedded.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.LoyaltyHubApplication;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The local default as {@code mvn spring-boot:run} starts it: embedded PostgreSQL and Kafka under one
 * data directory (here on free ports), the sandbox seeded, syncing; and a restart keeping it all.
 */
class LocalDefaultIntegrationTests {

    @Test
    void localDefaultSyncsAndARestartKeepsEveryCardAndEvent(@TempDir Path dataDir) {
        String documentCard = "1234567890123";
        try (ConfigurableApplicationContext hub = start(dataDir)) {
            CanonicalStore store = hub.getBean(CanonicalStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> store.find("card", documentCard).isPresent());
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.getBean(JdbcTemplate.class)
                    .queryForObject("SELECT count(*) FROM event_outbox WHERE published_at IS NOT NULL", Long.class) > 0);
            assertThat(hub.getEnvironment().getProperty("spring.datasource.url")).contains("127.0.0.1");
            assertThat(hub.getEnvironment().getProperty("hub.local-default")).isEqualTo("true");
            // its credentials are published: only this machine reaches it
            assertThat(((org.springframework.boot.web.embedded.tomcat.TomcatWebServer) ((org.springframework.boot.web.servlet.context
                    .ServletWebServerApplicationContext) hub).getWebServer()).getTomcat().getConnector().getProperty("address"))
                    .hasToString("/127.0.0.1");
        }
        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            // read before the first poll of the restarted hub could write anything
            assertThat(restarted.getBean(CanonicalStore.class).find("card", documentCard)).isPresent();
            String kafka = restarted.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> events = HubTestSupport.readUntil(kafka,
                    restarted.getBean(Topics.class).forEntity("card"), r -> !r.isEmpty(), Duration.ofSeconds(30));
            assertThat(events).extracting(org.apache.kafka.clients.consumer.ConsumerRecord::key).contains(documentCard);
        }
    }

    @Test
    void aTakenPortStopsStartUpWithOneClearMessage(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(LoyaltyHubApplication.class).run(
                    "--hub.data-dir=" + dataDir, "--hub.embedded.postgres.port=" + taken.getLocalPort(), "--server.port=0"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + taken.getLocalPort() + " on 127.0.0.1 for the embedded PostgreSQL is already in use");
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        Map<String, String> settings = Map.ofEntries(
                Map.entry("hub.data-dir", dataDir.toString()),
                Map.entry("hub.embedded.postgres.port", "0"),
                Map.entry("hub.embedded.kafka.port", "0"),
                Map.entry("hub.embedded.kafka.controller-port", "0"),
                Map.entry("server.port", "0"),
                // the sandbox vendors on the random port (the local default's ${server.port} would be 0 here)
                Map.entry("hub.systems.ecom.base-url", "http://127.0.0.1:${local.server.port}/sandbox/ecom"),
                Map.entry("hub.systems.wallet.base-url", "http://127.0.0.1:${local.server.port}/sandbox/wallet"),
                Map.entry("hub.systems.ecom.poll-interval", "300ms"),
                Map.entry("hub.systems.ecom.poll-delay", "100"),
                Map.entry("camel.main.shutdown-timeout", "3"),
                Map.entry("hub.kafka.shutdown-timeout", "2000"));
        return new SpringApplicationBuilder(LoyaltyHubApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
