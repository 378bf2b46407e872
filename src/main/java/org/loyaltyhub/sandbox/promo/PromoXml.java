package org.loyaltyhub.sandbox.promo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.loyaltyhub.formats.MalformedBodyException;
import org.loyaltyhub.formats.XmlTrees;

/**
 * The promo API's XML: a flat {@code <xml>} root whose children are the parameters, read by the hub's one safe XML
 * mapper ({@link XmlTrees}: any DOCTYPE refused, nesting and size bounded), and the answer in the document's layout.
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
        JsonNode tree;
        try {
            tree = XmlTrees.read(body.getBytes(StandardCharsets.UTF_8), "xml");
        } catch (MalformedBodyException e) {
            throw new PromoRefusal(PromoError.INVALID_REQUEST, e.getMessage());
        }
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        tree.fields().forEachRemaining(parameter -> {
            if (parameter.getValue().isArray()) {
                throw new PromoRefusal(PromoError.INVALID_REQUEST, "<" + parameter.getKey() + "> is given twice");
            }
            if (!parameter.getValue().isTextual()) {
                throw new PromoRefusal(PromoError.INVALID_REQUEST, "<" + parameter.getKey() + "> must hold text only");
            }
            parameters.set(parameter.getKey(), parameter.getValue());
        });
        return parameters;
    }

    /**
     * An answer laid out as the document's XML response example: the {@code <xml>} root, one element a line,
     * {@code data} always the empty {@code <data></data>} (the document's {@code "data": null}), no declaration.
     */
    static String answer(int error, String errorText) {
        return "<xml>\n<data></data>\n<error>" + error + "</error>\n<error_text>" + escaped(errorText) + "</error_text>\n</xml>";
    }

    /** Text as XML character data. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
