package org.loyaltyhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@link CanonicalStore#merge}: what the store keeps when a source sends part of an entity. */
class CanonicalStoreMergeTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String STORED = """
            {"number": "1", "barcode": "B1", "active": true,
             "holder": {"firstName": "Jane", "lastName": "Smith", "address": "Old Street 1"},
             "accumulated": {"amount": "10.00", "currency": "MDL"},
             "refs": {"ecom": "7"}}
            """;

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode merge(String stored, String incoming) {
        return CanonicalStore.merge(tree(stored), tree(incoming));
    }

    @Test
    void keepsStoredFieldsTheIncomingBodyLacks() {
        JsonNode merged = merge(STORED, "{\"number\": \"1\", \"active\": false}");

        assertThat(merged).isEqualTo(tree("""
                {"number": "1", "barcode": "B1", "active": false,
                 "holder": {"firstName": "Jane", "lastName": "Smith", "address": "Old Street 1"},
                 "accumulated": {"amount": "10.00", "currency": "MDL"},
                 "refs": {"ecom": "7"}}
                """));
    }

    @Test
    void incomingValuesWin() {
        JsonNode merged = merge(STORED, "{\"number\": \"1\", \"barcode\": \"B2\", \"accumulated\": {\"amount\": \"12.50\"}}");

        assertThat(merged.path("barcode").asText()).isEqualTo("B2");
        assertThat(merged.path("accumulated")).isEqualTo(tree("{\"amount\": \"12.50\", \"currency\": \"MDL\"}"));
    }

    @Test
    void mergesHolderFieldByField() {
        JsonNode merged = merge(STORED, "{\"number\": \"1\", \"holder\": {\"lastName\": \"Brown\", \"gender\": \"female\"}}");

        assertThat(merged.path("holder")).isEqualTo(tree("""
                {"firstName": "Jane", "lastName": "Brown", "address": "Old Street 1", "gender": "female"}
                """));
    }

    @Test
    void mergesRefsSoEverySystemsIdIsKept() {
        JsonNode merged = merge(STORED, "{\"number\": \"1\", \"refs\": {\"spi\": \"S-9\"}}");

        assertThat(merged.path("refs")).isEqualTo(tree("{\"ecom\": \"7\", \"spi\": \"S-9\"}"));
    }

    @Test
    void anExplicitNullClearsTheStoredValue() {
        JsonNode merged = merge(STORED, "{\"number\": \"1\", \"holder\": {\"address\": null}}");

        assertThat(merged.path("holder").has("address")).isTrue();
        assertThat(merged.path("holder").get("address").isNull()).isTrue();
        assertThat(merged.path("holder").path("firstName").asText()).isEqualTo("Jane");
    }

    @Test
    void aValueReplacesAnObjectAndAnObjectReplacesAValue() {
        assertThat(merge(STORED, "{\"holder\": \"gone\"}").path("holder").asText()).isEqualTo("gone");
        assertThat(merge("{\"holder\": \"none\"}", "{\"holder\": {\"firstName\": \"Ann\"}}").path("holder"))
                .isEqualTo(tree("{\"firstName\": \"Ann\"}"));
    }

    @Test
    void arraysAreReplacedNotMerged() {
        assertThat(merge("{\"tags\": [\"a\", \"b\"]}", "{\"tags\": [\"c\"]}")).isEqualTo(tree("{\"tags\": [\"c\"]}"));
    }

    @Test
    void anIncomingBodyThatIsNotAnObjectReplacesTheStoredOne() {
        assertThat(merge(STORED, "[1, 2]")).isEqualTo(tree("[1, 2]"));
        assertThat(merge("\"x\"", "{\"number\": \"1\"}")).isEqualTo(tree("{\"number\": \"1\"}"));
    }

    @Test
    void leavesTheIncomingBodyUntouched() {
        JsonNode incoming = tree("{\"number\": \"1\", \"holder\": {\"lastName\": \"Brown\"}, \"refs\": {\"spi\": \"S-9\"}}");

        CanonicalStore.merge(tree(STORED), incoming);

        assertThat(incoming).isEqualTo(tree("{\"number\": \"1\", \"holder\": {\"lastName\": \"Brown\"}, \"refs\": {\"spi\": \"S-9\"}}"));
    }
}
