package org.loyaltyhub.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** Bodies read at the hub's edges: nested deeper than the bound is malformed, in JSON as in XML. */
class BodyFormatTests {

    @Test
    void jsonNestedDeeperThanTheLimitIsMalformedForTheHubsReader() {
        Jackson2ObjectMapperBuilder builder = new Jackson2ObjectMapperBuilder();
        new FormatsConfiguration().boundedNesting().customize(builder);
        ObjectMapper json = builder.build();
        String deep = "[".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "]".repeat(BodyFormat.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> BodyFormat.JSON.read(json, deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedBodyException.class);
        String allowed = "[".repeat(BodyFormat.MAX_NESTING_DEPTH) + "]".repeat(BodyFormat.MAX_NESTING_DEPTH);
        assertThat(BodyFormat.JSON.read(json, allowed.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void xmlNestedDeeperThanTheLimitIsMalformed() {
        String deep = "<a>".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "x" + "</a>".repeat(BodyFormat.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> XmlTrees.read(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedBodyException.class);
        String allowed = "<a>".repeat(BodyFormat.MAX_NESTING_DEPTH) + "x" + "</a>".repeat(BodyFormat.MAX_NESTING_DEPTH);
        assertThat(XmlTrees.read(allowed.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }
}
