package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.ops.SystemRoutes;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.loyaltyhub.support.TestInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * {@code POST /ops/api/reload} on a hub running a system made of files (the CRM of
 * {@link ConfigurationOnlySystemIntegrationTests}): a changed mapping and route file take effect without
 * a restart; a broken mapping is refused with its position and the last good one keeps working; a
 * subscription added to {@code subscriptions.yaml} takes effect.
 */
class ConfigurationReloadIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path routes;
    Path mappings;
    Path settingsFile;
    HttpServer crm;
    final List<Recorded> received = new CopyOnWriteArrayList<>();
    /** Card numbers the CRM has started to receive; those in {@link #held} wait for {@link #release}. */
    final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final HttpClient client = HttpClient.newHttpClient();

    record Recorded(String method, JsonNode body) {
    }

    /** Only cards with a barcode go to the CRM, for now. */
    static final String SUBSCRIPTION = """
              - id: cards-to-crm
                on: card.upserted
                to: crm
                deliver: crm-card-sink
                when: "$exists(barcode)"
            """;

    static final String SUBSCRIPTION_WITHOUT_BARCODE = """
              - id: cards-without-barcode-to-crm
                on: card.upserted
                to: crm
                deliver: crm-card-sink
                when: "$not($exists(barcode))"
            """;

    /** The CRM's new shape: the same card, with where it came from. */
    static final String FROM_CANONICAL_V2 = ConfigurationOnlySystemIntegrationTests.FROM_CANONICAL
            .replace("\"cardNo\": number,", "\"cardNo\": number,\n  \"origin\": \"loyalty-hub\",");
    static final String CRM_CARD_V2 = """
            {"cardNo": "7000000000001", "origin": "loyalty-hub", "barcode": "B7000000000001", "enabled": true,
             "customer": {"first": "Ana", "last": "Tester"}, "balance": {"value": "12.50", "currency": "MDL"}}
            """;

    @BeforeEach
    void writeTheSystemsFiles() throws IOException {
        routes = dir.resolve("routes");
        mappings = dir.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        Files.createDirectories(mappings.resolve("crm/examples"));
        Files.writeString(mappings.resolve("crm/card.from-canonical.jsonata"), ConfigurationOnlySystemIntegrationTests.FROM_CANONICAL);
        Files.writeString(mappings.resolve("crm/card.to-canonical.jsonata"), ConfigurationOnlySystemIntegrationTests.TO_CANONICAL);
        Files.writeString(mappings.resolve("crm/examples/card.from-canonical.full.in.json"), ConfigurationOnlySystemIntegrationTests.CANONICAL_CARD);
        Files.writeString(mappings.resolve("crm/examples/card.from-canonical.full.out.json"), ConfigurationOnlySystemIntegrationTests.CRM_CARD);
        Files.writeString(mappings.resolve("crm/examples/card.to-canonical.webhook.in.json"), ConfigurationOnlySystemIntegrationTests.CRM_CARD_WITH_ID);
        Files.writeString(mappings.resolve("crm/examples/card.to-canonical.webhook.out.json"),
                ConfigurationOnlySystemIntegrationTests.CANONICAL_CARD_WITH_REF);
        Files.writeString(routes.resolve("crm.camel.yaml"), ConfigurationOnlySystemIntegrationTests.ROUTES);
        Files.writeString(mappings.resolve("subscriptions.yaml"), Files.readString(mappings.resolve("subscriptions.yaml")) + SUBSCRIPTION);
        settingsFile = dir.resolve("crm-settings.yaml");
        Files.writeString(settingsFile, ConfigurationOnlySystemIntegrationTests.SETTINGS);
    }

    @BeforeEach
    void startTheCrm() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/api/cards", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            seen.add(body.path("cardNo").asText());
            if (held.contains(body.path("cardNo").asText())) {
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.add(new Recorded(exchange.getRequestMethod(), body));
            ObjectNode answer = ((ObjectNode) body.deepCopy()).put("id", "C-" + received.size());
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        crm.start();
    }

    @AfterEach
    void stopTheCrm() {
        crm.stop(0);
    }

    @Test
    void changedMappingsRoutesAndSubscriptionsTakeEffectWithoutARestartAndABrokenOneChangesNothing() throws Exception {
        try (ConfigurableApplicationContext hub = HubApplications.start(settings())) {
            String port = hub.getEnvironment().getProperty("local.server.port");
            String kafka = hub.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            String cards = hub.getBean(Topics.class).forEntity("card");

            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000001",
                    HubTestSupport.card("7000000000001", "B7000000000001", "Ana", "12.50"));
            Recorded first = arrival("7000000000001");
            assertThat(first.method()).isEqualTo("PUT");
            assertThat(first.body().has("origin")).isFalse();

            // only the operator may reload
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            // a card on its way to the CRM while the reload stops its routes
            held.add("7000000000005");
            String inFlight = HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000005",
                    HubTestSupport.card("7000000000005", "B7000000000005", "Mia", "5.00"));
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("7000000000005"));

            // a new shape (mapping and its golden example) and a new method (the route file), without a restart
            Files.writeString(mappings.resolve("crm/card.from-canonical.jsonata"), FROM_CANONICAL_V2);
            Files.writeString(mappings.resolve("crm/examples/card.from-canonical.full.out.json"), CRM_CARD_V2);
            Files.writeString(routes.resolve("crm.camel.yaml"), ConfigurationOnlySystemIntegrationTests.ROUTES.replace("value: PUT", "value: POST"));
            java.util.concurrent.CompletableFuture<HttpResponse<String>> reloading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return reload(port);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the reload waits for the message in flight: the dispatch consumer takes no more, the exchange goes on
            org.apache.camel.CamelContext camel = hub.getBean(org.apache.camel.CamelContext.class);
            org.apache.camel.StatefulService consumer = (org.apache.camel.StatefulService) camel.getRoute("dispatch-crm").getConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.isStarted());
            assertThat(camel.getInflightRepository().size("dispatch-crm")).isEqualTo(1);
            assertThat(reloading).isNotDone();
            release.countDown();
            HttpResponse<String> reloaded = reloading.get(60, java.util.concurrent.TimeUnit.SECONDS);
            arrival("7000000000005");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    hub.getBean(org.loyaltyhub.reliability.DeliveryLog.class).delivered("crm", List.of(inFlight)).contains(inFlight));
            assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(reloaded.body());
            assertThat(answer.path("routes")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("dispatch-crm", "crm-card-sink", "crm-card-webhook");
            int subscriptions = answer.path("subscriptions").asInt();
            assertThat(answer.path("mappings").asInt()).isPositive();

            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000002",
                    HubTestSupport.card("7000000000002", "B7000000000002", "Ion", "1.00"));
            Recorded second = arrival("7000000000002");
            assertThat(second.method()).isEqualTo("POST");
            assertThat(second.body().path("origin").asText()).isEqualTo("loyalty-hub");
            // the reloaded webhook takes cards again
            assertThat(webhook(port, """
                    {"id":"C-9","cardNo":"7000000000009","enabled":true,"customer":{"first":"Eva","last":"Crm"}}""").statusCode())
                    .isEqualTo(202);

            // a broken mapping is refused with its position; the running one stays
            Files.writeString(mappings.resolve("crm/card.from-canonical.jsonata"), "{\n  \"cardNo\": number,\n  \"barcode\": barcode,,\n}\n");
            HttpResponse<String> refused = reload(port);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).path("problems")).extracting(JsonNode::asText)
                    .anySatisfy(problem -> assertThat(problem).contains("crm/card.from-canonical.jsonata:3:"));
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000003",
                    HubTestSupport.card("7000000000003", "B7000000000003", "Dan", "2.00"));
            Recorded third = arrival("7000000000003");
            assertThat(third.method()).isEqualTo("POST");
            assertThat(third.body().path("origin").asText()).isEqualTo("loyalty-hub");

            // fixed, and a subscription added: cards without a barcode go to the CRM too
            Files.writeString(mappings.resolve("crm/card.from-canonical.jsonata"), FROM_CANONICAL_V2);
            Files.writeString(mappings.resolve("subscriptions.yaml"), Files.readString(mappings.resolve("subscriptions.yaml"))
                    + SUBSCRIPTION_WITHOUT_BARCODE);
            HttpResponse<String> added = reload(port);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(JSON.readTree(added.body()).path("subscriptions").asInt()).isEqualTo(subscriptions + 1);
            assertThat(JSON.readTree(added.body()).path("routes")).as("no route file changed").isEmpty();
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000004", """
                    {"number":"7000000000004","active":true,"holder":{"firstName":"Eli","lastName":"Tester"}}""");
            Recorded fourth = arrival("7000000000004");
            assertThat(fourth.body().has("barcode")).isFalse();
            assertThat(fourth.body().path("origin").asText()).isEqualTo("loyalty-hub");

            // a route file added, then deleted: its routes come and go
            Files.writeString(routes.resolve("crm-extra.camel.yaml"), """
                    - route:
                        id: crm-extra
                        from:
                          uri: direct:crm-extra
                          steps:
                            - log: "extra"
                    """);
            HttpResponse<String> extra = reload(port);
            assertThat(extra.statusCode()).as(extra.body()).isEqualTo(200);
            assertThat(JSON.readTree(extra.body()).path("routes")).extracting(JsonNode::asText).containsExactly("crm-extra");
            assertThat(camel.getRouteController().getRouteStatus("crm-extra")).isEqualTo(org.apache.camel.ServiceStatus.Started);
            Files.delete(routes.resolve("crm-extra.camel.yaml"));
            HttpResponse<String> gone = reload(port);
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
            assertThat(JSON.readTree(gone.body()).path("removed")).extracting(JsonNode::asText).containsExactly("crm-extra");
            assertThat(camel.getRoute("crm-extra")).isNull();

            // a suspended system's reloaded consumer stays stopped, and starts again on resume
            SystemRoutes systemRoutes = hub.getBean(SystemRoutes.class);
            systemRoutes.suspend("crm", "test");
            assertThat(camel.getRouteController().getRouteStatus("dispatch-crm")).isEqualTo(org.apache.camel.ServiceStatus.Stopped);
            Files.writeString(routes.resolve("crm.camel.yaml"), ConfigurationOnlySystemIntegrationTests.ROUTES);
            HttpResponse<String> whileSuspended = reload(port);
            assertThat(whileSuspended.statusCode()).as(whileSuspended.body()).isEqualTo(200);
            assertThat(camel.getRouteController().getRouteStatus("dispatch-crm")).isEqualTo(org.apache.camel.ServiceStatus.Stopped);
            systemRoutes.resume("crm");
            assertThat(camel.getRouteController().getRouteStatus("dispatch-crm")).isEqualTo(org.apache.camel.ServiceStatus.Started);
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000006",
                    HubTestSupport.card("7000000000006", "B7000000000006", "Ada", "6.00"));
            assertThat(arrival("7000000000006").method()).as("the route file as it is now").isEqualTo("PUT");
        }
    }

    private Recorded arrival(String cardNo) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> received.stream().filter(r -> r.body().path("cardNo").asText().equals(cardNo)).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private HttpResponse<String> reload(String port) throws Exception {
        String credentials = HubTestSupport.OPERATOR + ":" + HubTestSupport.OPERATOR_PASSWORD;
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/reload"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/inbound/crm/card"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer crm-test-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> settings() {
        Map<String, String> settings = HubApplications.onSharedInfrastructure(TestInfrastructure.get().newDatabase(),
                TestInfrastructure.uniquePrefix());
        settings.put("hub.routes.dir", routes.toString());
        settings.put("hub.mappings.dir", mappings.toString());
        settings.put("hub.systems.ecom.enabled", "false");
        settings.put("hub.systems.codes.enabled", "false");
        settings.put("hub.systems.promo.enabled", "false");
        settings.put("spring.config.import", "file:" + settingsFile);
        settings.put("hub.systems.crm.base-url", "http://127.0.0.1:" + crm.getAddress().getPort() + "/api");
        return settings;
    }
}
