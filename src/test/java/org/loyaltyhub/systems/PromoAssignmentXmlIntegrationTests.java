package org.loyaltyhub.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

/** The promo path with the setting switched to XML: requests written as <xml>, answers read from XML. */
@HubIntegrationTest
@TestPropertySource(properties = "hub.systems.promo.format=xml")
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

    private void request(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(HubTestSupport.API_KEY);
        assertThat(http.postForEntity("/api/promo-assignments", new HttpEntity<>(body, headers), String.class).getStatusCode().value())
                .isEqualTo(202);
    }
}
