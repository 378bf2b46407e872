package org.loyaltyhub.canonical;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A canonical JSON body does not satisfy its entity's schema. A mapping produced it, so it is a permanent error:
 * retrying cannot help.
 *
 * <p>The message and the violations name fields and rules, never the offending values: those can be card numbers,
 * PINs or personal data, and this message ends up in logs and dead letters.
 */
public class CanonicalValidationException extends RuntimeException {

    private final String entity;
    private final List<Violation> violations;

    public CanonicalValidationException(String entity, List<Violation> violations) {
        super(describe(entity, violations));
        this.entity = entity;
        this.violations = List.copyOf(violations);
    }

    /** The name of the entity whose schema was violated, for example {@code card}. */
    public String getEntity() {
        return entity;
    }

    /** What is wrong, one entry per broken rule, ordered by field. */
    public List<Violation> getViolations() {
        return violations;
    }

    private static String describe(String entity, List<Violation> violations) {
        return entity + " is invalid: "
                + violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
    }

    /**
     * One broken rule.
     *
     * @param field   JSON pointer of the field concerned, for example {@code /holder/gender}; {@code /} for the body
     *                itself. For a missing required property it points at the missing property ({@code /number}).
     * @param rule    the JSON Schema keyword that failed: {@code required}, {@code enum}, {@code type},
     *                {@code pattern}, {@code additionalProperties}, {@code oneOf}, ...
     * @param message what the rule demands, for example {@code must be one of [male, female]}; never the value
     */
    public record Violation(String field, String rule, String message) {

        /** The violation as one line, for example {@code /holder/gender must be one of [male, female] (enum)}. */
        public String describe() {
            return field + " " + message + " (" + rule + ")";
        }
    }
}
