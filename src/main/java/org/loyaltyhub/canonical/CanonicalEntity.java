package org.loyaltyhub.canonical;

import java.util.Arrays;
import java.util.List;

/**
 * The canonical entities: each has a name (used in event types, topics and mapping file names) and a schema file in
 * {@code mappings/canonical/}. Their JSON is handled as JSON, checked by the schema: no Java type binds it.
 */
public enum CanonicalEntity {
    CARD("card"),
    TRANSACTION("transaction"),
    PROMOTION("promotion"),
    PROMO_ASSIGNMENT("promo-assignment"),
    WALLET_OPERATION("wallet-operation");

    private final String entityName;

    CanonicalEntity(String entityName) {
        this.entityName = entityName;
    }

    /** The entity's name, for example {@code promo-assignment}. */
    public String entityName() {
        return entityName;
    }

    /** The name of the entity's schema file, for example {@code promo-assignment.schema.json}. */
    public String schemaFileName() {
        return entityName + CanonicalSchemas.SCHEMA_FILE_SUFFIX;
    }

    /**
     * The entity with that name.
     *
     * @throws IllegalArgumentException naming the known entities when there is none
     */
    public static CanonicalEntity fromName(String name) {
        for (CanonicalEntity entity : values()) {
            if (entity.entityName.equals(name)) {
                return entity;
            }
        }
        throw new IllegalArgumentException("Unknown canonical entity '" + name + "'; known entities: " + names());
    }

    private static List<String> names() {
        return Arrays.stream(values()).map(CanonicalEntity::entityName).toList();
    }
}
