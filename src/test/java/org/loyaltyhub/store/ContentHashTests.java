package org.loyaltyhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CARD = """
            {"number": "9876543210987", "barcode": "987654321012345678901234", "active": true,
             "holder": {"firstName": "Jane", "lastName": "Smith", "gender": "female", "userId": null},
             "accumulated": {"amount": "6000.00", "currency": "MDL"},
             "refs": {"ecom": "1"}}
            """;

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void isTheSha256OfTheBodyWithSortedKeys() {
        // stored hashes must stay comparable across releases: this pins the serialized form
        JsonNode card = tree("{\"number\": \"123\", \"holder\": {\"lastName\": \"Smith\", \"firstName\": \"Jane\"}, \"active\": true}");

        assertThat(ContentHash.of(card)).isEqualTo("1466202fc767d28feb432123dce2148ddcf762d421895f32273fed2d158948e4");
    }

    @Test
    void ignoresKeyOrderAtEveryLevel() {
        JsonNode reordered = tree("""
                {"refs": {"ecom": "1"}, "accumulated": {"currency": "MDL", "amount": "6000.00"},
                 "holder": {"userId": null, "gender": "female", "lastName": "Smith", "firstName": "Jane"},
                 "active": true, "barcode": "987654321012345678901234", "number": "9876543210987"}
                """);

        assertThat(ContentHash.of(reordered)).isEqualTo(ContentHash.of(tree(CARD)));
    }

    @Test
    void ignoresRefs() {
        ObjectNode otherRefs = (ObjectNode) tree(CARD);
        otherRefs.putObject("refs").put("ecom", "2").put("spi", "77");
        ObjectNode noRefs = (ObjectNode) tree(CARD);
        noRefs.remove("refs");

        assertThat(ContentHash.of(otherRefs)).isEqualTo(ContentHash.of(tree(CARD)));
        assertThat(ContentHash.of(noRefs)).isEqualTo(ContentHash.of(tree(CARD)));
    }

    @Test
    void leavesTheHashedBodyUntouched() {
        JsonNode card = tree(CARD);

        ContentHash.of(card);

        assertThat(card).isEqualTo(tree(CARD));
    }

    @Test
    void differsWhenAnyValueDiffers() {
        String original = ContentHash.of(tree(CARD));
        List<String> paths = new ArrayList<>();
        collectLeaves(tree(CARD), "", paths);
        assertThat(paths).hasSize(10);

        for (String path : paths) {
            if (path.startsWith("/refs")) {
                continue;
            }
            ObjectNode changed = (ObjectNode) tree(CARD);
            int slash = path.lastIndexOf('/');
            ((ObjectNode) changed.at(path.substring(0, slash))).set(path.substring(slash + 1), TextNode.valueOf("changed"));

            assertThat(ContentHash.of(changed)).as("hash after changing " + path).isNotEqualTo(original);
        }
    }

    @Test
    void differsWhenAFieldIsAddedOrRemoved() {
        ObjectNode added = (ObjectNode) tree(CARD);
        ((ObjectNode) added.get("holder")).put("address", "Chisinau");
        ObjectNode removed = (ObjectNode) tree(CARD);
        removed.remove("barcode");

        assertThat(ContentHash.of(added)).isNotEqualTo(ContentHash.of(tree(CARD)));
        assertThat(ContentHash.of(removed)).isNotEqualTo(ContentHash.of(tree(CARD)));
    }

    @Test
    void tellsTypesApart() {
        assertThat(ContentHash.of(tree("{\"n\": \"1\"}"))).isNotEqualTo(ContentHash.of(tree("{\"n\": 1}")));
        assertThat(ContentHash.of(tree("{\"n\": true}"))).isNotEqualTo(ContentHash.of(tree("{\"n\": \"true\"}")));
        assertThat(ContentHash.of(tree("{\"n\": null}"))).isNotEqualTo(ContentHash.of(tree("{}")));
    }

    private static void collectLeaves(JsonNode node, String path, List<String> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collectLeaves(field.getValue(), path + "/" + field.getKey(), leaves));
        } else {
            leaves.add(path);
        }
    }
}
