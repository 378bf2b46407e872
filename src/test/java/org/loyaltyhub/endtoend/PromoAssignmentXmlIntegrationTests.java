package org.loyaltyhub.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.loyaltyhub.sandbox.promo.PromoCodeBook;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The promo path configured otherwise than by default: requests written as {@code <xml>} and answers read from XML,
 * and one refusal marked retryable. The sandbox numbers its "no free code" refusal 7 here and the hub retries 7:
 * the hub follows its setting, not numbers of the sandbox's.
 */
@HubIntegrationTest
@TestPropertySource(properties = {"hub.systems.promo.format=xml", "hub.sandbox.promo.errors.no-free-code=7",
        "hub.systems.promo.retryable-errors=7"})
class PromoAssignmentXmlIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    PromoCodeBook promo;
    @Autowired
    DeadLetterStore deadLetters;

    @Test
    void anAssignmentIsAttachedInXmlAndARefusalInXmlIsDeadLettered() {
        request("{\"code\": \"XML-1\", \"loyaltyProgramId\": \"summer\", \"customer\": {\"field\": {\"name\": \"card_number\", \"value\": \"0000001\"}}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> promo.codesOf("p-1001").contains("XML-1"));
        assertThat(promo.requestFormats()).containsOnly("xml");

        request("{\"code\": \"USED-001\", \"loyaltyProgramId\": \"2\", \"customer\": {\"profileId\": \"p-1001\"}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.waitingIds("promo").size() == 1);
        assertThat(deadLetters.find(deadLetters.waitingIds("promo").get(0)).orElseThrow().errorMessage())
                .contains("error 4").contains("already attached");
    }

    @Test
    void aRefusalWhoseNumberIsRetryableIsRetriedUntilTheVendorCanAttach() {
        int asked = promo.requestFormats().size();
        // loyalty program 2 has no free code: refused with error 7 until one is added
        request("{\"loyaltyProgramId\": \"2\", \"customer\": {\"profileId\": \"p-1002\"}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> promo.requestFormats().size() >= asked + 3);
        assertThat(deadLetters.waitingIds("promo")).noneMatch(id -> deadLetters.find(id).orElseThrow().payload().contains("p-1002"));

        promo.add(new PromoCodeBook.PromoCode("REFILL-2", 2, false, Set.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> promo.codesOf("p-1002").contains("REFILL-2"));
        assertThat(deadLetters.waitingIds("promo")).noneMatch(id -> deadLetters.find(id).orElseThrow().payload().contains("p-1002"));
    }

    private void request(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.API_KEY);
        assertThat(http.postForEntity("/api/promo-assignments", new HttpEntity<>(body, headers), String.class).getStatusCode().value())
                .isEqualTo(202);
    }
}
