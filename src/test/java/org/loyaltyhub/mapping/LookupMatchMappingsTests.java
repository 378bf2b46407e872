package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lookup that decides whether a create of unknown outcome is sent again must never read "not there" out of an
 * answer that is not a list: a nonsense 200 would otherwise create the entity twice.
 */
class LookupMatchMappingsTests {

    private static final MappingEngine ENGINE = MappingFixtures.engine(MappingFixtures.MAPPINGS);
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"wallet/card.customer.lookup-match", "wallet/card.issue.lookup-match"})
    void anAnswerWithoutItsListFailsRatherThanSayingNothingIsThere(String mapping) throws Exception {
        JsonNode request = json.readTree("{\"externalUserId\": \"7930\", \"customerId\": \"c-1\", \"templateId\": 171}");
        for (String nonsense : new String[] {"{}", "{\"data\": null}", "{\"data\": {}}", "[]"}) {
            assertThatThrownBy(() -> ENGINE.apply(mapping, json.readTree(nonsense), Map.of(), null, Map.of("request", request)))
                    .as(nonsense).isInstanceOf(RuntimeException.class);
        }
        assertThat(ENGINE.apply(mapping, json.readTree("{\"data\": []}"), Map.of(), null, Map.of("request", request)).isEmpty()).isTrue();
    }
}
