package org.loyaltyhub.sandbox.codes;

import org.loyaltyhub.sandbox.SandboxValidationException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The list request's query object ({@code {"Where", "Order_By", "Offset", "Limit"}}), sent as the GET body. The
 * vendor documents no grammar for these, so the sandbox supports, and refuses anything beyond:
 * <ul>
 * <li>{@code Where}: an object of property → value; a code matches when every named property equals the value
 * (numbers compared numerically, {@code null} matches a property that is not set, {@code Catalogs} compared as a
 * whole array). {@code {}} or absent: every code.</li>
 * <li>{@code Order_By}: one property name, optionally followed by {@code " asc"} or {@code " desc"}
 * ({@code "Amount desc"}); codes with the property not set come first. Ties, and the default, are ordered by
 * {@code Id} ascending, so pages are stable.</li>
 * <li>{@code Offset}: codes to skip, default 0. {@code Limit}: page size, default 100 (the document's example),
 * 0 answers only {@code TotalItemsCount}.</li>
 * </ul>
 */
public record CodesListQuery(Map<String, JsonNode> where, String orderBy, boolean descending, int offset, int limit) {

    static final int DEFAULT_LIMIT = 100;

    public CodesListQuery {
        where = Map.copyOf(where);
    }

    static CodesListQuery all() {
        return new CodesListQuery(Map.of(), "Id", false, 0, DEFAULT_LIMIT);
    }

    /** Reads the query object; null (no body) is the default query. */
    static CodesListQuery read(JsonNode body) {
        if (body == null) {
            return all();
        }
        if (!body.isObject()) {
            throw new SandboxValidationException("the list query must be a JSON object {Where, Order_By, Offset, Limit}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("Where") && !name.equals("Order_By") && !name.equals("Offset") && !name.equals("Limit")) {
                throw new SandboxValidationException("unknown list query property \"" + name + "\" (Where, Order_By, Offset, Limit)");
            }
        }
        Map<String, JsonNode> where = new LinkedHashMap<>();
        JsonNode whereNode = body.path("Where");
        if (!whereNode.isMissingNode() && !whereNode.isNull()) {
            if (!whereNode.isObject()) {
                throw new SandboxValidationException("Where must be an object of property → value, was " + whereNode);
            }
            whereNode.fields().forEachRemaining(field -> {
                if (!CodesDiscountCode.isField(field.getKey())) {
                    throw new SandboxValidationException("Where names \"" + field.getKey() + "\", which is not a discount code property");
                }
                if (field.getValue().isObject()) {
                    throw new SandboxValidationException("Where." + field.getKey() + ": only equality is supported (a plain value)");
                }
                where.put(field.getKey(), field.getValue());
            });
        }
        String orderBy = "Id";
        boolean descending = false;
        JsonNode orderNode = body.path("Order_By");
        if (!orderNode.isMissingNode() && !orderNode.isNull()) {
            if (!orderNode.isTextual()) {
                throw new SandboxValidationException("Order_By must be a string such as \"Id\" or \"Amount desc\", was " + orderNode);
            }
            String[] parts = orderNode.textValue().trim().split("\\s+");
            String direction = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
            if (parts.length > 2 || !CodesDiscountCode.isField(parts[0]) || parts[0].equals("Catalogs")
                    || !(direction.equals("asc") || direction.equals("desc"))) {
                throw new SandboxValidationException("Order_By must be one sortable property, optionally followed by asc or desc, was \""
                        + orderNode.textValue() + "\"");
            }
            orderBy = parts[0];
            descending = direction.equals("desc");
        }
        return new CodesListQuery(where, orderBy, descending, count(body, "Offset", 0), count(body, "Limit", DEFAULT_LIMIT));
    }

    private static int count(JsonNode body, String name, int fallback) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new SandboxValidationException(name + " must be a non-negative integer, was " + value);
        }
        return value.intValue();
    }
}
