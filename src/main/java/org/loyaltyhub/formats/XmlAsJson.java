package org.loyaltyhub.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an XML body as the JSON tree a mapping expects, so one JSONata mapping serves JSON and XML senders:
 * the root element stands for the object, a child holding only text becomes a string field, a child with
 * children or attributes an object (its own text under {@code "text"}), and a name repeated among siblings
 * an array. Values stay strings: the mapping decides their types.
 * <p>
 * Safe by refusal: any DOCTYPE is an error, so there are no DTDs, no external entities (XXE) and no entity
 * expansion (billion laughs); external DTD and schema access are switched off as well, in case a parser
 * ignored the first feature.
 */
public final class XmlAsJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private XmlAsJson() {
    }

    /** @throws MalformedBodyException for malformed XML or a DOCTYPE, naming the position and never a value */
    public static JsonNode read(byte[] xml) {
        Element root;
        try {
            root = newBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXParseException e) {
            if (String.valueOf(e.getMessage()).contains("DOCTYPE")) {
                throw new MalformedBodyException("DOCTYPE declarations (DTDs, entities) are not accepted");
            }
            throw new MalformedBodyException("malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber());
        } catch (SAXException | IOException e) {
            throw new MalformedBodyException("malformed XML");
        }
        return valueOf(root);
    }

    private static JsonNode valueOf(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        boolean hasChildElements = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            hasChildElements |= child.getNodeType() == Node.ELEMENT_NODE;
        }
        if (!hasChildElements && attributes.getLength() == 0) {
            return NODES.textNode(element.getTextContent().trim());
        }
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!attribute.getName().startsWith("xmlns")) {
                object.put(nameOf(attribute), attribute.getValue());
            }
        }
        // children grouped by name first: a name seen more than once among siblings is an array, in document order
        java.util.Map<String, java.util.List<JsonNode>> children = new java.util.LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                children.computeIfAbsent(nameOf(child), name -> new java.util.ArrayList<>()).add(valueOf((Element) child));
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            }
        }
        children.forEach((name, values) -> {
            if (values.size() == 1) {
                object.set(name, values.get(0));
            } else {
                ArrayNode array = object.putArray(name);
                values.forEach(array::add);
            }
        });
        if (!text.toString().isBlank()) {
            object.put("text", text.toString().trim());
        }
        return object;
    }

    private static String nameOf(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // deep nesting is refused while parsing, before the tree (and the recursion of valueOf) gets deep
            factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", String.valueOf(BodyFormat.MAX_NESTING_DEPTH));
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // the default handler prints parse errors to stderr; they are thrown instead
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be made safe", e);
        }
    }
}
