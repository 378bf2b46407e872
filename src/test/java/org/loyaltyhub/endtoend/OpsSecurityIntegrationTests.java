package org.loyaltyhub.endtoend;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
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
    @LocalServerPort
    int port;
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
    void failedLoginsAreThrottledPerClientBeforeAnyPasswordCheck() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/ops/api/systems", "a-guess").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = get("/ops/api/systems", "a-guess");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue(HttpHeaders.RETRY_AFTER)).isPresent();
        // even the right password waits: the client is not heard until the lockout is over (LoginThrottleTests)
        assertThat(get("/ops/api/systems", HubTestSupport.OPERATOR_PASSWORD).statusCode()).isEqualTo(429);
        // paths that need no operator never check a password, nor count it
        assertThat(get("/spi/openapi.json", "a-guess").statusCode()).isEqualTo(200);
        assertThat(get("/sandbox/ecom/external/discount-card/", "a-guess").statusCode()).isEqualTo(200);
    }

    /** A plain client: TestRestTemplate's would wait out a 429's Retry-After and ask again. */
    private HttpResponse<String> get(String path, String password) throws Exception {
        String login = HubTestSupport.OPERATOR + ":" + password;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
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
