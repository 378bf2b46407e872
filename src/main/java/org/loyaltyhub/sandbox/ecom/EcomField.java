package org.loyaltyhub.sandbox.ecom;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The writable fields of an ecom discount card: the snake_case key requests must use, how the document's answers spell
 * it, and how a value is read. Declaration order is the key order of the documented answers.
 * <p>
 * The document's answers spell a key three ways: snake_case in every answer but bulk-create's, and two other ways in
 * the two items of its bulk-create answer ({@link Spelling}). Requests are held to snake_case only: a hub that sent
 * {@code firstname} would lose the field at a vendor that reads the key the contract gives (NOTES.md, "Spellings").
 */
public enum EcomField {
    USER_ID("user_id", Kind.NULLABLE_INTEGER, "user_id", "userid"),
    CODE("code", Kind.KEY_TEXT, "code", "code"),
    LEGAL_ENTITY_NAME("legal_entity_name", Kind.NULLABLE_TEXT, "legalentityname", "legalentityname"),
    FIRST_NAME("first_name", Kind.TEXT, "firstname", "firstname"),
    LAST_NAME("last_name", Kind.TEXT, "lastname", "lastname"),
    BARCODE("barcode", Kind.KEY_TEXT, "barcode", "barcode"),
    ACCUMULATED_AMOUNT("accumulated_amount", Kind.MONEY, "accumulatedamount", "accumulatedamount"),
    SEX("sex", Kind.SEX, "sex", "sex"),
    DATE_OF_BIRTH("date_of_birth", Kind.DATE, "dateofbirth", "dateof_birth"),
    // the field table says "addresses"; every example, answers included, says "address"
    ADDRESS("address", Kind.TEXT, "address", "address", "addresses"),
    ACTIVE("active", Kind.BOOLEAN, "active", "active");

    /** How an answer spells the keys of a card, as the document's answers do. */
    public enum Spelling {
        /** Every documented answer but bulk-create's: the contract's canonical keys. */
        SNAKE_CASE,
        /** The first item of the document's bulk-create answer ({@code user_id}, {@code firstname}, {@code dateofbirth}). */
        BULK_CREATED_FIRST,
        /** Its second item ({@code userid}, {@code firstname}, {@code dateof_birth}). */
        BULK_CREATED_SECOND;

        /** The spelling of the item at this position of a bulk-create answer: the document's two, in turn. */
        public static Spelling ofBulkCreated(int index) {
            return index % 2 == 0 ? BULK_CREATED_FIRST : BULK_CREATED_SECOND;
        }
    }

    /** Money is a string with exactly two decimals, as in every example of the document. */
    static final Pattern MONEY = Pattern.compile("^-?[0-9]+\\.[0-9]{2}$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    private enum Kind { KEY_TEXT, TEXT, NULLABLE_TEXT, NULLABLE_INTEGER, MONEY, SEX, DATE, BOOLEAN }

    private final String wireName;
    private final String bulkCreatedFirst;
    private final String bulkCreatedSecond;
    private final List<String> otherSpellings;
    private final Kind kind;

    EcomField(String wireName, Kind kind, String bulkCreatedFirst, String bulkCreatedSecond, String... tableSpelling) {
        this.wireName = wireName;
        this.kind = kind;
        this.bulkCreatedFirst = bulkCreatedFirst;
        this.bulkCreatedSecond = bulkCreatedSecond;
        this.otherSpellings = Stream.concat(Stream.of(bulkCreatedFirst, bulkCreatedSecond), Stream.of(tableSpelling))
                .filter(spelling -> !spelling.equals(wireName)).distinct().toList();
    }

    /** The snake_case key: the only one a request may use. */
    public String wireName() {
        return wireName;
    }

    /** The key as an answer of this spelling writes it. */
    public String key(Spelling spelling) {
        return switch (spelling) {
            case SNAKE_CASE -> wireName;
            case BULK_CREATED_FIRST -> bulkCreatedFirst;
            case BULK_CREATED_SECOND -> bulkCreatedSecond;
        };
    }

    /** The other spellings the document shows for this key (its table, its bulk-create answer); never valid in a request. */
    public List<String> otherSpellings() {
        return otherSpellings;
    }

    /** The field a request key names, when it is a field's snake_case key. */
    static Optional<EcomField> byWireName(String key) {
        return Arrays.stream(values()).filter(field -> field.wireName.equals(key)).findFirst();
    }

    /** The field whose other spelling this is, for a refusal that names the key to use instead. */
    static Optional<EcomField> byOtherSpelling(String key) {
        return Arrays.stream(values()).filter(field -> field.otherSpellings.contains(key)).findFirst();
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
