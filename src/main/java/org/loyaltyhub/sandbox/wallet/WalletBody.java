package org.loyaltyhub.sandbox.wallet;

import org.loyaltyhub.sandbox.SandboxProblem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one JSON request object of the wallet sandbox field by field, collecting every problem so that a refusal
 * names all offending fields at once ({@link #finish(String)}). Properties the contract does not list for the body
 * are refused: the contract does not forbid them, but a misspelt name ({@code lastName} for {@code surname},
 * {@code amount} for {@code points}) would otherwise be dropped without anyone noticing. Numbers arrive as
 * {@link BigDecimal} (the controller's reader), so no amount passes through a double.
 */
final class WalletBody {

    /** Largest magnitude and finest fraction of a number the sandbox keeps exactly and renders in full. */
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_FRACTION_DIGITS = 9;

    private final JsonNode json;
    private final List<SandboxProblem> problems = new ArrayList<>();

    private WalletBody(JsonNode json) {
        this.json = json;
    }

    /**
     * Starts reading a body that must be an object holding only {@code allowed} properties.
     *
     * @param what what the body is, for messages ("a customer")
     * @throws WalletRefusal (422) when the body is not a JSON object
     */
    static WalletBody read(JsonNode json, String what, Set<String> allowed) {
        if (json == null || !json.isObject()) {
            throw WalletRefusal.invalid("the body must be a JSON object (" + what + ")", List.of());
        }
        WalletBody body = new WalletBody(json);
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                body.problem(name, "is not a property of " + what + " (it has " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        return body;
    }

    /** Whether the body names the property at all, null included (a PATCH changes only what it names). */
    boolean has(String name) {
        return json.has(name);
    }

    void problem(String field, String message) {
        problems.add(new SandboxProblem(null, field, message));
    }

    /** @throws WalletRefusal (422) naming every problem found, when there is one */
    void finish(String message) {
        if (!problems.isEmpty()) {
            throw WalletRefusal.invalid(message, problems);
        }
    }

    /** A string, or null when absent or JSON null. */
    String text(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(name, "must be a string, was " + value);
            return null;
        }
        return value.textValue();
    }

    /** A string that must be present and not blank. */
    String requiredText(String name) {
        JsonNode value = value(name);
        if (value == null) {
            problem(name, "is required");
            return null;
        }
        String text = text(name);
        if (text != null && text.isBlank()) {
            problem(name, "must not be blank");
            return null;
        }
        return text;
    }

    /** An integer written without a fraction ({@code 10.0} is refused where the contract says integer). */
    Long integer(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problem(name, "must be an integer, was " + value);
            return null;
        }
        return value.longValue();
    }

    /** A required integer of at least 1. */
    Long positiveInteger(String name) {
        if (value(name) == null) {
            problem(name, "is required");
            return null;
        }
        Long number = integer(name);
        if (number != null && number < 1) {
            problem(name, "must be greater than 0, was " + number);
            return null;
        }
        return number;
    }

    /** A JSON number (a string of digits is refused), within the digits the sandbox keeps exactly. */
    BigDecimal number(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problem(name, "must be a number, was " + value);
            return null;
        }
        BigDecimal number = value.decimalValue();
        BigDecimal plain = number.scale() < 0 ? number.setScale(0) : number; // 1E+2 is kept as 100
        if (plain.precision() - plain.scale() > MAX_INTEGER_DIGITS || plain.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS) {
            problem(name, "must have at most " + MAX_INTEGER_DIGITS + " digits before the point and "
                    + MAX_FRACTION_DIGITS + " after it, was " + value);
            return null;
        }
        return plain;
    }

    /** A required number greater than 0. */
    BigDecimal positiveNumber(String name) {
        if (value(name) == null) {
            problem(name, "is required");
            return null;
        }
        BigDecimal number = number(name);
        if (number != null && number.signum() <= 0) {
            problem(name, "must be greater than 0, was " + number.toPlainString());
            return null;
        }
        return number;
    }

    /** A date written {@code YYYY-MM-DD} (the contract: "Y-m-d assumed"), or null. */
    LocalDate date(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problem(name, "must be a date written YYYY-MM-DD, was \"" + text + "\"");
            return null;
        }
    }

    /** The property, or null when absent or JSON null. */
    JsonNode value(String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
