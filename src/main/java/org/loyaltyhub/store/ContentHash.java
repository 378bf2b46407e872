package org.loyaltyhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a canonical body in a stable form (sorted keys), leaving out {@code refs}. */
public final class ContentHash {

    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ContentHash() {
    }

    /** SHA-256 of a text, as hex. */
    public static String ofText(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(JsonNode canonical) {
        JsonNode content = canonical;
        if (canonical instanceof ObjectNode object && object.has("refs")) {
            content = object.deepCopy();
            ((ObjectNode) content).remove("refs");
        }
        try {
            Object sorted = SORTED.treeToValue(content, Object.class);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsBytes(sorted));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot hash canonical content", e);
        }
    }
}
