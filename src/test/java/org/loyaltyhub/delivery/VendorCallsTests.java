package org.loyaltyhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VendorCallsTests {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLookupQueryTakesTheFirstAlternativeWhoseFieldsAllHaveAValue() throws Exception {
        JsonNode withEmail = json.readTree("{\"email\": \"ann+1@example.org\", \"phone\": \"+373 69\", \"externalUserId\": \"7930\"}");
        JsonNode phoneOnly = json.readTree("{\"email\": null, \"phone\": \"+37369000029\"}");
        JsonNode neither = json.readTree("{\"email\": \"\", \"firstName\": \"Ann\"}");

        assertThat(VendorCalls.lookupQuery("email|phone", withEmail, null)).isEqualTo("email=ann%2B1%40example.org");
        assertThat(VendorCalls.lookupQuery("email|phone", phoneOnly, null)).isEqualTo("phone=%2B37369000029");
        assertThat(VendorCalls.lookupQuery("email|phone", neither, null)).isNull();
    }

    @Test
    void fieldsThatGoTogetherAreAllNeeded() throws Exception {
        JsonNode card = json.readTree("{\"customerId\": \"9f0c\", \"templateId\": 171}");
        JsonNode noTemplate = json.readTree("{\"customerId\": \"9f0c\"}");

        assertThat(VendorCalls.lookupQuery("customerId,templateId", card, null)).isEqualTo("customerId=9f0c&templateId=171");
        assertThat(VendorCalls.lookupQuery("customerId,templateId", noTemplate, null)).isNull();
        assertThat(VendorCalls.lookupQuery("", card, null)).isNull();
    }

    @Test
    void theIdOfThePathsRefIsPassedWhereTheLookupNamesIt() throws Exception {
        JsonNode operation = json.readTree("{\"scores\": 12, \"comment\": \"Loyalty Hub sale txn_1\"}");

        assertThat(VendorCalls.lookupQuery("cardId={ref}", operation, "896844-833-112")).isEqualTo("cardId=896844-833-112");
        assertThat(VendorCalls.lookupQuery("cardId={ref}", operation, null)).as("no id yet: nothing to look by").isNull();
        assertThat(VendorCalls.lookupQuery("cardId={ref},scores", operation, "a b")).isEqualTo("cardId=a+b&scores=12");
    }
}
