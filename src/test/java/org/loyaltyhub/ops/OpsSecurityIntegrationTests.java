package org.loyaltyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** The operator surfaces against browsers and guessing: cross-site requests, throttled logins, health for the public. */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {"hub.ops.login.max-failures=3", "hub.ops.login.lockout=10m"})
class OpsSecurityIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    @Test
    void aCrossSiteFormPostWithTheOperatorsLoginIsRefusedAndTheOpsClientsHeaderIsAccepted() {
        // what a page on another site can make a browser send: a form POST, with the Basic login it remembers
        HttpHeaders form = new HttpHeaders();
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        form.set(HttpHeaders.ORIGIN, "https://elsewhere.example");
        TestRestTemplate operator = http.withBasicAuth(HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD);
        for (String path : new String[] {"/ops/api/systems/ecom/suspend", "/ops/api/reload", "/ops/api/dead-letters/replay?system=ecom"}) {
            assertThat(operator.exchange(path, HttpMethod.POST, new HttpEntity<>("x=1", form), String.class).getStatusCode())
                    .as(path).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(operator.exchange("/ops/api/dead-letters/1", HttpMethod.DELETE, new HttpEntity<>(form), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(operator.getForEntity("/ops/api/systems", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        TestRestTemplate ops = HubTestSupport.operator(http);
        assertThat(ops.postForEntity("/ops/api/systems/ecom/suspend", null, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ops.postForEntity("/ops/api/systems/ecom/resume", null, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @Order(Integer.MAX_VALUE) // this client (127.0.0.1) stays locked out for the rest of this context's life
    void failedLoginsAreThrottledPerClientBeforeAnyPasswordCheckUntilTheLockoutPasses() {
        TestRestTemplate guesser = http.withBasicAuth(HubTestSupport.OPERATOR, "a-guess");
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.getForEntity("/ops/api/systems", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<String> throttled = guesser.getForEntity("/ops/api/systems", String.class);
        assertThat(throttled.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(throttled.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        // even the right password waits: the client is not heard until the lockout is over
        TestRestTemplate ops = HubTestSupport.operator(http);
        assertThat(ops.getForEntity("/ops/api/systems", String.class).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // paths that need no operator never check a password, nor count it
        assertThat(guesser.getForEntity("/spi/openapi.json", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(guesser.getForEntity("/sandbox/ecom/external/discount-card/", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        // the lockout's end: LoginThrottleTests
    }

    @Test
    void healthShowsTheStatusOnlyWithoutALoginAndTheDetailsToOperators() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
            ResponseEntity<String> anonymous = http.getForEntity(path, String.class);
            assertThat(anonymous.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            JsonNode status = json.readTree(anonymous.getBody());
            assertThat(status.path("status").asText()).isEqualTo("UP");
            assertThat(status.has("components")).as(path + ": " + anonymous.getBody()).isFalse();
            assertThat(anonymous.getBody()).doesNotContain("details").doesNotContain("127.0.0.1");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> HubTestSupport.operator(http).getForEntity("/actuator/health", String.class)
                .getStatusCode() == HttpStatus.OK);
        JsonNode detailed = json.readTree(HubTestSupport.operator(http).getForEntity("/actuator/health", String.class).getBody());
        assertThat(detailed.path("components").path("systems").path("components").has("ecom")).isTrue();
        assertThat(detailed.path("components").path("db").path("details").has("database")).isTrue();
    }
}
