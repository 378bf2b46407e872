package org.loyaltyhub.sandbox.promo;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parameters of one attach request ({@code AttachPromoCodeRequest}), read from JSON or from the children of
 * XML's {@code <xml>} root (where every value is text, so integers are parsed from it). Refuses, as
 * {@link PromoError#INVALID_REQUEST}: unknown parameters, a missing or non-integer {@code db_id} /
 * {@code loyalty_id}, a missing or unknown {@code matching}, a matching mode without its identifier
 * (profile_id → {@code profile_id}, email → {@code email}, phone → {@code phone}, custom → {@code field_name} and
 * {@code field_value}), and a {@code format} other than json or xml. A missing token is {@link PromoError#BAD_TOKEN}.
 */
public record PromoAttachRequest(String token, long dbId, String matching, String profileId, String email, String phone,
        String fieldName, String fieldValue, long loyaltyId, String code, String format) {

    static final Set<String> PARAMETERS = Set.of("token", "code", "db_id", "email", "format", "field_name",
            "field_value", "matching", "loyalty_id", "phone", "profile_id");

    /**
     * Reads the parameters.
     *
     * @param textOnly true for XML, where integers arrive as text
     * @throws PromoRefusal when the request breaks the contract
     */
    static PromoAttachRequest read(JsonNode body, boolean textOnly) {
        if (body == null || !body.isObject()) {
            throw invalid("the request must be an object of parameters");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!PARAMETERS.contains(name)) {
                throw invalid("unknown parameter \"" + name + "\"");
            }
        }
        String token = text(body, "token");
        if (token == null || token.isEmpty()) {
            throw new PromoRefusal(PromoError.BAD_TOKEN, "token is required");
        }
        long dbId = requiredInteger(body, "db_id", textOnly);
        long loyaltyId = requiredInteger(body, "loyalty_id", textOnly);
        String matching = text(body, "matching");
        if (matching == null) {
            throw invalid("matching is required (profile_id, email, phone or custom)");
        }
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
            default -> throw invalid("unknown matching \"" + matching + "\" (profile_id, email, phone or custom)");
        }
        String format = text(body, "format");
        if (format != null && !format.equals("json") && !format.equals("xml")) {
            throw invalid("format must be json or xml, was \"" + format + "\"");
        }
        String code = text(body, "code");
        return new PromoAttachRequest(token, dbId, matching, text(body, "profile_id"), text(body, "email"),
                text(body, "phone"), text(body, "field_name"), text(body, "field_value"), loyaltyId,
                code == null || code.isEmpty() ? null : code, format);
    }

    private static void require(JsonNode body, String name, String matching) {
        String value = text(body, name);
        if (value == null || value.isEmpty()) {
            throw invalid("matching " + matching + " needs " + name);
        }
    }

    /** A string parameter; null when absent or null. */
    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(name + " must be a string, was " + value);
        }
        return value.textValue();
    }

    private static long requiredInteger(JsonNode body, String name, boolean textOnly) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
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
