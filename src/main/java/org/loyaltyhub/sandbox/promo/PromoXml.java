package org.loyaltyhub.sandbox.promo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.loyaltyhub.formats.MalformedBodyException;
import org.loyaltyhub.formats.XmlTrees;

/**
 * The promo API's XML: a flat {@code <xml>} root whose children are the parameters, read and written by the
 * hub's one safe XML mapper ({@link XmlTrees}: any DOCTYPE refused, nesting and size bounded).
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

    /** An answer as the contract shows it: {@code <xml><data>...</data><error>N</error><error_text>...</error_text></xml>}. */
    static String answer(Map<String, String> data, int error, String errorText) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode fields = answer.putObject("data");
        if (data != null) {
            data.forEach(fields::put);
        }
        answer.put("error", error).put("error_text", errorText);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + XmlTrees.write("xml", answer);
    }
}
