package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.ops.SystemRoutes;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.context.ConfigurableApplicationContext;

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
    WalkthroughCrm crm;
    final HttpClient client = HttpClient.newHttpClient();

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
    static final String FROM_CANONICAL_V2 = WalkthroughCrm.FROM_CANONICAL
            .replace("\"cardNo\": number,", "\"cardNo\": number,\n  \"origin\": \"loyalty-hub\",");
    static final String CRM_CARD_V2 = """
            {"cardNo": "7000000000001", "origin": "loyalty-hub", "barcode": "B7000000000001", "enabled": true,
             "customer": {"first": "Ana", "last": "Tester"}, "balance": {"value": "12.50", "currency": "MDL"}}
            """;

    @BeforeEach
    void addTheSystemByFiles() throws IOException {
        crm = new WalkthroughCrm(dir, SUBSCRIPTION);
    }

    @AfterEach
    void stopTheCrm() {
        crm.close();
    }

    @Test
    void changedMappingsRoutesAndSubscriptionsTakeEffectWithoutARestartAndABrokenOneChangesNothing() throws Exception {
        try (ConfigurableApplicationContext hub = HubApplications.start(crm.hubSettings())) {
            String port = hub.getEnvironment().getProperty("local.server.port");
            String kafka = hub.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            String cards = hub.getBean(Topics.class).forEntity("card");

            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000001",
                    HubTestSupport.card("7000000000001", "B7000000000001", "Ana", "12.50"));
            WalkthroughCrm.Recorded first = arrival("7000000000001");
            assertThat(first.method()).isEqualTo("PUT");
            assertThat(first.body().has("origin")).isFalse();

            // only the operator may reload
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            // a card on its way to the CRM while the reload stops its routes
            crm.held.add("7000000000005");
            String inFlight = HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000005",
                    HubTestSupport.card("7000000000005", "B7000000000005", "Mia", "5.00"));
            await().atMost(Duration.ofSeconds(60)).until(() -> crm.seen.contains("7000000000005"));

            // a new shape (mapping and its golden example) and a new method (the route file), without a restart
            Files.writeString(crm.mappings.resolve("crm/card.from-canonical.jsonata"), FROM_CANONICAL_V2);
            Files.writeString(crm.mappings.resolve("crm/examples/card.from-canonical.full.out.json"), CRM_CARD_V2);
            Files.writeString(crm.routes.resolve("crm.camel.yaml"), WalkthroughCrm.ROUTES.replace("value: PUT", "value: POST"));
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
            crm.release.countDown();
            HttpResponse<String> reloaded = reloading.get(60, java.util.concurrent.TimeUnit.SECONDS);
            arrival("7000000000005");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    hub.getBean(org.loyaltyhub.reliability.DeliveryLog.class).delivered("crm", List.of(inFlight)).contains(inFlight));
            assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(reloaded.body());
            assertThat(answer.path("routes")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("dispatch-crm", "crm-card-call", "crm-card-sink", "crm-card-webhook");
            int subscriptions = answer.path("subscriptions").asInt();
            assertThat(answer.path("mappings").asInt()).isPositive();

            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000002",
                    HubTestSupport.card("7000000000002", "B7000000000002", "Ion", "1.00"));
            WalkthroughCrm.Recorded second = arrival("7000000000002");
            assertThat(second.method()).isEqualTo("POST");
            assertThat(second.body().path("origin").asText()).isEqualTo("loyalty-hub");
            // the reloaded webhook takes cards again
            assertThat(webhook(port, """
                    {"id":"C-9","cardNo":"7000000000009","enabled":true,"customer":{"first":"Eva","last":"Crm"}}""").statusCode())
                    .isEqualTo(202);

            // a broken mapping is refused with its position; the running one stays
            Files.writeString(crm.mappings.resolve("crm/card.from-canonical.jsonata"), "{\n  \"cardNo\": number,\n  \"barcode\": barcode,,\n}\n");
            HttpResponse<String> refused = reload(port);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).path("problems")).extracting(JsonNode::asText)
                    .anySatisfy(problem -> assertThat(problem).contains("crm/card.from-canonical.jsonata:3:"));
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000003",
                    HubTestSupport.card("7000000000003", "B7000000000003", "Dan", "2.00"));
            WalkthroughCrm.Recorded third = arrival("7000000000003");
            assertThat(third.method()).isEqualTo("POST");
            assertThat(third.body().path("origin").asText()).isEqualTo("loyalty-hub");

            // fixed, and a subscription added: cards without a barcode go to the CRM too
            Files.writeString(crm.mappings.resolve("crm/card.from-canonical.jsonata"), FROM_CANONICAL_V2);
            Files.writeString(crm.mappings.resolve("subscriptions.yaml"), Files.readString(crm.mappings.resolve("subscriptions.yaml"))
                    + SUBSCRIPTION_WITHOUT_BARCODE);
            HttpResponse<String> added = reload(port);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(JSON.readTree(added.body()).path("subscriptions").asInt()).isEqualTo(subscriptions + 1);
            assertThat(JSON.readTree(added.body()).path("routes")).as("no route file changed").isEmpty();
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000004", """
                    {"number":"7000000000004","active":true,"holder":{"firstName":"Eli","lastName":"Tester"}}""");
            WalkthroughCrm.Recorded fourth = arrival("7000000000004");
            assertThat(fourth.body().has("barcode")).isFalse();
            assertThat(fourth.body().path("origin").asText()).isEqualTo("loyalty-hub");

            // a route file added, then deleted: its routes come and go
            Files.writeString(crm.routes.resolve("crm-extra.camel.yaml"), """
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
            Files.delete(crm.routes.resolve("crm-extra.camel.yaml"));
            HttpResponse<String> gone = reload(port);
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
            assertThat(JSON.readTree(gone.body()).path("removed")).extracting(JsonNode::asText).containsExactly("crm-extra");
            assertThat(camel.getRoute("crm-extra")).isNull();

            // a suspended system's reloaded consumer stays stopped, and starts again on resume
            SystemRoutes systemRoutes = hub.getBean(SystemRoutes.class);
            systemRoutes.suspend("crm", "test");
            assertThat(camel.getRouteController().getRouteStatus("dispatch-crm")).isEqualTo(org.apache.camel.ServiceStatus.Stopped);
            Files.writeString(crm.routes.resolve("crm.camel.yaml"), WalkthroughCrm.ROUTES);
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

    private WalkthroughCrm.Recorded arrival(String cardNo) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> crm.received.stream().filter(r -> r.body().path("cardNo").asText().equals(cardNo)).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private HttpResponse<String> reload(String port) throws Exception {
        String credentials = HubTestSupport.OPERATOR + ":" + HubTestSupport.OPERATOR_PASSWORD;
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/api/reload"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("X-Requested-By", "tests")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/inbound/crm/card"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer crm-test-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
