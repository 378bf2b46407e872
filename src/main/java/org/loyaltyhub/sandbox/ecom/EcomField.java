package org.loyaltyhub.sandbox.ecom;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The writable fields of an ecom discount card: canonical snake_case name, the other spellings the vendor document
 * uses (accepted on input, never sent), and how a value is read. Declaration order is the key order of the
 * documented answers.
 */
public enum EcomField {
    USER_ID("user_id", Kind.NULLABLE_INTEGER, "userid"),
    CODE("code", Kind.KEY_TEXT),
    LEGAL_ENTITY_NAME("legal_entity_name", Kind.NULLABLE_TEXT, "legalentityname"),
    FIRST_NAME("first_name", Kind.TEXT, "firstname"),
    LAST_NAME("last_name", Kind.TEXT, "lastname"),
    BARCODE("barcode", Kind.KEY_TEXT),
    ACCUMULATED_AMOUNT("accumulated_amount", Kind.MONEY, "accumulatedamount"),
    SEX("sex", Kind.SEX),
    DATE_OF_BIRTH("date_of_birth", Kind.DATE, "dateofbirth", "dateof_birth"),
    ADDRESS("address", Kind.TEXT, "addresses"),
    ACTIVE("active", Kind.BOOLEAN);

    /** Money is a string with exactly two decimals, as in every example of the document. */
    static final Pattern MONEY = Pattern.compile("^-?[0-9]+\\.[0-9]{2}$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    private enum Kind { KEY_TEXT, TEXT, NULLABLE_TEXT, NULLABLE_INTEGER, MONEY, SEX, DATE, BOOLEAN }

    private final String wireName;
    private final List<String> spellings;
    private final Kind kind;

    EcomField(String wireName, Kind kind, String... aliases) {
        this.wireName = wireName;
        this.kind = kind;
        this.spellings = Stream.concat(Stream.of(wireName), Stream.of(aliases)).toList();
    }

    /** The canonical key, the only one the sandbox sends. */
    public String wireName() {
        return wireName;
    }

    /** The canonical key first, then the aliases accepted on input. */
    public List<String> spellings() {
        return spellings;
    }

    /** Whether a card's answer carries the key even without a value: the document writes these as null. */
    boolean writtenWhenNull() {
        return kind == Kind.NULLABLE_INTEGER || kind == Kind.NULLABLE_TEXT;
    }

    /** Whether a new card (bulk-create item, single PUT) must carry this field. */
    boolean requiredOnWrite() {
        return kind == Kind.KEY_TEXT;
    }

    /**
     * The value of this field in a request.
     *
     * @throws IllegalArgumentException with a message for the client when the value breaks the contract
     */
    Object read(JsonNode node) {
        if (node.isNull()) {
            if (writtenWhenNull()) {
                return null;
            }
            throw new IllegalArgumentException("must not be null");
        }
        return switch (kind) {
            case KEY_TEXT -> {
                String text = text(node);
                if (text.isBlank()) {
                    throw new IllegalArgumentException("must not be blank");
                }
                yield text;
            }
            case TEXT, NULLABLE_TEXT -> text(node);
            case NULLABLE_INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("must be an integer or null, was " + node);
                }
                yield node.longValue();
            }
            case MONEY -> {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException("must be a string with two decimals such as \"5166.00\", was "
                            + node + " (a JSON number is refused: money is never a float)");
                }
                if (!MONEY.matcher(node.textValue()).matches()) {
                    throw new IllegalArgumentException("must match " + MONEY.pattern() + ", was \"" + node.textValue() + "\"");
                }
                yield new BigDecimal(node.textValue());
            }
            case SEX -> {
                String text = text(node);
                if (!text.equals("m") && !text.equals("f")) {
                    throw new IllegalArgumentException("must be \"m\" or \"f\", was \"" + text + "\"");
                }
                yield text;
            }
            case DATE -> date(text(node));
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("must be true or false, was " + node);
                }
                yield node.booleanValue();
            }
        };
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("must be a string, was " + node);
        }
        return node.textValue();
    }

    private static LocalDate date(String text) {
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text); // strict: refuses 2023-02-30
            }
        } catch (DateTimeParseException e) {
            // reported below with the same message as a wrong format
        }
        throw new IllegalArgumentException("must be a valid date YYYY-MM-DD, was \"" + text + "\"");
    }
}
