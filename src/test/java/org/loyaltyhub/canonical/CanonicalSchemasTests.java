package org.loyaltyhub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.canonical.CanonicalValidationException.Violation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loyaltyhub.canonical.CanonicalExamples.MAPPER;
import static org.loyaltyhub.canonical.CanonicalExamples.SCHEMA_FOLDER;
import static org.loyaltyhub.canonical.CanonicalExamples.card;
import static org.loyaltyhub.canonical.CanonicalExamples.schemas;

class CanonicalSchemasTests {

    @Test
    void loadsOneSchemaPerCanonicalEntity() {
        assertThat(schemas().entities())
                .containsExactly("card", "promo-assignment", "promotion", "transaction", "wallet-operation");
    }

    @Test
    void everySchemaIsTitledIdentifiedAndDescribesEveryProperty() throws IOException {
        for (Path file : schemaFiles(SCHEMA_FOLDER)) {
            JsonNode schema = MAPPER.readTree(file.toFile());

            assertThat(schema.path("$schema").asText()).as(file + " $schema")
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").asText()).as(file + " $id")
                    .isEqualTo(CanonicalSchemas.SCHEMA_ID_PREFIX + file.getFileName());
            assertThat(schema.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(propertiesWithoutDescription(schema, "")).as(file + " properties without a description")
                    .isEmpty();
        }
    }

    @Test
    void anUnknownEntityIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> schemas().validate("customer", card()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("customer")
                .hasMessageContaining("[card, promo-assignment, promotion, transaction, wallet-operation]");
    }

    @Test
    void validatesByEntityConstantToo() {
        assertThat(schemas().violations(CanonicalEntity.CARD.entityName(), card())).isEmpty();
        schemas().validate(CanonicalEntity.CARD, card());
    }

    @Test
    void theMessageListsEachViolationByFieldWithItsRule() {
        ObjectNode body = card();
        body.remove("number");
        ((ObjectNode) body.get("holder")).put("gender", "f");

        assertThatThrownBy(() -> schemas().validate("card", body))
                .isInstanceOf(CanonicalValidationException.class)
                .hasMessage("card is invalid: /holder/gender must be one of [male, female] (enum); "
                        + "/number is required (required)");
    }

    @Test
    void everyViolationIsReportedInFieldOrder() {
        ObjectNode body = card();
        body.put("active", "yes");
        body.put("barcode", 12);
        ((ObjectNode) body.get("accumulated")).put("currency", "eur");

        List<Violation> violations = schemas().violations("card", body);

        assertThat(violations).containsExactly(
                new Violation("/accumulated/currency", "pattern", "must match the pattern ^[A-Z]{3}$"),
                new Violation("/active", "type", "must be of type boolean (found string)"),
                new Violation("/barcode", "type", "must be of type string (found integer)"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsReportedAtTheRoot() {
        assertThat(schemas().violations("card", MAPPER.createArrayNode()))
                .containsExactly(new Violation("/", "type", "must be of type object (found array)"));
        assertThat(schemas().violations("card", null))
                .containsExactly(new Violation("/", "type", "must be of type object (found null)"));
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        ObjectNode body = card();
        body.put("a/b~c", "x");

        assertThat(schemas().violations("card", body))
                .containsExactly(new Violation("/a~1b~0c", "additionalProperties", "is not a known property"));
    }

    @Test
    void aSchemaFileThatIsNotJsonFailsConstructionNamingTheFile(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        Files.writeString(folder.resolve("card.schema.json"), "{ \"$id\": ");

        assertThatThrownBy(() -> new CanonicalSchemas(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.resolve("card.schema.json").toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aSchemaThatBreaksTheMetaSchemaFailsConstructionNamingTheFile(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        ObjectNode promotion = (ObjectNode) MAPPER.readTree(folder.resolve("promotion.schema.json").toFile());
        promotion.put("required", "code");
        MAPPER.writeValue(folder.resolve("promotion.schema.json").toFile(), promotion);

        assertThatThrownBy(() -> new CanonicalSchemas(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.resolve("promotion.schema.json").toString())
                .hasMessageContaining("not a valid JSON Schema");
    }

    @Test
    void aSchemaWithAForeignIdFailsConstructionNamingTheFile(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        ObjectNode card = (ObjectNode) MAPPER.readTree(folder.resolve("card.schema.json").toFile());
        card.put("$id", "https://example.com/card.schema.json");
        MAPPER.writeValue(folder.resolve("card.schema.json").toFile(), card);

        assertThatThrownBy(() -> new CanonicalSchemas(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(folder.resolve("card.schema.json").toString())
                .hasMessageContaining("$id");
    }

    @Test
    void aDanglingReferenceFailsConstruction(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        Files.delete(folder.resolve("common.schema.json"));

        assertThatThrownBy(() -> new CanonicalSchemas(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("card.schema.json");
    }

    @Test
    void aMissingEntitySchemaFailsConstructionNamingTheFile(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        Files.delete(folder.resolve("wallet-operation.schema.json"));

        assertThatThrownBy(() -> new CanonicalSchemas(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wallet-operation.schema.json");
    }

    @Test
    void aMissingFolderIsRefused(@TempDir Path folder) {
        assertThatThrownBy(() -> new CanonicalSchemas(folder.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void referencesResolveFromTheGivenFolderNotTheWorkingDirectory(@TempDir Path folder) throws IOException {
        copySchemas(folder);
        ObjectNode common = (ObjectNode) MAPPER.readTree(folder.resolve("common.schema.json").toFile());
        ((ObjectNode) common.path("$defs").path("currency")).put("pattern", "^MDL$");
        MAPPER.writeValue(folder.resolve("common.schema.json").toFile(), common);

        CanonicalSchemas local = new CanonicalSchemas(folder);
        ObjectNode body = card();
        ((ObjectNode) body.get("accumulated")).put("currency", "EUR");

        assertThat(local.violations("card", body)).extracting(Violation::field).containsExactly("/accumulated/currency");
    }

    @Test
    void patternsAnchorAtTheEndOfInputAsInEcmaScript() {
        assertThat(EcmaAnchoredRegularExpressionFactory.withEndOfInputAnchors("^[A-Z]{3}$")).isEqualTo("^[A-Z]{3}\\z");
        assertThat(EcmaAnchoredRegularExpressionFactory.withEndOfInputAnchors("^a\\$[$]$")).isEqualTo("^a\\$[$]\\z");

        var currency = new EcmaAnchoredRegularExpressionFactory().getRegularExpression("^[A-Z]{3}$");
        assertThat(currency.matches("EUR")).isTrue();
        assertThat(currency.matches("EUR\n")).isFalse();
        assertThat(new EcmaAnchoredRegularExpressionFactory().getRegularExpression("[0-9]").matches("a1b"))
                .as("patterns are not implicitly anchored").isTrue();
    }

    private static List<String> propertiesWithoutDescription(JsonNode schema, String at) {
        List<String> missing = new ArrayList<>();
        if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                missing.addAll(propertiesWithoutDescription(schema.get(i), at + "/" + i));
            }
        } else if (schema.isObject()) {
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (!property.getValue().hasNonNull("description")) {
                        missing.add(at + "/properties/" + property.getKey());
                    }
                }
            }
            // An "if" only restates existing fields as a condition; it defines none.
            schema.fields().forEachRemaining(child -> {
                if (!"if".equals(child.getKey())) {
                    missing.addAll(propertiesWithoutDescription(child.getValue(), at + "/" + child.getKey()));
                }
            });
        }
        return missing;
    }

    private static void copySchemas(Path target) throws IOException {
        for (Path file : schemaFiles(SCHEMA_FOLDER)) {
            Files.copy(file, target.resolve(file.getFileName().toString()));
        }
    }

    private static List<Path> schemaFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.schema.json")) {
            stream.forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        return files;
    }
}
