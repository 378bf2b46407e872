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
}
