package org.loyaltyhub.endtoend;

import org.loyaltyhub.flow.VendorFlowControl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.reliability.DeliveryLog;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubSandboxCalls;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * Flow control through the real backbone and the sandbox vendors over HTTP: promo held to 5 calls a second, and codes'
 * circuit opening after failed calls in a row, stopping its calls until a probe succeeds.
 */
@HubIntegrationTest
@AutoConfigureObservability
@Import(HubSandboxCalls.Wiring.class)
@TestPropertySource(properties = {
        "hub.systems.promo.rate-limit=5",
        // longer than the checks of "no call while open" take (up to ~3.5 s): a probe after it would be a call, rightly
        "hub.systems.codes.circuit-open-for=6s",
        "hub.ops.open-circuit-after=5"})
class FlowControlIntegrationTests {

    private static final long PROGRAM = 4242;
    private static final String ATTACH = "/api/v1.1/promocodes/attach";
    private static final String CODES = "/api/v2/admin/discount-codes";

    @Autowired
    TestRestTemplate http;
    @Autowired
    HubSandboxCalls calls;
    @Autowired
    SandboxFaults faults;
    @Autowired
    PromoCodeBook promo;
    @Autowired
    VendorFlowControl flow;
    @Autowired
    DeliveryLog deliveryLog;
    @Autowired
    DeadLetterStore deadLetters;
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
    void aRateLimitOfFiveASecondHoldsOverABurstOfFiveHundredAttaches() {
        IntStream.range(0, 500).forEach(i -> promo.add(new PromoCodeBook.PromoCode("RATE-%03d".formatted(i), PROGRAM, false, Set.of())));
        long before = calls.count("promo", "POST", ATTACH);
        for (int i = 0; i < 500; i++) {
            assertThat(assign().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        }
        // 30 s from the first attach of the burst
        await().atMost(Duration.ofSeconds(90)).until(() -> calls.count("promo", "POST", ATTACH) > before);
        Instant first = calls.times("promo", "POST", ATTACH).get((int) before);
        await().atMost(Duration.ofSeconds(90)).until(() -> calls.times("promo", "POST", ATTACH).stream()
                .anyMatch(at -> at.isAfter(first.plusSeconds(30))));
        List<Instant> inWindow = calls.times("promo", "POST", ATTACH).stream().skip(before)
                .filter(at -> at.isBefore(first.plusSeconds(30))).toList();

        org.slf4j.LoggerFactory.getLogger(FlowControlIntegrationTests.class).info("Rate limit 5/s measured: {} attaches in 30 s, at most {} in one second",
                inWindow.size(), busiestSecond(inWindow));
        assertThat(inWindow.size()).as("attaches in 30 s at 5 a second, within 10 %").isBetween(135, 165);
        assertThat(busiestSecond(inWindow)).as("attaches in any one second: spread out (a limit of 5 per 1-s window would let 10 through)").isLessThanOrEqualTo(8);
    }

    @Test
    void anOpenCircuitStopsTheCallsUntilAProbeSucceedsAndLosesNothing() throws Exception {
        faults.set("codes", new SandboxFault(500, 1.0, 0L, false, null));
        List<String> events = IntStream.range(0, 3).mapToObj(i -> publishPromotion("CIRCUIT-" + i)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> systemCodes().path("circuit").asText().equals("open"));
        assertThat(systemCodes().path("health").asText()).isEqualTo("DOWN");
        assertThat(prometheus()).as("the circuit's state as a metric")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"codes\"[^}]*state=\"open\"[^}]*} 1\\.0");

        // while it is open, no call reaches codes: not the deliveries' retries, not the polls
        long whileOpen = calls.count("codes");
        await().during(Duration.ofMillis(2_000)).atMost(Duration.ofMillis(2_500))
                .until(() -> !systemCodes().path("circuit").asText().equals("open") || calls.count("codes") == whileOpen);
        assertThat(calls.count("codes")).as("calls while the circuit was open").isEqualTo(whileOpen);
        assertThat(prometheus()).as("the calls it held back, counted")
                .containsPattern("resilience4j_circuitbreaker_not_permitted_calls_total\\{[^}]*name=\"codes\"[^}]*} [1-9]");

        // codes answers again: the probe after circuit-open-for closes the circuit, the waiting deliveries go through
        faults.clear("codes");
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveryLog.delivered("codes", events).size() == events.size());
        assertThat(systemCodes().path("circuit").asText()).isEqualTo("closed");
        assertThat(deadLetters.waitingIds("codes")).as("waiting for the circuit spends no retries").isEmpty();
    }

    /** The most calls that arrived within any one second. */
    private static long busiestSecond(List<Instant> times) {
        long most = 0;
        for (int i = 0; i < times.size(); i++) {
            Instant end = times.get(i).plusSeconds(1);
            long within = times.stream().skip(i).takeWhile(at -> at.isBefore(end)).count();
            most = Math.max(most, within);
        }
        return most;
    }

    private String prometheus() {
        return http.withBasicAuth(HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD).getForObject("/actuator/prometheus", String.class);
    }

    private JsonNode systemCodes() throws Exception {
        return json.readTree(http.withBasicAuth(HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD)
                .getForObject("/ops/api/systems/codes", String.class));
    }

    private String publishPromotion(String code) {
        return HubTestSupport.publish(kafka, topics.forEntity("promotion"), "crm", "promotion.upserted", code, """
                {"code": "%s", "kind": "fixed", "amount": "10.00", "currency": "MDL", "enabled": true}""".formatted(code));
    }

    private org.springframework.http.ResponseEntity<String> assign() {
        return HubTestSupport.assignPromo(http, PROGRAM, "p-1001");
    }
}
