package org.loyaltyhub.canonical;

import java.util.Arrays;
import java.util.List;

/**
 * The canonical entities: each has a name (used in event types, topics and mapping file names), a schema file in
 * {@code mappings/canonical/} and a Java record.
 */
public enum CanonicalEntity {
    CARD("card", Card.class),
    TRANSACTION("transaction", Transaction.class),
    PROMOTION("promotion", Promotion.class),
    PROMO_ASSIGNMENT("promo-assignment", PromoAssignment.class),
    WALLET_OPERATION("wallet-operation", WalletOperation.class);

    private final String entityName;
    private final Class<? extends Record> javaType;

    CanonicalEntity(String entityName, Class<? extends Record> javaType) {
        this.entityName = entityName;
        this.javaType = javaType;
    }

    /** The entity's name, for example {@code promo-assignment}. */
    public String entityName() {
        return entityName;
    }

    /** The name of the entity's schema file, for example {@code promo-assignment.schema.json}. */
    public String schemaFileName() {
        return entityName + CanonicalSchemas.SCHEMA_FILE_SUFFIX;
    }

    /** The record that the entity's JSON binds to. */
    public Class<? extends Record> javaType() {
        return javaType;
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
