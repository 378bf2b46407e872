package org.loyaltyhub.delivery;

import org.apache.camel.Exchange;
import org.loyaltyhub.formats.BodyFormat;

/**
 * The settings of one vendor call: the parameters of the {@code http-sink} or {@code http-call} route making
 * it (see their kamelet definitions), which the route sets as exchange variables {@code hubCall<Name>}.
 */
record VendorCall(String system, String entity, String mapping, String path, String method, String updatePath, String updateMethod,
        String deletePath, String deleteMethod, String refName, boolean createOnly, boolean recreateWhenMissing,
        boolean confirmCreatesByPoll, BodyFormat format, String xmlRoot, String answerCheck, String answerMapping, String plan,
        String lookupPath, String lookupBy, String lookupMatch) {

    static VendorCall of(Exchange exchange) {
        String system = text(exchange, "System");
        String refName = text(exchange, "RefName");
        return new VendorCall(system, text(exchange, "Entity"), text(exchange, "Mapping"), text(exchange, "Path"),
                text(exchange, "Method"), text(exchange, "UpdatePath"), text(exchange, "UpdateMethod"), text(exchange, "DeletePath"),
                text(exchange, "DeleteMethod"), refName.isEmpty() ? system : refName, flag(exchange, "CreateOnly"),
                flag(exchange, "Recreate"), flag(exchange, "ConfirmByPoll"), BodyFormat.named(text(exchange, "Format")),
                text(exchange, "XmlRoot"), text(exchange, "AnswerCheck"), text(exchange, "AnswerMapping"),
                text(exchange, "Plan"), text(exchange, "LookupPath"), text(exchange, "LookupBy"), text(exchange, "LookupMatch"));
    }

    /**
     * Where an unconfirmed create is looked for: the entity it was made for, told apart from others the same system
     * creates for it (a wallet customer and a wallet card are both made for a card).
     */
    String createdEntity() {
        return refName.equals(system) ? entity : entity + "/" + refName;
    }

    private static String text(Exchange exchange, String name) {
        String value = exchange.getVariable("hubCall" + name, String.class);
        return value == null ? "" : value.trim();
    }

    private static boolean flag(Exchange exchange, String name) {
        return Boolean.parseBoolean(text(exchange, name));
    }
}
