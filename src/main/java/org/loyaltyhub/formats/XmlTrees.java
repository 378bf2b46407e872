package org.loyaltyhub.formats;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.api.WstxOutputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * XML as the JSON tree a mapping expects, read and written by Jackson XML, so one JSONata mapping serves
 * JSON and XML senders: the root element stands for the object, a child holding only text becomes a string
 * field (trimmed), a child with children or attributes an object (its own text under {@code "text"}), and a
 * name repeated among siblings an array. Values stay strings: the mapping decides their types. Writing is
 * the reverse, without declaration or attributes, as in the vendor documents' examples.
 * <p>
 * The one configured {@link XmlMapper} of the hub, safe by refusal: any DOCTYPE is an error, so there are no
 * DTDs, no external entities (XXE) and no entity expansion (billion laughs); the parser's own switches for
 * those are off as well, and nesting, text and document size are bounded. Deliberately not a Spring bean:
 * an {@code XmlMapper} is an {@code ObjectMapper}, and Boot's JSON mapper would step aside for it.
 */
public final class XmlTrees {

    /** Deepest element nesting read (the vendor documents nest three levels): the one bound of every body at the edges. */
    public static final int MAX_DEPTH = BodyFormat.MAX_NESTING_DEPTH;
    /** Longest document and longest text read, in characters (a polled answer is JSON, XML bodies are small). */
    static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;
    static final int MAX_TEXT_CHARS = 1024 * 1024;

    private static final String TEXT = "text";
    private static final XmlMapper MAPPER = newMapper();

    private XmlTrees() {
    }

    /** The configured mapper, for Java that needs XML in another shape than the tree. */
    public static XmlMapper mapper() {
        return MAPPER;
    }

    /** @throws MalformedBodyException for malformed or unsafe XML, naming the position and never a value */
    public static JsonNode read(byte[] xml) {
        return read(xml, null);
    }

    /**
     * As {@link #read(byte[])}, and refuses a root element of another name when {@code root} is given (the
     * tree itself has no place for the root's name).
     */
    public static JsonNode read(byte[] xml, String root) {
        try (SafeReader reader = new SafeReader(MAPPER.getFactory().getXMLInputFactory()
                .createXMLStreamReader(new ByteArrayInputStream(xml)));
                JsonParser parser = MAPPER.getFactory().createParser(reader)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (root != null && !root.equals(reader.root)) {
                throw new MalformedBodyException("the root element must be <" + root + ">, was <" + reader.root + ">");
            }
            return trimmed(tree == null ? TextNode.valueOf("") : tree);
        } catch (XMLStreamException e) {
            throw refusal(e);
        } catch (StreamConstraintsException e) {
            throw new MalformedBodyException(String.valueOf(e.getOriginalMessage()).contains("nesting")
                    ? deeperThanAccepted() : "XML larger than accepted (" + MAX_DOCUMENT_CHARS + " characters, " + MAX_TEXT_CHARS + " in one text)");
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof XMLStreamException stax) {
                throw refusal(stax);
            }
            throw new MalformedBodyException("malformed XML");
        } catch (IOException e) {
            throw new MalformedBodyException("malformed XML");
        }
    }

    /** @throws IllegalArgumentException when the tree is not an object or a name is not an XML name */
    public static String write(String root, JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("only a JSON object can be written as XML, not " + (object == null ? "nothing" : object.getNodeType()));
        }
        try {
            return MAPPER.writer().withRootName(root).writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as XML: " + e.getOriginalMessage(), e);
        }
    }

    private static MalformedBodyException refusal(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof DoctypeException) {
            return new MalformedBodyException("DOCTYPE declarations (DTDs, entities) are not accepted");
        }
        if (message.contains("Maximum Element Depth")) {
            return new MalformedBodyException(deeperThanAccepted());
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("limit")) { // the parser's other limits: text, characters, elements
            return new MalformedBodyException("XML larger than accepted (" + MAX_DOCUMENT_CHARS + " characters, " + MAX_TEXT_CHARS + " in one text)");
        }
        Location at = e.getLocation();
        return new MalformedBodyException(at == null ? "malformed XML"
                : "malformed XML at line " + at.getLineNumber() + ", column " + at.getColumnNumber());
    }

    private static String deeperThanAccepted() {
        return "XML nested deeper than " + MAX_DEPTH + " elements is not accepted";
    }

    /** Text as the mapping sees it: without the indentation and padding around it. */
    private static JsonNode trimmed(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.asText().trim());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(trimmed(field.getValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, trimmed(node.get(i)));
            }
        }
        return node;
    }

    private static XmlMapper newMapper() {
        XMLInputFactory input = new WstxInputFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        input.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        input.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        input.setProperty(WstxInputProperties.P_MAX_CHARACTERS, (long) MAX_DOCUMENT_CHARS);
        input.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_CHARS);
        input.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_TEXT_CHARS);
        XMLOutputFactory output = new WstxOutputFactory();
        // a name that is not an XML name fails the write instead of making a body the vendor cannot read
        output.setProperty(WstxOutputProperties.P_OUTPUT_VALIDATE_NAMES, true);
        XmlFactory factory = XmlFactory.builder().xmlInputFactory(input).xmlOutputFactory(output)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_TEXT_CHARS).maxDocumentLength(MAX_DOCUMENT_CHARS).build())
                .build();
        return XmlMapper.builder(factory)
                .nameForTextElement(TEXT)
                // numbers keep their JSON text (a BigDecimal's scale, no exponent)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                // a null property is left out, as an absent one is
                .configure(JsonNodeFeature.WRITE_NULL_PROPERTIES, false)
                .build();
    }

    /** Refuses any DOCTYPE before Jackson sees the document, and remembers the root element's name. */
    private static final class SafeReader extends StreamReaderDelegate implements AutoCloseable {

        private String root;

        SafeReader(XMLStreamReader reader) {
            super(reader);
        }

        @Override
        public int next() throws XMLStreamException {
            int event = super.next();
            if (event == XMLStreamConstants.DTD) {
                throw new DoctypeException();
            }
            if (event == XMLStreamConstants.START_ELEMENT && root == null) {
                root = getLocalName();
            }
            return event;
        }
    }

    private static final class DoctypeException extends XMLStreamException {
        DoctypeException() {
            super("DOCTYPE");
        }
    }
}
