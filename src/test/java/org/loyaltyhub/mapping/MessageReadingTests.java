package org.loyaltyhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine reads a message (text or bytes) as {@code ObjectMapper.readValue(..., Object)} does: same trees, same failures. */
class MessageReadingTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameTreesAndSameFailuresAsTheMapper(@TempDir Path temp) throws Exception {
        Path root = temp.resolve("maps");
        Files.createDirectories(root.resolve("acme"));
        Files.writeString(root.resolve("acme/echo.jsonata"), "{\"in\": $}");
        MappingEngine engine = new MappingEngine(root, system -> Map.of(), JSON);
        ObjectMapper mapper = MappingEngine.resultMapper(JSON);
        for (String body : List.of("{\"a\": [1, 2.5, null, \"x\", {\"b\": true}]}", "[1, 2]", "\"text\"", "12345678901234567890",
                "", "   ", "{", "{\"a\": }", "<card/>", "[1,]", "1 2", "{\"a\": 1} trailing", "nul", "{\"a\": \"\\u00\"}")) {
            for (Object message : List.of(body, body.getBytes(StandardCharsets.UTF_8))) {
                String expected;
                try {
                    Object tree = message instanceof String text ? mapper.readValue(text, new TypeReference<Object>() {
                    }) : mapper.readValue((byte[]) message, new TypeReference<Object>() {
                    });
                    expected = String.valueOf(mapper.valueToTree(Map.of("in", tree == null ? "null" : tree)));
                } catch (Exception e) {
                    expected = "Mapping acme/echo failed: input is not valid JSON: " + e.getMessage();
                }
                String actual;
                try {
                    actual = String.valueOf(engine.apply("acme/echo", message, Map.of()));
                } catch (MappingException e) {
                    actual = e.getMessage();
                }
                if (expected.contains("\"in\":\"null\"")) {
                    continue; // JSON null as the whole message: the mapping sees nothing, a case of its own
                }
                assertThat(actual).as(body).isEqualTo(expected);
            }
        }
    }
}
