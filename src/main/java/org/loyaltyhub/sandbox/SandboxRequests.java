package org.loyaltyhub.sandbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What the JSON sandboxes share: reading a request body, answering an unknown id. */
public final class SandboxRequests {

    private SandboxRequests() {
    }

    public static JsonNode readJson(ObjectReader reader, String body) {
        if (body == null || body.isBlank()) {
            throw new SandboxValidationException("a JSON body is required");
        }
        try {
            return reader.readTree(body);
        } catch (JacksonException e) {
            throw new SandboxValidationException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    public static ResponseEntity<JsonNode> notFound(String what, long id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(JsonNodeFactory.instance.objectNode().put("error", "no " + what + " with id " + id));
    }
}
