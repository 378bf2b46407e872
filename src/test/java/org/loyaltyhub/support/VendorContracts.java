package org.loyaltyhub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The project's copies of the vendor contracts ({@code src/test/resources/contracts/<system>.openapi.yaml}) as
 * validators of the calls under {@code /sandbox/<system>/}, and as the trees {@link ContractExamples} reads. Parsing
 * one takes a second, so every test shares them.
 */
final class VendorContracts {

    private static final Map<String, OpenApiInteractionValidator> BY_SYSTEM = new ConcurrentHashMap<>();
    private static final Map<String, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private VendorContracts() {
    }

    static OpenApiInteractionValidator of(String system) {
        return BY_SYSTEM.computeIfAbsent(system, VendorContracts::load);
    }

    /** The contract as a tree, a copy of its own for the caller to read or change. */
    static JsonNode document(String system) {
        return DOCUMENTS.computeIfAbsent(system, VendorContracts::read).deepCopy();
    }

    private static JsonNode read(String system) {
        String resource = resource(system);
        try (InputStream in = VendorContracts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no contract " + resource + " for the sandbox system " + system);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static OpenApiInteractionValidator load(String system) {
        JsonNode contract = document(system);
        inlineSingleReferences(contract, contract.path("components").path("schemas"));
        try {
            return OpenApiInteractionValidator.createForInlineApiSpecification(YAML.writeValueAsString(contract))
                    .withBasePathOverride(VendorContractFilter.PREFIX + system)
                    // only what a contract itself says about extra properties: the validator would otherwise
                    // forbid them in every part of an allOf, so that no object could match all parts
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE).build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(resource(system), e);
        }
    }

    private static String resource(String system) {
        return "contracts/" + system + ".openapi.yaml";
    }

    /**
     * Replaces {@code allOf: [{$ref}]} by the referenced schema with the siblings laid over it. The contracts use
     * that OAS 3.0 idiom to give a reference a description or {@code nullable}; the validator reads it as an object
     * (a Money string then fails) and ignores the {@code nullable} beside it.
     */
    private static void inlineSingleReferences(JsonNode node, JsonNode schemas) {
        if (node instanceof ObjectNode object && object.path("allOf").size() == 1
                && object.path("allOf").get(0).has("$ref")) {
            String ref = object.path("allOf").get(0).path("$ref").asText();
            JsonNode target = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            if (target.isObject()) {
                ObjectNode siblings = object.deepCopy();
                siblings.remove("allOf");
                object.removeAll();
                object.setAll((ObjectNode) target.deepCopy());
                object.setAll(siblings);
            }
        }
        node.forEach(child -> inlineSingleReferences(child, schemas));
    }
}
