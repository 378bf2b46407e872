package org.loyaltyhub.canonical;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The canonical entities, the one list of them: each has a name (used in event types, topics and mapping file
 * names) and a schema file in {@code mappings/canonical/}; the store keeps those with a key field, and those whose
 * events travel on Kafka have a topic of their own ({@code events.Topics}; the dispatch Kamelet names the same topics,
 * held to this list by TopicsTests). Their JSON is handled as JSON, checked by the schema: no Java type binds it.
 */
public enum CanonicalEntity {
    CARD("card", "number", true),
    TRANSACTION("transaction", "id", true),
    PROMOTION("promotion", "code", true),
    /** A request to attach a promo code: an event only, kept nowhere. */
    PROMO_ASSIGNMENT("promo-assignment", null, true),
    /** What a transaction becomes at the wallet: made by an operation table during a delivery, never an event. */
    WALLET_OPERATION("wallet-operation", null, false);

    private final String entityName;
    private final String keyField;
    private final boolean hasTopic;

    CanonicalEntity(String entityName, String keyField, boolean hasTopic) {
        this.entityName = entityName;
        this.keyField = keyField;
        this.hasTopic = hasTopic;
    }

    /** The entity's name, for example {@code promo-assignment}. */
    public String entityName() {
        return entityName;
    }

    /** The name of the entity's schema file, for example {@code promo-assignment.schema.json}. */
    public String schemaFileName() {
        return entityName + CanonicalSchemas.SCHEMA_FILE_SUFFIX;
    }

    /** The property that keys the entity in the store ({@code number} of a card); empty for an entity it does not keep. */
    public Optional<String> keyField() {
        return Optional.ofNullable(keyField);
    }

    /** Whether the entity's events travel on Kafka, on a topic of its own. */
    public boolean hasTopic() {
        return hasTopic;
    }

    /** The names of the entities whose events travel on Kafka, in the order their topics are created. */
    public static List<String> withTopics() {
        return Arrays.stream(values()).filter(CanonicalEntity::hasTopic).map(CanonicalEntity::entityName).toList();
    }

    /** The entity with that name, if there is one. */
    public static Optional<CanonicalEntity> named(String name) {
        return Arrays.stream(values()).filter(entity -> entity.entityName.equals(name)).findFirst();
    }

    /**
     * The entity with that name.
     *
     * @throws IllegalArgumentException naming the known entities when there is none
     */
    public static CanonicalEntity fromName(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("Unknown canonical entity '" + name + "'; known entities: "
                + names()));
    }

    private static List<String> names() {
        return Arrays.stream(values()).map(CanonicalEntity::entityName).toList();
    }
}
