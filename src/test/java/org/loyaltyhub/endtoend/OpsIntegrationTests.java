package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Metrics, health per system and route control, after real flows through Kafka and the ecom sandbox.
 * Spring Boot tests leave out the Prometheus registry unless asked (AutoConfigureObservability).
 */
@HubIntegrationTest
@AutoConfigureObservability
class OpsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    SandboxFaults faults;
    @Autowired
    Topics topics;
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    /** The last scrape, printed when a test fails so that a renamed meter is easy to see. */
    String lastScrape;

    @AfterEach
    void clearFaultsAndResume() {
        if (lastScrape != null) {
            System.out.println(lastScrape.lines().filter(l -> l.startsWith("hub_") || l.startsWith("camel_"))
                    .filter(l -> !l.contains("_bucket")).collect(java.util.stream.Collectors.joining("\n")));
        }
        faults.clearAll();
        ops().postForEntity("/ops/api/systems/ecom/resume", null, String.class);
    }

    @Test
    void aDeliveryARetryAndADeadLetterShowInTheMetricsWithDocumentedNamesAndTags() throws Exception {
        // a retry, then the delivery once the vendor is back
        faults.set("ecom", new SandboxFault(503, 1.0, 0L, false, null));
        publishCard("7500000000001");
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(prometheus(), "hub_deliveries_total{outcome=\"retried\",system=\"ecom\"}") >= 1);
        faults.clear("ecom");
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode("7500000000001").isPresent());
        // a dead letter
        faults.set("ecom", new SandboxFault(400, 1.0, 0L, false, null));
        publishCard("7500000000002");
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(prometheus(), "hub_dead_letters_waiting{system=\"ecom\"}") >= 1);

        String metrics = prometheus();
        assertThat(metric(metrics, "hub_deliveries_total{outcome=\"delivered\",system=\"ecom\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "hub_deliveries_total{outcome=\"retried\",system=\"ecom\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "hub_deliveries_total{outcome=\"dead-lettered\",system=\"ecom\"}")).isGreaterThanOrEqualTo(1);
        // vendor call latency, a histogram per system and outcome
        assertThat(metric(metrics, "hub_vendor_calls_seconds_count{outcome=\"success\",system=\"ecom\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "hub_vendor_calls_seconds_count{outcome=\"failure\",system=\"ecom\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metrics).containsPattern("hub_vendor_calls_seconds_bucket\\{outcome=\"success\",system=\"ecom\",le=\"[0-9.]+\"}");
        // per route: exchanges, failures, in-flight and a processing-time histogram (Camel's route policy)
        assertThat(metric(metrics, "camel_exchanges_total{camelContext=\"loyalty-hub\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"dispatch-ecom\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "camel_exchanges_failures_handled_total{camelContext=\"loyalty-hub\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"ecom-card-bulk\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "hub_routes_inflight{route=\"dispatch-ecom\"}")).isGreaterThanOrEqualTo(0);
        assertThat(metrics).containsPattern("camel_route_policy_seconds_bucket\\{[^}]*routeId=\"dispatch-ecom\"");
        // per mapping, published events, consumer lag
        assertThat(metrics).containsPattern("hub_mapping_seconds_count\\{mapping=\"ecom/card.from-canonical\",outcome=\"[a-z]+\"}");
        assertThat(metrics).contains("hub_events_published_total{");
        assertThat(metric(metrics, "hub_kafka_consumer_lag{system=\"ecom\"}")).as("measured").isGreaterThanOrEqualTo(0);
        // no tag carries a card number
        assertThat(metrics).doesNotContain("7500000000001").doesNotContain("7500000000002");
    }

    @Test
    void aVendorOutageMakesItsSystemDownWhileTheHubStaysLiveAndReady() throws Exception {
        faults.set("ecom", new SandboxFault(500, 1.0, 0L, false, null));
        publishCard("7600000000001");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ecomHealth = json.readTree(ops().getForEntity("/actuator/health", String.class).getBody())
                    .path("components").path("systems").path("components").path("ecom");
            assertThat(ecomHealth.path("status").asText()).isEqualTo("DOWN");
            assertThat(ecomHealth.path("details").path("circuit").asText()).isEqualTo("open");
            assertThat(ecomHealth.path("details").path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(5);
            assertThat(ecomHealth.path("details").path("lastError").asText()).isEqualTo("HTTP 500");
            assertThat(ecomHealth.path("details").path("lastFailure").asText()).isNotBlank();
        });
        ResponseEntity<String> liveness = ops().getForEntity("/actuator/health/liveness", String.class);
        assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(liveness.getBody()).path("status").asText()).isEqualTo("UP");
        ResponseEntity<String> readiness = ops().getForEntity("/actuator/health/readiness", String.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(readiness.getBody()).path("components").has("db")).isTrue();
        assertThat(json.readTree(readiness.getBody()).path("components").has("kafka")).isTrue();
        assertThat(json.readTree(readiness.getBody()).path("components").has("systems")).isFalse();
        assertThat(systemEcom().path("health").asText()).isEqualTo("DOWN");

        faults.clear("ecom");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ecomHealth = json.readTree(ops().getForEntity("/actuator/health", String.class).getBody())
                    .path("components").path("systems").path("components").path("ecom");
            assertThat(ecomHealth.path("status").asText()).isEqualTo("UP");
            assertThat(ecomHealth.path("details").path("consecutiveFailures").asInt()).isZero();
            assertThat(ecomHealth.path("details").path("lastSuccess").asText()).isNotBlank();
        });
        // nothing lost: the card arrives by a retry, or (the tests' retry budget is ~5 s) waits as a dead letter
        // that a replay delivers
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode("7600000000001").isPresent()
                || waitingDeadLetterOf("7600000000001") != null);
        JsonNode parked = waitingDeadLetterOf("7600000000001");
        if (parked != null) {
            assertThat(parked.path("errorMessage").asText()).contains("500");
            assertThat(ops().postForEntity("/ops/api/dead-letters/" + parked.path("id").asLong() + "/replay", null, String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode("7600000000001").isPresent());
        assertThat(ecom.findAllByCode("7600000000001")).hasSize(1);
    }

    /** The waiting ecom dead letter of a card, or null. */
    private JsonNode waitingDeadLetterOf(String number) throws Exception {
        for (JsonNode letter : json.readTree(ops().getForObject("/ops/api/dead-letters?system=ecom&size=500", String.class)).path("items")) {
            if (number.equals(letter.path("subject").asText())) {
                return letter;
            }
        }
        return null;
    }

    @Test
    void aSuspendedSystemReceivesNothingAndGetsEveryEventExactlyOnceAfterResume() throws Exception {
        // the context is shared: what earlier tests published is delivered first, so that the lag seen below is ours (a
        // lag read while ecom was still catching up fell when the stopping consumer committed what it had delivered)
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(prometheus(), "hub_kafka_consumer_lag{system=\"ecom\"}") == 0);
        ResponseEntity<String> suspended = ops().postForEntity("/ops/api/systems/ecom/suspend", null, String.class);
        assertThat(suspended.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode system = systemEcom();
        assertThat(system.path("suspended").asBoolean()).isTrue();
        assertThat(route(system, "dispatch-ecom").path("status").asText()).isEqualTo("Stopped");
        assertThat(route(system, "ecom-card-poll").path("status").asText()).isEqualTo("Stopped");

        List<String> numbers = IntStream.range(0, 5).mapToObj(i -> "77%011d".formatted(i)).toList();
        numbers.forEach(this::publishCard);
        // the events are provably on Kafka, waiting under ecom's consumer group ...
        assertThat(HubTestSupport.readUntil(kafka, topics.forEntity("card"),
                r -> r.stream().map(rec -> rec.key()).toList().containsAll(numbers), Duration.ofSeconds(20))
                .stream().map(rec -> rec.key()).toList()).containsAll(numbers);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(prometheus(), "hub_kafka_consumer_lag{system=\"ecom\"}") >= numbers.size());
        // ... and for longer than a delivery takes (batch timeout 200 ms) none reaches ecom
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> numbers.stream().noneMatch(n -> ecom.findByCode(n).isPresent()));

        // a replay would reach the vendor in its maintenance window: refused until resume
        ResponseEntity<String> replayWhileSuspended = ops().postForEntity("/ops/api/dead-letters/replay?system=ecom", null, String.class);
        assertThat(replayWhileSuspended.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(replayWhileSuspended.getHeaders().getContentType()).hasToString("application/problem+json");

        ResponseEntity<String> resumed = ops().postForEntity("/ops/api/systems/ecom/resume", null, String.class);
        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(resumed.getBody()).path("suspended").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> numbers.stream().allMatch(n -> ecom.findByCode(n).isPresent()));
        numbers.forEach(n -> {
            assertThat(ecom.findAllByCode(n)).hasSize(1);
            assertThat(ecom.writesFor(n, EcomCardStore.CREATE)).isEqualTo(1);
        });
        assertThat(route(systemEcom(), "dispatch-ecom").path("status").asText()).isEqualTo("Started");
        // delivered events are committed as they go: nothing stays behind under ecom's consumer group
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(prometheus(), "hub_kafka_consumer_lag{system=\"ecom\"}") == 0);
    }

    @Test
    void systemsApiNeedsTheOperatorAndAnswersProblemsForUnknownSystems() throws Exception {
        assertThat(http.getForEntity("/ops/api/systems", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.postForEntity("/ops/api/systems/ecom/suspend", null, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // a register's SPI key opens the SPI, never the ops API or the actuator
        org.springframework.http.HttpHeaders register = new org.springframework.http.HttpHeaders();
        register.setBearerAuth(HubTestSupport.SPI_KEY);
        register.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/spi/discount-cards/lookup", org.springframework.http.HttpMethod.POST,
                new org.springframework.http.HttpEntity<>("{\"card_number\":\"no-such-card\"}", register), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        for (String path : List.of("/ops/api/systems", "/ops/api/dead-letters", "/ops/", "/actuator/prometheus")) {
            assertThat(http.exchange(path, org.springframework.http.HttpMethod.GET, new org.springframework.http.HttpEntity<>(register),
                    String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<String> unknown = ops().postForEntity("/ops/api/systems/nowhere/suspend", null, String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");

        JsonNode systems = json.readTree(ops().getForObject("/ops/api/systems", String.class));
        assertThat(systems.findValuesAsText("name")).containsExactlyInAnyOrder("ecom", "codes", "promo", "wallet");
        JsonNode ecomSystem = null;
        for (JsonNode candidate : systems) {
            if (candidate.path("name").asText().equals("ecom")) {
                ecomSystem = candidate;
            }
        }
        assertThat(ecomSystem.path("routes").findValuesAsText("id"))
                .contains("dispatch-ecom", "ecom-card-poll", "ecom-card-intake", "ecom-card-sink", "ecom-card-bulk");
        assertThat(ecomSystem.path("counts").has("delivered")).isTrue();
        assertThat(ecomSystem.path("counts").has("deadLettersWaiting")).isTrue();
        JsonNode activity = json.readTree(ops().getForObject("/ops/api/activity", String.class));
        assertThat(activity.path("systems").path("ecom")).hasSize(60);
    }

    private void publishCard(String number) {
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", number,
                HubTestSupport.card(number, "B-" + number, "Ops", "1.00"));
    }

    private JsonNode systemEcom() throws Exception {
        return json.readTree(ops().getForObject("/ops/api/systems/ecom", String.class));
    }

    private static JsonNode route(JsonNode system, String id) {
        for (JsonNode route : system.path("routes")) {
            if (id.equals(route.path("id").asText())) {
                return route;
            }
        }
        throw new AssertionError("no route " + id + " in " + system);
    }

    private String prometheus() {
        ResponseEntity<String> answer = ops().getForEntity("/actuator/prometheus", String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        lastScrape = answer.getBody();
        return answer.getBody();
    }

    /** The value of one sample line, by its exact name and labels; -1 when absent. */
    static double metric(String metrics, String sample) {
        return metrics.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1).trim())).orElse(-1.0);
    }

    private TestRestTemplate ops() {
        return HubTestSupport.operator(http);
    }
}
