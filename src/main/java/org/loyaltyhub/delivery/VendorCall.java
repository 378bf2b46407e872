package org.loyaltyhub.delivery;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.loyaltyhub.formats.BodyFormat;

/**
 * The settings of one vendor call: the parameters of the {@code http-call} route making it (see its kamelet
 * definition), typed. {@link VendorCalls} reads them once per route from the route's own template parameters, so
 * nothing of a call's configuration travels on the exchange.
 */
record VendorCall(String system, String entity, String mapping, String path, String method, String updatePath, String updateMethod,
        String deletePath, String deleteMethod, String refName, boolean createOnly, boolean recreateWhenMissing,
        boolean confirmCreatesByPoll, BodyFormat format, String xmlRoot, String answerCheck, String answerMapping, String plan,
        String lookupPath, String lookupBy, String lookupMatch) {

    /**
     * The call of a route made from the template: its parameters (defaults included, as Camel keeps them with the
     * route), each resolved by {@code resolve} (a parameter may be a setting's placeholder, e.g. the format).
     */
    static VendorCall of(Map<String, Object> parameters, UnaryOperator<String> resolve) {
        Parameters p = new Parameters(parameters, resolve);
        String system = p.text("system");
        String refName = p.text("refName");
        return new VendorCall(system, p.text("entity"), p.text("mapping"), p.text("path"), p.text("method"), p.text("updatePath"),
                p.text("updateMethod"), p.text("deletePath"), p.text("deleteMethod"), refName.isEmpty() ? system : refName,
                p.flag("createOnly"), p.flag("recreateWhenMissing"), p.flag("confirmCreatesByPoll"), BodyFormat.named(p.text("format")),
                p.text("xmlRoot"), p.text("answerCheck"), p.text("answerMapping"), p.text("plan"), p.text("lookupPath"),
                p.text("lookupBy"), p.text("lookupMatch"));
    }

    /**
     * Where an unconfirmed create is looked for: the entity it was made for, told apart from others the same system
     * creates for it (a wallet customer and a wallet card are both made for a card).
     */
    String createdEntity() {
        return refName.equals(system) ? entity : entity + "/" + refName;
    }

    private record Parameters(Map<String, Object> values, UnaryOperator<String> resolve) {

        String text(String name) {
            Object value = values.get(name);
            return value == null ? "" : resolve.apply(value.toString()).trim();
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(text(name));
        }
    }
}
