package org.loyaltyhub.sandbox.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.loyaltyhub.sandbox.SandboxValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list request's query object ({@code {"Where", "Order_By", "Offset", "Limit"}}), sent as the GET body. The
 * document shows one example and no grammar; NOTES.md gives the reading of each property:
 * <ul>
 * <li>{@code Where}: only the documented {@code {}} (every code). The document gives no grammar, so any other
 * filter is refused rather than answered with a meaning made up here.</li>
 * <li>{@code Order_By}: the name of one property of a discount code (the example's {@code "Id"}), ascending; codes
 * without the property come first, ties are ordered by {@code Id}, so pages are stable. Default {@code Id}.</li>
 * <li>{@code Offset}: codes to skip, at least 0 (the contract's minimum), default 0. {@code Limit}: page size, at
 * least 0, no maximum (none is documented), default 100 (the example's).</li>
 * </ul>
 * A property the document's query does not show is ignored and logged.
 */
public record CodesListQuery(String orderBy, int offset, int limit) {

    private static final Logger log = LoggerFactory.getLogger(CodesListQuery.class);

    static final List<String> PROPERTIES = List.of("Where", "Order_By", "Offset", "Limit");
    static final int DEFAULT_LIMIT = 100;
    /** Properties a code may be ordered by: every one but the list {@code Catalogs}, which has no order. */
    private static final Set<String> SORTABLE = Set.copyOf(CodesDiscountCode.FIELDS.stream().filter(name -> !name.equals("Catalogs")).toList());

    static CodesListQuery all() {
        return new CodesListQuery("Id", 0, DEFAULT_LIMIT);
    }

    /**
     * Reads the query object; null (no body) is the default query.
     *
     * @throws SandboxValidationException for a query the contract refuses or the document gives no meaning to
     */
    static CodesListQuery read(JsonNode body) {
        if (body == null) {
            return all();
        }
        if (!body.isObject()) {
            throw new SandboxValidationException("the list query must be a JSON object {Where, Order_By, Offset, Limit}");
        }
        List<String> ignored = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!PROPERTIES.contains(name)) {
                ignored.add(name);
            }
        });
        if (!ignored.isEmpty()) {
            log.warn("Codes sandbox: ignored list query properties the document does not show: {}", ignored);
        }
        JsonNode where = body.get("Where");
        if (where != null && !(where.isObject() && where.isEmpty())) {
            throw new SandboxValidationException("Where: the document gives no grammar for it (its one example is {}), "
                    + "so the sandbox serves only {} (every code), was " + where);
        }
        String orderBy = "Id";
        JsonNode order = body.get("Order_By");
        if (order != null) {
            if (!order.isTextual() || !SORTABLE.contains(order.textValue())) {
                throw new SandboxValidationException("Order_By must name one property of a discount code, as the "
                        + "document's \"Id\" does (one of " + SORTABLE.stream().sorted().toList() + "), was " + order);
            }
            orderBy = order.textValue();
        }
        return new CodesListQuery(orderBy, count(body, "Offset", 0), count(body, "Limit", DEFAULT_LIMIT));
    }

    private static int count(JsonNode body, String name, int fallback) {
        JsonNode value = body.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new SandboxValidationException(name + " must be an integer of at least 0, was " + value);
        }
        return value.intValue();
    }
}
