package org.loyaltyhub.canonical;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalEntityTests {

    @Test
    void findsEveryEntityByItsName() {
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            assertThat(CanonicalEntity.fromName(entity.entityName())).isSameAs(entity);
        }
        assertThat(CanonicalEntity.fromName("promo-assignment")).isEqualTo(CanonicalEntity.PROMO_ASSIGNMENT);
    }

    @Test
    void knowsItsSchemaFile() {
        assertThat(CanonicalEntity.WALLET_OPERATION.schemaFileName()).isEqualTo("wallet-operation.schema.json");
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            assertThat(Files.isRegularFile(CanonicalExamples.SCHEMA_FOLDER.resolve(entity.schemaFileName())))
                    .as(entity.schemaFileName()).isTrue();
        }
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> CanonicalEntity.fromName("PROMO_ASSIGNMENT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROMO_ASSIGNMENT")
                .hasMessageContaining("[card, transaction, promotion, promo-assignment, wallet-operation]");
    }

    @Test
    void saysWhichEntitiesTheStoreKeysAndWhichTravelOnKafka() {
        assertThat(CanonicalEntity.CARD.keyField()).contains("number");
        assertThat(CanonicalEntity.PROMO_ASSIGNMENT.keyField()).as("an event only").isEmpty();
        assertThat(CanonicalEntity.withTopics()).containsExactly("card", "transaction", "promotion", "promo-assignment");
        // the key field is a property the entity's schema requires
        for (CanonicalEntity entity : CanonicalEntity.values()) {
            entity.keyField().ifPresent(key -> assertThat(CanonicalExamples.SCHEMA_FOLDER.resolve(entity.schemaFileName()))
                    .content().as(entity.entityName()).contains("\"" + key + "\""));
        }
    }
}
