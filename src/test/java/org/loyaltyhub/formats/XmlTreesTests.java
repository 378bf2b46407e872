package org.loyaltyhub.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlTreesTests {

    // money as the hub reads it: 12.50 stays 12.50
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static JsonNode read(String xml) {
        return XmlTrees.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRootIsTheObjectTextChildrenAreStringsRepeatedNamesAreArrays() throws Exception {
        assertThat(read("""
                <?xml version="1.0"?>
                <card kind="plastic"><cardNo> 7000000000001 </cardNo><customer><first>Ana</first></customer>
                  <phone>1</phone><phone>2</phone><note lang="en">hello</note><empty></empty></card>"""))
                .isEqualTo(JSON.readTree("""
                        {"kind":"plastic","cardNo":"7000000000001","customer":{"first":"Ana"},"phone":["1","2"],
                         "note":{"lang":"en","text":"hello"},"empty":""}"""));
    }

    @Test
    void namespacesAreLeftOutOfNames() throws Exception {
        assertThat(read("<c:card xmlns:c=\"urn:c\"><c:cardNo>1</c:cardNo></c:card>"))
                .isEqualTo(JSON.readTree("{\"cardNo\":\"1\"}"));
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
    void nestingDeeperThanTheLimitIsRefusedByName() {
        String deep = "<a>".repeat(XmlTrees.MAX_DEPTH + 1) + "x" + "</a>".repeat(XmlTrees.MAX_DEPTH + 1);
        assertThatThrownBy(() -> read(deep))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessage("XML nested deeper than " + XmlTrees.MAX_DEPTH + " elements is not accepted");
        String deepest = "<a>".repeat(XmlTrees.MAX_DEPTH) + "x" + "</a>".repeat(XmlTrees.MAX_DEPTH);
        assertThat(read(deepest).isObject()).isTrue();
    }

    @Test
    void aTextFarLongerThanTheLimitIsRefused() {
        // the parser checks the limit as its buffer grows, so only a text well over it is sure to be refused
        assertThatThrownBy(() -> read("<card><note>" + "x".repeat(4 * XmlTrees.MAX_TEXT_CHARS) + "</note></card>"))
                .isInstanceOf(MalformedBodyException.class).hasMessageStartingWith("XML larger than accepted");
    }

    @Test
    void anotherRootThanTheExpectedOneIsRefused() {
        assertThat(XmlTrees.read("<xml><a>1</a></xml>".getBytes(StandardCharsets.UTF_8), "xml").path("a").asText()).isEqualTo("1");
        assertThatThrownBy(() -> XmlTrees.read("<other><a>1</a></other>".getBytes(StandardCharsets.UTF_8), "xml"))
                .isInstanceOf(MalformedBodyException.class).hasMessage("the root element must be <xml>, was <other>");
    }

    @Test
    void writingIsTheReverseOfReading() throws Exception {
        JsonNode tree = JSON.readTree("""
                {"cardNo":"7000000000001","amount":12.50,"count":3,"active":true,"customer":{"first":"A & <B>"},
                 "phone":["1","2"],"gone":null}""");
        String xml = XmlTrees.write("card", tree);
        assertThat(xml).isEqualTo("<card><cardNo>7000000000001</cardNo><amount>12.50</amount><count>3</count><active>true</active>"
                + "<customer><first>A &amp; &lt;B></first></customer><phone>1</phone><phone>2</phone></card>");
        assertThat(read(xml)).isEqualTo(JSON.readTree("""
                {"cardNo":"7000000000001","amount":"12.50","count":"3","active":"true","customer":{"first":"A & <B>"},
                 "phone":["1","2"]}"""));
    }

    @Test
    void onlyAnObjectWithXmlNamesCanBeWritten() throws Exception {
        assertThatThrownBy(() -> XmlTrees.write("card", JSON.readTree("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlTrees.write("card", JSON.readTree("{\"1st\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1st");
    }
}
