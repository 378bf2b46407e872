package org.loyaltyhub.sandbox.promo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameters of one attach request (the document's "Request parameters" table), read from JSON or from the
 * children of XML's {@code <xml>} root, where every value is text and integers are parsed from it. What is refused,
 * as {@link PromoError#INVALID_REQUEST}, is what the table and the contract refuse: {@code db_id} or
 * {@code loyalty_id} missing or not an integer, a string parameter of another JSON type, a {@code matching} or
 * {@code format} outside its values, an {@code email} that is no e-mail address, and a matching mode given
 * without its identifier (NOTES.md). A missing token is {@link PromoError#BAD_TOKEN}. A parameter the table does
 * not list is ignored and logged: the document does not say it is refused.
 *
 * @param matching the mode as sent; null when the request has none ({@link #matchingMode()} says what is used)
 * @param code null when absent or empty
 */
public record PromoAttachRequest(String token, long dbId, String matching, String profileId, String email, String phone,
        String fieldName, String fieldValue, long loyaltyId, String code, String format) {

    private static final Logger log = LoggerFactory.getLogger(PromoAttachRequest.class);

    /** The document's parameter table, in its order. */
    static final List<String> PARAMETERS = List.of("token", "code", "db_id", "email", "format", "field_name",
            "field_value", "matching", "loyalty_id", "phone", "profile_id");

    static final Set<String> MATCHING_MODES = Set.of("profile_id", "email", "phone", "custom");
    /** The mode used when a request has none (NOTES.md: the document gives no default). */
    static final String DEFAULT_MATCHING = "profile_id";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** The matching mode this request is served with: its own, or {@link #DEFAULT_MATCHING}. */
    public String matchingMode() {
        return matching == null ? DEFAULT_MATCHING : matching;
    }

    /**
     * Reads the parameters.
     *
     * @param textOnly true for XML, where integers arrive as text
     * @throws PromoRefusal when the request breaks the document's table or the contract
     */
    static PromoAttachRequest read(JsonNode body, boolean textOnly) {
        if (body == null || !body.isObject()) {
            throw invalid("the request must be an object of parameters");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            log.warn("Promo sandbox: ignored parameters the document does not list: {}", unknown);
        }
        String token = text(body, "token");
        if (token == null || token.isEmpty()) {
            throw new PromoRefusal(PromoError.BAD_TOKEN, "token is required");
        }
        long dbId = requiredInteger(body, "db_id", textOnly);
        long loyaltyId = requiredInteger(body, "loyalty_id", textOnly);
        String matching = text(body, "matching");
        if (matching != null) {
            switch (matching) {
                case "profile_id" -> require(body, "profile_id", matching);
                case "email" -> require(body, "email", matching);
                case "phone" -> require(body, "phone", matching);
                case "custom" -> {
                    require(body, "field_name", matching);
                    if (text(body, "field_value") == null) {
                        throw invalid("matching custom needs field_value");
                    }
                }
                default -> throw invalid("unknown matching \"" + matching + "\" " + MATCHING_MODES);
            }
        }
        String email = text(body, "email");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw invalid("email must be an e-mail address, was \"" + email + "\"");
        }
        String format = text(body, "format");
        if (format != null && !format.equals("json") && !format.equals("xml")) {
            throw invalid("format must be json or xml, was \"" + format + "\"");
        }
        String code = text(body, "code");
        return new PromoAttachRequest(token, dbId, matching, text(body, "profile_id"), email,
                text(body, "phone"), text(body, "field_name"), text(body, "field_value"), loyaltyId,
                code == null || code.isEmpty() ? null : code, format);
    }

    private static void require(JsonNode body, String name, String matching) {
        String value = text(body, name);
        if (value == null || value.isEmpty()) {
            throw invalid("matching " + matching + " needs " + name);
        }
    }

    /** A string parameter; null when absent. JSON null is not a string (the contract makes nothing nullable). */
    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(name + " must be a string, was " + value);
        }
        return value.textValue();
    }

    private static long requiredInteger(JsonNode body, String name, boolean textOnly) {
        JsonNode value = body.get(name);
        if (value == null || (value.isTextual() && value.textValue().isBlank())) {
            throw invalid(name + " is required");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (textOnly && value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw invalid(name + " must be an integer, was " + value);
    }

    private static PromoRefusal invalid(String detail) {
        return new PromoRefusal(PromoError.INVALID_REQUEST, detail);
    }
}
