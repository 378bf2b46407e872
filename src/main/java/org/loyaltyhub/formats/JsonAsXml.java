package org.loyaltyhub.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree as the XML a vendor with an XML API expects, the reverse of {@link XmlAsJson}: the
 * object is the root element, each property an element of its name holding its value as text, a nested
 * object nested elements, an array the same element repeated. Null properties are left out, as absent
 * ones are. No declaration and no attributes, as in the vendor documents' examples.
 */
public final class JsonAsXml {

    private JsonAsXml() {
    }

    /** @throws IllegalArgumentException when the tree is not an object or a name is not an XML name */
    public static String write(String root, JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("only a JSON object can be written as XML, not " + (object == null ? "nothing" : object.getNodeType()));
        }
        StringBuilder xml = new StringBuilder(256);
        element(xml, root, object);
        return xml.toString();
    }

    private static void element(StringBuilder xml, String name, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return;
        }
        if (value.isArray()) {
            value.forEach(item -> element(xml, name, item));
            return;
        }
        checkName(name);
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                element(xml, field.getKey(), field.getValue());
            }
        } else {
            // numbers keep their JSON text (a BigDecimal's scale, no exponent for integers)
            escape(xml, value.isNumber() ? value.numberValue() instanceof java.math.BigDecimal decimal
                    ? decimal.toPlainString() : value.asText() : value.asText());
        }
        xml.append("</").append(name).append('>');
    }

    private static void checkName(String name) {
        boolean valid = !name.isEmpty() && (Character.isLetter(name.charAt(0)) || name.charAt(0) == '_');
        for (int i = 1; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + name + "' is not an XML element name");
        }
    }

    private static void escape(StringBuilder xml, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> xml.append(c);
            }
        }
    }
}
