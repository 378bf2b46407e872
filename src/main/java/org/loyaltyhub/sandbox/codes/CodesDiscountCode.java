package org.loyaltyhub.sandbox.codes;

import org.loyaltyhub.sandbox.SandboxProblem;
import org.loyaltyhub.sandbox.SandboxValidationException;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A discount code as the codes sandbox holds it ({@code shared/contracts/codes.openapi.yaml}, {@code DiscountCode}).
 * Money and percentages are {@link BigDecimal}s (a JSON number on the wire, never a double in between); date-times
 * are kept as written once they parse as RFC 3339 date-times. Every field but {@link #id()} may be null (not set):
 * the document requires none (NOTES.md).
 */
public record CodesDiscountCode(long id, String code, String type, String description, String currency, Boolean enabled,
        BigDecimal amount, BigDecimal minOrderCostLimitation, Boolean useExpireAfterRedemption, Long expireAfter,
        String releaseDateTime, String expiryDateTime, List<Long> catalogs, Boolean applyDiscountToCatalogs) {

    private static final Logger log = LoggerFactory.getLogger(CodesDiscountCode.class);

    /** The properties of a discount code in the document's order; {@code Id} first. */
    static final List<String> FIELDS = List.of("Id", "Code", "Type", "Description", "Currency", "Enabled", "Amount",
            "MinOrderCostLimitation", "UseExpireAfterRedemption", "ExpireAfter", "ReleaseDateTime", "ExpiryDateTime",
            "Catalogs", "ApplyDiscountToCatalogs");

    /** What a create or update body may set: every property but {@code Id}, as the document's request bodies show. */
    private static final Set<String> WRITABLE = Set.copyOf(FIELDS.subList(1, FIELDS.size()));

    /** Keeps a decimal's scale (the default factory would write 10.50 as 10.5). */
    private static final JsonNodeFactory EXACT = JsonNodeFactory.withExactBigDecimals(true);

    public CodesDiscountCode {
        catalogs = catalogs == null ? null : List.copyOf(catalogs);
    }

    CodesDiscountCode withId(long newId) {
        return new CodesDiscountCode(newId, code, type, description, currency, enabled, amount, minOrderCostLimitation,
                useExpireAfterRedemption, expireAfter, releaseDateTime, expiryDateTime, catalogs, applyDiscountToCatalogs);
    }

    static boolean isField(String name) {
        return FIELDS.contains(name);
    }

    /**
     * Reads a create or update body (the whole object: what it leaves out is not set afterwards). Refused, naming
     * every offending property: a value of another type than the contract's, JSON null (the contract makes nothing
     * nullable), a date-time that is not RFC 3339. A property the document's bodies do not show ({@code Id} among
     * them) is ignored and logged: the document does not say it is refused.
     *
     * @throws SandboxValidationException naming every offending property
     */
    static CodesDiscountCode read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new SandboxValidationException("the body must be a JSON object (a discount code)");
        }
        List<String> ignored = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!WRITABLE.contains(name)) {
                ignored.add(name);
            }
        });
        if (!ignored.isEmpty()) {
            log.warn("Codes sandbox: ignored properties the document's request bodies do not show: {}", ignored);
        }
        List<SandboxProblem> problems = new ArrayList<>();
        CodesDiscountCode read = new CodesDiscountCode(0, text(body, "Code", problems), text(body, "Type", problems),
                text(body, "Description", problems), text(body, "Currency", problems), bool(body, "Enabled", problems),
                number(body, "Amount", problems), number(body, "MinOrderCostLimitation", problems),
                bool(body, "UseExpireAfterRedemption", problems), integer(body, "ExpireAfter", problems),
                dateTime(body, "ReleaseDateTime", problems), dateTime(body, "ExpiryDateTime", problems),
                catalogs(body, problems), bool(body, "ApplyDiscountToCatalogs", problems));
        if (!problems.isEmpty()) {
            throw new SandboxValidationException("invalid discount code", problems);
        }
        return read;
    }

    /** The code as the API answers it: PascalCase, the document's order, properties not set left out (never null). */
    ObjectNode render() {
        ObjectNode json = EXACT.objectNode().put("Id", id);
        putIfSet(json, "Code", code);
        putIfSet(json, "Type", type);
        putIfSet(json, "Description", description);
        putIfSet(json, "Currency", currency);
        if (enabled != null) {
            json.put("Enabled", enabled);
        }
        if (amount != null) {
            json.put("Amount", amount);
        }
        if (minOrderCostLimitation != null) {
            json.put("MinOrderCostLimitation", minOrderCostLimitation);
        }
        if (useExpireAfterRedemption != null) {
            json.put("UseExpireAfterRedemption", useExpireAfterRedemption);
        }
        if (expireAfter != null) {
            json.put("ExpireAfter", expireAfter);
        }
        putIfSet(json, "ReleaseDateTime", releaseDateTime);
        putIfSet(json, "ExpiryDateTime", expiryDateTime);
        if (catalogs != null) {
            catalogs.forEach(json.putArray("Catalogs")::add);
        }
        if (applyDiscountToCatalogs != null) {
            json.put("ApplyDiscountToCatalogs", applyDiscountToCatalogs);
        }
        return json;
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /**
     * The property, or null when absent. JSON null is refused: the contract makes nothing nullable, so a null is a
     * mistake of the sender (leave the property out instead).
     */
    private static JsonNode value(JsonNode body, String name, List<SandboxProblem> problems) {
        JsonNode value = body.get(name);
        if (value != null && value.isNull()) {
            problems.add(new SandboxProblem(null, name, "must not be null (leave it out to not set it)"));
            return null;
        }
        return value;
    }

    private static String text(JsonNode body, String name, List<SandboxProblem> problems) {
        JsonNode value = value(body, name, problems);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(new SandboxProblem(null, name, "must be a string, was " + value));
            return null;
        }
        return value.textValue();
    }

    private static Boolean bool(JsonNode body, String name, List<SandboxProblem> problems) {
        JsonNode value = value(body, name, problems);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(new SandboxProblem(null, name, "must be true or false, was " + value));
            return null;
        }
        return value.booleanValue();
    }

    /** A JSON number, of any sign (none is documented); a string holding digits is refused: the contract says number. */
    private static BigDecimal number(JsonNode body, String name, List<SandboxProblem> problems) {
        JsonNode value = value(body, name, problems);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problems.add(new SandboxProblem(null, name, "must be a number, was " + value));
            return null;
        }
        BigDecimal number = value.decimalValue();
        return number.scale() < 0 ? number.setScale(0) : number; // 1E+2 is kept as 100
    }

    private static Long integer(JsonNode body, String name, List<SandboxProblem> problems) {
        JsonNode value = value(body, name, problems);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problems.add(new SandboxProblem(null, name, "must be an integer, was " + value));
            return null;
        }
        return value.longValue();
    }

    /** RFC 3339, the contract's {@code format: date-time}: an offset is part of it ({@code Z} in every example). */
    private static String dateTime(JsonNode body, String name, List<SandboxProblem> problems) {
        String text = text(body, name, problems);
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime.parse(text);
            return text;
        } catch (DateTimeParseException e) {
            problems.add(new SandboxProblem(null, name, "must be an RFC 3339 date-time, offset included "
                    + "(e.g. 2024-05-22T14:42:20.019Z), was \"" + text + "\""));
            return null;
        }
    }

    private static List<Long> catalogs(JsonNode body, List<SandboxProblem> problems) {
        JsonNode value = value(body, "Catalogs", problems);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problems.add(new SandboxProblem(null, "Catalogs", "must be an array of integer catalog ids, was " + value));
            return null;
        }
        List<Long> ids = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                problems.add(new SandboxProblem(null, "Catalogs", "must hold integer catalog ids only, had " + item));
                return null;
            }
            ids.add(item.longValue());
        }
        return ids;
    }

    /** The codes the sandbox starts with, so the local default shows promotions flowing (ids 1 to 3). */
    static List<CodesDiscountCode> seeds() {
        return List.of(
                new CodesDiscountCode(1, "WELCOME10", "Percentage", "10% off the first order", "MDL", true,
                        new BigDecimal("10"), new BigDecimal("100.00"), false, 0L,
                        "2024-01-01T00:00:00Z", "2030-12-31T23:59:59Z", List.of(), false),
                new CodesDiscountCode(2, "FIXED50", "Fixed", "50 MDL off shoes and bags", "MDL", true,
                        new BigDecimal("50.00"), new BigDecimal("500.00"), true, 30L,
                        "2024-06-01T00:00:00Z", "2030-06-01T00:00:00Z", List.of(3L, 7L), true),
                new CodesDiscountCode(3, "SPRING15", "Percentage", "Spring sale (ended)", "MDL", false,
                        new BigDecimal("15"), new BigDecimal("0"), false, 0L,
                        "2024-03-01T00:00:00Z", "2024-05-31T23:59:59Z", List.of(), false));
    }
}
