package org.loyaltyhub.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlAsJsonTests {

    private static com.fasterxml.jackson.databind.JsonNode read(String xml) {
        return XmlAsJson.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRootIsTheObjectTextChildrenAreStringsRepeatedNamesAreArrays() throws Exception {
        assertThat(read("""
                <?xml version="1.0"?>
                <card kind="plastic"><cardNo> 7000000000001 </cardNo><customer><first>Ana</first></customer>
                  <phone>1</phone><phone>2</phone><note lang="en">hello</note></card>"""))
                .isEqualTo(new ObjectMapper().readTree("""
                        {"kind":"plastic","cardNo":"7000000000001","customer":{"first":"Ana"},"phone":["1","2"],
                         "note":{"lang":"en","text":"hello"}}"""));
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverResolved() {
        assertThatThrownBy(() -> read("""
                <?xml version="1.0"?><!DOCTYPE card [<!ENTITY x SYSTEM "file:///etc/passwd">]><card><n>&x;</n></card>"""))
                .isInstanceOf(MalformedBodyException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> read("""
                <?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><card>&b;</card>"""))
                .isInstanceOf(MalformedBodyException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedXmlNamesThePositionNotTheContent() {
        assertThatThrownBy(() -> read("<card><cardNo>secret-value</card>"))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageStartingWith("malformed XML at line 1, column")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void xmlNestedDeeperThanTheLimitIsMalformed() {
        String deep = "<a>".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "x" + "</a>".repeat(BodyFormat.MAX_NESTING_DEPTH + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlAsJson.read(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBodyException.class);
        String allowed = "<a>".repeat(BodyFormat.MAX_NESTING_DEPTH) + "x" + "</a>".repeat(BodyFormat.MAX_NESTING_DEPTH);
        org.assertj.core.api.Assertions.assertThat(XmlAsJson.read(allowed.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsMalformedForTheHubsReader() {
        org.springframework.http.converter.json.Jackson2ObjectMapperBuilder builder = new org.springframework.http.converter.json.Jackson2ObjectMapperBuilder();
        new FormatsConfiguration().boundedNesting().customize(builder);
        com.fasterxml.jackson.databind.ObjectMapper json = builder.build();
        String deep = "[".repeat(BodyFormat.MAX_NESTING_DEPTH + 1) + "]".repeat(BodyFormat.MAX_NESTING_DEPTH + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BodyFormat.JSON.read(json, deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedBodyException.class);
        String allowed = "[".repeat(BodyFormat.MAX_NESTING_DEPTH) + "]".repeat(BodyFormat.MAX_NESTING_DEPTH);
        org.assertj.core.api.Assertions.assertThat(BodyFormat.JSON.read(json, allowed.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotNull();
    }
}
