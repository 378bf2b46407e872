package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Promo-code assignments end to end in the vendor's JSON: asked for through {@code POST /api/promo-assignments},
 * carried by Kafka, attached at the promo sandbox over HTTP, the vendor's refusals told apart by its answer.
 * {@link PromoAssignmentXmlIntegrationTests} runs the same path with the XML format.
 */
@HubIntegrationTest
class PromoAssignmentIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    PromoCodeBook promo;
    @Autowired
    SandboxFaults faults;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void anAssignmentAskedForThroughTheApiIsAttachedInJson() throws Exception {
        // the README's curl posts this file
        ResponseEntity<String> answer = request(Files.readString(Path.of("samples/promo/promo-assignment.json")), null);
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        JsonNode accepted = json.readTree(answer.getBody());
        assertThat(accepted.path("type").asText()).isEqualTo("org.loyaltyhub.promo-assignment.requested");

        await().atMost(Duration.ofSeconds(30)).until(() -> promo.codesOf("p-1001").contains("CODE-2"));
        assertThat(promo.requestFormats()).contains("json").doesNotContain("xml");
        var event = HubTestSupport.readUntil(kafka, topics.forEntity("promo-assignment"),
                records -> records.stream().anyMatch(r -> accepted.path("eventId").asText().equals(HubTestSupport.header(r, "ce_id"))),
                Duration.ofSeconds(10)).stream().filter(r -> accepted.path("eventId").asText().equals(HubTestSupport.header(r, "ce_id")))
                .findFirst().orElseThrow();
        assertThat(HubTestSupport.header(event, "ce_source")).isEqualTo("/systems/api");
        assertThat(json.readTree(event.value()).path("customer").path("email").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void aRepeatedRequestIdPublishesOnceAndAnswersTheSameEvent() throws Exception {
        String body = "{\"loyaltyProgramId\": \"standard\", \"customer\": {\"phone\": \"+37360000002\"}}";
        String first = json.readTree(request(body, "assign-bob-1").getBody()).path("eventId").asText();
        String again = json.readTree(request(body, "assign-bob-1").getBody()).path("eventId").asText();
        assertThat(again).isEqualTo(first);
        // a code from the program's pool, attached once
        await().atMost(Duration.ofSeconds(30)).until(() -> promo.codesOf("p-1002").stream().anyMatch(c -> c.startsWith("WELCOME-")));
        assertThat(promo.codesOf("p-1002").stream().filter(c -> c.startsWith("WELCOME-"))).hasSize(1);
    }

    @Test
    void theApiRefusesWithoutAKeyAndNamesTheFieldOfABadBody() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> anonymous = http.postForEntity("/api/promo-assignments",
                new HttpEntity<>("{\"loyaltyProgramId\": \"1\", \"customer\": {\"email\": \"alice@example.com\"}}", headers), String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getHeaders().getContentType()).hasToString("application/problem+json");

        // a register's key is for the SPI: known, but not for the API
        headers.setBearerAuth(HubTestSupport.SPI_KEY);
        ResponseEntity<String> tillKey = http.postForEntity("/api/promo-assignments",
                new HttpEntity<>("{\"loyaltyProgramId\": \"1\", \"customer\": {\"email\": \"alice@example.com\"}}", headers), String.class);
        assertThat(tillKey.getStatusCode().value()).isEqualTo(403);
        assertThat(tillKey.getHeaders().getContentType()).hasToString("application/problem+json");

        ResponseEntity<String> invalid = request("{\"loyaltyProgramId\": \"1\", \"customer\": {\"email\": \"alice@example.com\", \"phone\": \"+1\"}}", null);
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(invalid.getBody()).path("detail").asText()).contains("/customer").doesNotContain("alice@example.com");

        ResponseEntity<String> malformed = request("{\"loyaltyProgramId\": ", null);
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(malformed.getBody()).path("detail").asText()).contains("malformed JSON at line 1");
    }

    @Test
    void anAlreadyAttachedCodeIsDeadLetteredAtOnceWithTheVendorsText() throws Exception {
        // USED-001 is single-use and attached to p-1002 already
        request("{\"code\": \"USED-001\", \"loyaltyProgramId\": \"2\", \"customer\": {\"profileId\": \"p-1001\"}}", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.waitingIds("promo").size() == 1);
        var letter = deadLetters.find(deadLetters.waitingIds("promo").get(0)).orElseThrow();
        assertThat(letter.errorMessage()).contains("promo refused the call").contains("already attached");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.permanent()).isTrue();
        assertThat(letter.payload()).contains("USED-001");
        deadLetters.discard(letter.id());
    }

    @Test
    void everyRefusalIsDeadLetteredAtOnceByDefaultNoFreeCodeToo() throws Exception {
        // loyalty program 2 has no free code; hub.systems.promo.retryable-errors is empty by default
        request("{\"loyaltyProgramId\": \"2\", \"customer\": {\"email\": \"bob@example.com\"}}", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.waitingIds("promo").stream()
                .anyMatch(id -> deadLetters.find(id).orElseThrow().payload().contains("bob@example.com")));
        var letter = deadLetters.waitingIds("promo").stream().map(id -> deadLetters.find(id).orElseThrow())
                .filter(l -> l.payload().contains("bob@example.com")).findFirst().orElseThrow();
        assertThat(letter.errorMessage()).contains("promo refused the call").contains("No promo codes available");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.permanent()).isTrue();
        deadLetters.discard(letter.id());
    }

    @Test
    void aVendorFailureIsRetriedThenDelivered() throws Exception {
        faults.set("promo", new SandboxFault(503, 1.0, 0L, false, null));
        double retried = retried();
        request("{\"code\": \"RETRY-1\", \"loyaltyProgramId\": \"summer\", \"customer\": {\"profileId\": \"abcdefghijklmnqrstuvwxyz\"}}", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> retried() >= retried + 2);
        assertThat(promo.codesOf("abcdefghijklmnqrstuvwxyz")).doesNotContain("RETRY-1");

        faults.clear("promo");
        await().atMost(Duration.ofSeconds(30)).until(() -> promo.codesOf("abcdefghijklmnqrstuvwxyz").contains("RETRY-1"));
        assertThat(deadLetters.waitingIds("promo")).isEmpty();
    }

    @Test
    void aDeadLetterAfterEveryRetryCountsEachAttemptAndKeepsItsFirstFailure() throws Exception {
        faults.set("promo", new SandboxFault(503, 1.0, 0L, false, null));
        request("{\"code\": \"RETRY-ALL\", \"loyaltyProgramId\": \"summer\", \"customer\": {\"profileId\": \"p-retry-all\"}}", null);

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.waitingIds("promo").stream()
                .anyMatch(id -> deadLetters.find(id).orElseThrow().payload().contains("RETRY-ALL")));
        var letter = deadLetters.waitingIds("promo").stream().map(id -> deadLetters.find(id).orElseThrow())
                .filter(l -> l.payload().contains("RETRY-ALL")).findFirst().orElseThrow();
        // hub.systems.promo.retry.max-attempts=30 in the tests
        assertThat(letter.attempts()).as("every attempt counted, not only the last").isEqualTo(30);
        assertThat(letter.firstFailedAt()).as("the first failure, not the last").isBefore(letter.lastFailedAt());
        assertThat(letter.permanent()).isFalse();
        deadLetters.discard(letter.id());
    }

    private ResponseEntity<String> request(String body, String requestId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.API_KEY);
        if (requestId != null) {
            headers.set("Request-ID", requestId);
        }
        return http.postForEntity("/api/promo-assignments", new HttpEntity<>(body, headers), String.class);
    }

    private double retried() {
        Counter counter = meters.find("hub.deliveries").tags("system", "promo", "outcome", "retried").counter();
        return counter == null ? 0 : counter.count();
    }
}
