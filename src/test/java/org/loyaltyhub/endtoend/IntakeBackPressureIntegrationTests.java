package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Back pressure on intake (#18): while the wallet cannot take the cards ecom's polls bring in, its backlog (Kafka lag
 * plus parked deliveries) passes hub.flow.max-backlog and ecom's polls take nothing more in, saying why in the ops API;
 * once the wallet has caught up, the polls take in again and nothing was lost.
 */
@HubIntegrationTest
@TestPropertySource(properties = {"hub.flow.max-backlog=5",
        // the wallet keeps failing for as long as the test needs: its cards wait, parked, never dead letters
        "hub.systems.wallet.retry.max-attempts=100000"})
class IntakeBackPressureIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SandboxFaults faults;
    @Autowired
    CanonicalStore store;
    @Autowired
    ObjectMapper json;

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void pollsTakeNothingInWhileATargetsBacklogIsOverTheLimitAndCatchUpAfter() throws Exception {
        faults.set("wallet", new SandboxFault(503, 1.0, 0L, false, null));
        createAtEcom(IntStream.rangeClosed(1, 10).mapToObj("76000000000%02d"::formatted).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find("card", "7600000000010").isPresent());

        await().atMost(Duration.ofSeconds(30)).until(() -> system("ecom").path("intakeHeldBy").asText("").startsWith("wallet: "));
        assertThat(system("wallet").path("backlog").asLong()).as("the wallet's backlog: lag plus parked").isGreaterThan(5);

        // held: a card made at ecom now is not taken in, poll after poll (every 500 ms)
        createAtEcom(List.of("7600000000099"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> store.find("card", "7600000000099").isEmpty());

        // the wallet is back: its backlog drains, the polls take in again
        faults.clear("wallet");
        await().atMost(Duration.ofSeconds(60)).until(() -> store.find("card", "7600000000099").isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> system("ecom").path("intakeHeldBy").isNull());
    }

    private JsonNode system(String name) throws Exception {
        return json.readTree(HubTestSupport.operator(http).getForObject("/ops/api/systems/" + name, String.class));
    }

    private void createAtEcom(List<String> numbers) {
        String cards = numbers.stream().map(number -> """
                {"code": "%s", "barcode": "B-%s", "accumulated_amount": "1.00", "first_name": "Back", "last_name": "Pressure",
                 "sex": "f", "date_of_birth": "1990-01-01", "address": "Str. Test 1"}""".formatted(number, number)).collect(Collectors.joining(",", "[", "]"));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/sandbox/ecom/external/discount-card/bulk-create/", HttpMethod.POST, new HttpEntity<>(cards, headers),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }
}
