package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import org.loyaltyhub.canonical.CanonicalValidationException.Violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Turns the validator's messages into {@link Violation}s: a JSON pointer, the keyword, and a message written from
 * the schema alone. The validator's own texts are not used because some of them quote the instance, and an
 * instance value can be a card number or a PIN.
 */
final class SchemaViolations {

    private static final Comparator<Violation> BY_FIELD_THEN_RULE =
            Comparator.comparing(Violation::field).thenComparing(Violation::rule).thenComparing(Violation::message);

    private SchemaViolations() {
    }

    static List<Violation> from(Collection<ValidationMessage> messages) {
        Set<Violation> violations = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            // A failed oneOf/anyOf also reports why each alternative failed; its own violation already says
            // what is expected, and the per-alternative "required" noise would point at the wrong fix.
            if (!insideAlternative(message.getEvaluationPath())) {
                violations.add(toViolation(message));
            }
        }
        List<Violation> ordered = new ArrayList<>(violations);
        ordered.sort(BY_FIELD_THEN_RULE);
        return ordered;
    }

    private static Violation toViolation(ValidationMessage message) {
        String rule = message.getType();
        JsonNode schemaValue = message.getSchemaNode();
        String location = pointer(message.getInstanceLocation());
        return switch (rule) {
            case "required", "dependentRequired" ->
                    new Violation(child(location, message.getProperty()), rule, "is required");
            case "additionalProperties", "unevaluatedProperties" ->
                    new Violation(child(location, message.getProperty()), rule, "is not a known property");
            case "propertyNames" -> new Violation(child(location, message.getProperty()), rule,
                    "is not an allowed property name" + patternSuffix(schemaValue));
            default -> new Violation(rootIfEmpty(location), rule, describe(rule, schemaValue, message));
        };
    }

    private static String describe(String rule, JsonNode schemaValue, ValidationMessage message) {
        return switch (rule) {
            case "type" -> "must be of type " + typeNames(schemaValue)
                    + " (found " + jsonType(message.getInstanceNode()) + ")";
            case "enum" -> "must be one of " + listOf(schemaValue);
            case "const" -> "must be " + schemaValue;
            case "pattern" -> "must match the pattern " + schemaValue.asText();
            case "minLength" -> schemaValue.asInt() == 1
                    ? "must not be empty"
                    : "must be at least " + schemaValue.asText() + " characters long";
            case "maxLength" -> "must be at most " + schemaValue.asText() + " characters long";
            case "minimum" -> "must be at least " + schemaValue.asText();
            case "maximum" -> "must be at most " + schemaValue.asText();
            case "exclusiveMinimum" -> "must be greater than " + schemaValue.asText();
            case "exclusiveMaximum" -> "must be less than " + schemaValue.asText();
            case "multipleOf" -> "must be a multiple of " + schemaValue.asText();
            case "minItems" -> "must have at least " + schemaValue.asText() + " items";
            case "maxItems" -> "must have at most " + schemaValue.asText() + " items";
            case "uniqueItems" -> "must not repeat items";
            case "minProperties" -> "must have at least " + schemaValue.asText() + " properties";
            case "maxProperties" -> "must have at most " + schemaValue.asText() + " properties";
            case "format" -> "must be a valid " + schemaValue.asText();
            case "oneOf" -> alternatives("exactly one", schemaValue);
            case "anyOf" -> alternatives("at least one", schemaValue);
            case "not" -> "must not match the excluded shape";
            case "false" -> "is not allowed";
            default -> "breaks the schema's '" + rule + "' rule";
        };
    }

    /**
     * Alternatives that each just require one property (the usual "give X or Y" shape) are named; anything else
     * is counted.
     */
    private static String alternatives(String howMany, JsonNode branches) {
        List<String> required = new ArrayList<>();
        for (JsonNode branch : branches) {
            JsonNode names = branch.path("required");
            if (branch.size() != 1 || !names.isArray() || names.size() != 1) {
                return "must match " + howMany + " of " + branches.size() + " alternative shapes";
            }
            required.add(names.get(0).asText());
        }
        return "must have " + howMany + " of " + required;
    }

    private static String typeNames(JsonNode type) {
        if (type.isArray()) {
            return StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(" or "));
        }
        return type.asText();
    }

    /** The JSON type name of the instance; the type is safe to show, the value is not. */
    private static String jsonType(JsonNode instance) {
        if (instance == null || instance.isMissingNode()) {
            return "nothing";
        }
        if (instance.isIntegralNumber()) {
            return "integer";
        }
        return switch (instance.getNodeType()) {
            case NUMBER -> "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case NULL -> "null";
            default -> "object";
        };
    }

    private static String listOf(JsonNode values) {
        return StreamSupport.stream(values.spliterator(), false)
                .map(value -> value.isTextual() ? value.asText() : value.toString())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String patternSuffix(JsonNode propertyNamesSchema) {
        JsonNode pattern = propertyNamesSchema == null ? null : propertyNamesSchema.get("pattern");
        return pattern == null ? "" : " (must match the pattern " + pattern.asText() + ")";
    }

    private static boolean insideAlternative(JsonNodePath evaluationPath) {
        for (int i = 0; i < evaluationPath.getNameCount() - 1; i++) {
            Object segment = evaluationPath.getElement(i);
            if (("oneOf".equals(segment) || "anyOf".equals(segment))
                    && evaluationPath.getElement(i + 1) instanceof Integer) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6901 pointer of a validator location, built from its segments so that escaping does not depend on it. */
    private static String pointer(JsonNodePath location) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(location.getElement(i))));
        }
        return pointer.toString();
    }

    private static String child(String parentPointer, String property) {
        return property == null ? rootIfEmpty(parentPointer) : parentPointer + "/" + escape(property);
    }

    private static String rootIfEmpty(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
