package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.check.ConfigCheck;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterReplayer;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubApplications;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A sixth system from files only, as the README's "Add a system" walkthrough writes them: a CRM that takes
 * card events in its own JSON shape (templates http-call and http-calls-sink) and sends card changes by webhook (template
 * inbound-webhook). Its files live in a temporary copy of the configuration folders; no Java, no rebuild.
 */
class ConfigurationOnlySystemIntegrationTests {

    private static final String KEY = "crm-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    WalkthroughCrm crm;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void addTheSystemByFiles() throws IOException {
        crm = new WalkthroughCrm(dir, WalkthroughCrm.SUBSCRIPTION);
    }

    @AfterEach
    void stopTheCrm() {
        crm.close();
    }

    @Test
    void aSystemMadeOfFilesReceivesCardEventsInItsShapeAndSendsCardsByWebhook() throws Exception {
        assertThat(new ConfigCheck(crm.routes, crm.mappings, ConfigCheck.environment(Optional.of(crm.settingsFile))).run())
                .as("the check accepts the new system").isEmpty();

        try (ConfigurableApplicationContext hub = HubApplications.start(crm.hubSettings())) {
            String port = hub.getEnvironment().getProperty("local.server.port");
            String kafka = hub.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            String cards = hub.getBean(Topics.class).forEntity("card");

            // a card changed at the point of sale reaches the CRM in the CRM's shape, once
            String eventId = HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000001",
                    HubTestSupport.card("7000000000001", "B7000000000001", "Ana", "12.50"));
            await().atMost(Duration.ofSeconds(30)).until(() -> crm.received.size() == 1);
            WalkthroughCrm.Recorded call = crm.received.get(0);
            assertThat(call.method()).isEqualTo("PUT");
            assertThat(call.path()).isEqualTo("/api/cards");
            assertThat(call.contentType()).startsWith("application/json");
            assertThat(call.body()).isEqualTo(JSON.readTree("""
                    {"cardNo":"7000000000001","barcode":"B7000000000001","enabled":true,
                     "customer":{"first":"Ana","last":"Tester"},"balance":{"value":"12.50","currency":"MDL"}}"""));
            DeliveryLog deliveryLog = hub.getBean(DeliveryLog.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveryLog.delivered("crm", List.of(eventId)).contains(eventId));

            // a later event is delivered after it; the first one was not delivered again
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000002",
                    HubTestSupport.card("7000000000002", "B7000000000002", "Ion", "1.00"));
            await().atMost(Duration.ofSeconds(30)).until(() -> crm.received.size() == 2);
            assertThat(crm.received).filteredOn(r -> r.body().path("cardNo").asText().equals("7000000000001")).hasSize(1);

            // a card the CRM refuses is a dead letter at once (a 4xx is permanent); replayed once the CRM takes it,
            // it is delivered through the same route and the dead letter is done
            crm.refused.add("7000000000003");
            HubTestSupport.publish(kafka, cards, "spi", "card.upserted", "7000000000003",
                    HubTestSupport.card("7000000000003", "B7000000000003", "Dan", "2.00"));
            DeadLetterStore deadLetters = hub.getBean(DeadLetterStore.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.waitingIds("crm").size() == 1);
            long deadLetter = deadLetters.waitingIds("crm").get(0);
            crm.refused.clear();
            assertThat(hub.getBean(DeadLetterReplayer.class).replay(deadLetter)).isEqualTo(DeadLetterReplayer.Result.SENT);
            await().atMost(Duration.ofSeconds(30)).until(() -> crm.received.size() == 3);
            assertThat(crm.received.get(2).body().path("cardNo").asText()).isEqualTo("7000000000003");
            await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.find(deadLetter).orElseThrow().status().equals("delivered"));

            // the CRM sending back the card it was given is no news: its answer was recorded as what it holds
            ObjectNode echo = ((ObjectNode) call.body().deepCopy()).put("id", "C-1");
            assertThat(webhook(port, "application/json", KEY, echo.toString()))
                    .satisfies(answer -> assertThat(answer.statusCode()).isEqualTo(202))
                    .satisfies(answer -> assertThat(JSON.readTree(answer.body()).path("outcome").asText()).isEqualTo("UNCHANGED_AT_SOURCE"));

            // a card changed in the CRM is stored and published
            HttpResponse<String> accepted = webhook(port, "application/json", KEY, """
                    {"id":"C-9","cardNo":"7000000000009","enabled":true,"customer":{"first":"Eva","last":"Crm"},
                     "balance":{"value":"3.00","currency":"MDL"}}""");
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(accepted.body()).path("outcome").asText()).isEqualTo("PUBLISHED");
            CanonicalStore store = hub.getBean(CanonicalStore.class);
            assertThat(store.find("card", "7000000000009")).hasValueSatisfying(card -> {
                assertThat(card.path("holder").path("firstName").asText()).isEqualTo("Eva");
                assertThat(card.path("accumulated").path("amount").asText()).isEqualTo("3.00");
            });

            // the same in XML
            HttpResponse<String> xml = webhook(port, "application/xml", KEY, """
                    <card><id>C-10</id><cardNo>7000000000010</cardNo><customer><first>Dan</first><last>Xml</last></customer></card>""");
            assertThat(xml.statusCode()).as(xml.body()).isEqualTo(202);
            assertThat(store.find("card", "7000000000010")).hasValueSatisfying(card ->
                    assertThat(card.path("holder").path("lastName").asText()).isEqualTo("Xml"));

            // refusals: problem+json naming the problem, never a value; nothing stored
            HttpResponse<String> garbage = webhook(port, "application/json", KEY, "{not json");
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(garbage.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(garbage.body()).path("detail").asText()).startsWith("malformed JSON at line 1");
            HttpResponse<String> invalid = webhook(port, "application/json", KEY, """
                    {"cardNo":"7000000000011","enabled":"very-much-yes"}""");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(invalid.body()).path("detail").asText()).contains("/active").doesNotContain("very-much-yes");
            assertThat(store.find("card", "7000000000011")).isEmpty();
            HttpResponse<String> entity = webhook(port, "application/xml", KEY,
                    "<?xml version=\"1.0\"?><!DOCTYPE card [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><card><cardNo>&x;</cardNo></card>");
            assertThat(entity.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(entity.body()).path("detail").asText()).contains("DOCTYPE");
            HttpResponse<String> deep = webhook(port, "application/xml", KEY, "<card>" + "<a>".repeat(100) + "</a>".repeat(100) + "</card>");
            assertThat(deep.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(deep.body()).path("detail").asText()).isEqualTo("XML nested deeper than 64 elements is not accepted");
            assertThat(webhook(port, "application/json", "not-the-key", echo.toString()).statusCode()).isEqualTo(401);
            assertThat(webhook(port, "application/json", null, echo.toString()).statusCode()).isEqualTo(401);
            assertThat(webhook(port, "text/plain", KEY, echo.toString()).statusCode()).isEqualTo(415);
        }
    }

    @Test
    void aBrokenMappingOfTheNewSystemStopsStartUpAndFailsTheCheckWithItsPosition() throws IOException {
        Files.writeString(crm.mappings.resolve("crm/card.from-canonical.jsonata"), "{\n  \"cardNo\": number,\n  \"barcode\": barcode,,\n}\n");

        assertThatThrownBy(() -> HubApplications.start(crm.hubSettings()).close())
                .satisfies(failure -> assertThat(causes(failure)).contains("crm/card.from-canonical.jsonata:3:"));
        assertThat(new ConfigCheck(crm.routes, crm.mappings, ConfigCheck.environment(Optional.of(crm.settingsFile))).run())
                .anySatisfy(problem -> assertThat(problem).contains("crm/card.from-canonical.jsonata:3:"));
    }


    private HttpResponse<String> webhook(String port, String contentType, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/inbound/crm/card"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String causes(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
