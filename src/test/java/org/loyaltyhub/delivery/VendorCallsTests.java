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

        assertThat(VendorCalls.lookupQuery("email|phone", withEmail)).isEqualTo("email=ann%2B1%40example.org");
        assertThat(VendorCalls.lookupQuery("email|phone", phoneOnly)).isEqualTo("phone=%2B37369000029");
        assertThat(VendorCalls.lookupQuery("email|phone", neither)).isNull();
    }

    @Test
    void fieldsThatGoTogetherAreAllNeeded() throws Exception {
        JsonNode card = json.readTree("{\"customerId\": \"9f0c\", \"templateId\": 171}");
        JsonNode noTemplate = json.readTree("{\"customerId\": \"9f0c\"}");

        assertThat(VendorCalls.lookupQuery("customerId,templateId", card)).isEqualTo("customerId=9f0c&templateId=171");
        assertThat(VendorCalls.lookupQuery("customerId,templateId", noTemplate)).isNull();
        assertThat(VendorCalls.lookupQuery("", card)).isNull();
    }
}
