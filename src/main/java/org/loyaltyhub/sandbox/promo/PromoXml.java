package org.loyaltyhub.sandbox.promo;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The promo API's XML: a flat {@code <xml>} root whose children are the parameters. Parsing is safe by refusal: any
 * DOCTYPE is an error, so there are no DTDs, no external entities (XXE) and no entity expansion (billion laughs);
 * external DTD and schema access are also switched off, in case a parser ignored the first feature.
 */
final class PromoXml {

    private PromoXml() {
    }

    /**
     * The children of the {@code <xml>} root as text parameters.
     *
     * @throws PromoRefusal ({@link PromoError#INVALID_REQUEST}) for malformed or unsafe XML, another root, nested
     *         elements or a parameter given twice
     */
    static ObjectNode readParameters(String body) {
        Document document;
        try {
            document = newBuilder().parse(new InputSource(new StringReader(body)));
        } catch (SAXException | IOException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "DOCTYPE declarations (DTDs, entities) are not accepted"
                    : "malformed XML: " + e.getMessage();
            throw new PromoRefusal(PromoError.INVALID_REQUEST, reason);
        }
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("xml")) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, "the root element must be <xml>, was <" + root.getTagName() + ">");
        }
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            Element element = (Element) child;
            for (Node inner = element.getFirstChild(); inner != null; inner = inner.getNextSibling()) {
                if (inner.getNodeType() == Node.ELEMENT_NODE) {
                    throw new PromoRefusal(PromoError.INVALID_REQUEST, "<" + element.getTagName() + "> must hold text only");
                }
            }
            if (parameters.has(element.getTagName())) {
                throw new PromoRefusal(PromoError.INVALID_REQUEST, "<" + element.getTagName() + "> is given twice");
            }
            parameters.put(element.getTagName(), element.getTextContent().trim());
        }
        return parameters;
    }

    /** An answer as the contract shows it: {@code <xml><data>...</data><error>N</error><error_text>...</error_text></xml>}. */
    static String answer(Map<String, String> data, int error, String errorText) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n<data>");
        if (data != null) {
            data.forEach((name, value) -> xml.append('<').append(name).append('>').append(escape(value))
                    .append("</").append(name).append('>'));
        }
        return xml.append("</data>\n<error>").append(error).append("</error>\n<error_text>").append(escape(errorText))
                .append("</error_text>\n</xml>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(SILENT); // errors become the answer, not lines on stderr
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
