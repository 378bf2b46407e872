package org.loyaltyhub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.loyaltyhub.canonical.CanonicalValidationException.Violation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical JSON Schemas of one folder (normally {@code mappings/canonical/}), loaded once, and the check of
 * canonical bodies against them.
 *
 * <p>Every {@code *.schema.json} in the folder is read at construction. A file whose root declares a {@code type}
 * is an entity schema, named after its file ({@code promo-assignment.schema.json} → {@code promo-assignment}); a file
 * without one (such as {@code common.schema.json}) only holds {@code $defs} for the others to {@code $ref}. Each
 * file's {@code $id} must be {@value #SCHEMA_ID_PREFIX} followed by its file name, because references are resolved
 * by mapping that prefix onto the folder. Every {@link CanonicalEntity} must have its schema. Any problem (a file
 * that is not JSON, is not a valid draft 2020-12 schema, has the wrong {@code $id} or a dangling {@code $ref}, a
 * missing entity) fails construction with an {@link IllegalStateException} naming the file, so a broken contract
 * stops the hub at start rather than at the first message.
 *
 * <p>Formats ({@code date}, {@code date-time}, {@code email}) stay annotations, as draft 2020-12 defines them; the
 * schemas enforce dates and date-times with patterns. Instances are thread-safe.
 */
public final class CanonicalSchemas {

    /** What every canonical schema's {@code $id} starts with; mapped onto the schema folder. */
    public static final String SCHEMA_ID_PREFIX = "https://loyaltyhub.org/canonical/";

    static final String SCHEMA_FILE_SUFFIX = ".schema.json";

    private final Path schemaFolder;
    private final Map<String, JsonSchema> schemasByEntity;

    /**
     * Loads and checks every {@code *.schema.json} in the folder.
     *
     * @param schemaFolder the folder holding the schemas, for example {@code Path.of("mappings/canonical")}
     * @throws IllegalArgumentException when the folder does not exist
     * @throws IllegalStateException    naming the file, when a schema cannot be used
     */
    public CanonicalSchemas(Path schemaFolder) {
        this.schemaFolder = schemaFolder.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.schemaFolder)) {
            throw new IllegalArgumentException("Canonical schema folder " + this.schemaFolder + " is not a directory");
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers ->
                        mappers.mapPrefix(SCHEMA_ID_PREFIX, this.schemaFolder.toUri().toString())));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .regularExpressionFactory(new EcmaAnchoredRegularExpressionFactory())
                .build();
        JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(SchemaId.V202012), config);
        ObjectMapper mapper = new ObjectMapper();

        Map<String, JsonSchema> schemas = new TreeMap<>();
        for (Path file : schemaFiles(this.schemaFolder)) {
            JsonNode schemaNode = read(file, mapper);
            checkAgainstMetaSchema(file, schemaNode, metaSchema);
            String fileName = file.getFileName().toString();
            String expectedId = SCHEMA_ID_PREFIX + fileName;
            if (!expectedId.equals(schemaNode.path("$id").asText())) {
                throw new IllegalStateException("Canonical schema " + file + " must have \"$id\": \"" + expectedId
                        + "\" (references between schemas are resolved through it)");
            }
            JsonSchema schema = compile(file, schemaNode, factory, config);
            if (schemaNode.has("type")) {
                schemas.put(fileName.substring(0, fileName.length() - SCHEMA_FILE_SUFFIX.length()), schema);
            }
        }
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            if (!schemas.containsKey(entity.entityName())) {
                throw new IllegalStateException("Canonical schema " + this.schemaFolder.resolve(entity.schemaFileName())
                        + " is missing (entity " + entity.entityName() + ")");
            }
        }
        this.schemasByEntity = Collections.unmodifiableMap(schemas);
    }

    /** The names of the entities that have a schema, sorted. */
    public Set<String> entities() {
        return schemasByEntity.keySet();
    }

    /** The folder the schemas were loaded from. */
    public Path schemaFolder() {
        return schemaFolder;
    }

    /**
     * Checks a canonical body against its entity's schema.
     *
     * @throws CanonicalValidationException listing every violation when the body is invalid
     * @throws IllegalArgumentException     naming the known entities when there is no such entity
     */
    public void validate(String entityName, JsonNode body) {
        List<Violation> violations = violations(entityName, body);
        if (!violations.isEmpty()) {
            throw new CanonicalValidationException(entityName, violations);
        }
    }

    /** Same as {@link #validate(String, JsonNode)} with the entity's name. */
    public void validate(CanonicalEntity entity, JsonNode body) {
        validate(entity.entityName(), body);
    }

    /**
     * What is wrong with a canonical body, ordered by field; empty when it is valid.
     *
     * @throws IllegalArgumentException naming the known entities when there is no such entity
     */
    public List<Violation> violations(String entityName, JsonNode body) {
        JsonSchema schema = schemasByEntity.get(entityName);
        if (schema == null) {
            throw new IllegalArgumentException("Unknown canonical entity '" + entityName + "'; known entities: "
                    + entities());
        }
        Set<ValidationMessage> messages = schema.validate(body == null ? NullNode.getInstance() : body);
        return SchemaViolations.from(messages);
    }

    private static List<Path> schemaFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*" + SCHEMA_FILE_SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list canonical schemas in " + folder, e);
        }
        Collections.sort(files);
        return files;
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("Canonical schema " + file + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Canonical schema " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read canonical schema " + file, e);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void checkAgainstMetaSchema(Path file, JsonNode schemaNode, JsonSchema metaSchema) {
        Set<ValidationMessage> problems = metaSchema.validate(schemaNode);
        if (!problems.isEmpty()) {
            // Here the instance is the schema itself, so the validator's own texts are safe to show.
            throw new IllegalStateException("Canonical schema " + file + " is not a valid JSON Schema 2020-12: "
                    + problems.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
        }
    }

    private static JsonSchema compile(Path file, JsonNode schemaNode, JsonSchemaFactory factory,
                                      SchemaValidatorsConfig config) {
        try {
            JsonSchema schema = factory.getSchema(URI.create(SCHEMA_ID_PREFIX + file.getFileName()), schemaNode, config);
            // Resolves every $ref now, so a dangling reference fails at start, not on the first message.
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalStateException("Canonical schema " + file + " cannot be compiled: " + e.getMessage(), e);
        }
    }
}
