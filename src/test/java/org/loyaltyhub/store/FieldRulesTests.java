package org.loyaltyhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.SystemSettings;

/** {@code fields.yaml}: the project's file loads, and each mistake is named with its line. */
class FieldRulesTests {

    private static final SystemRegistry SYSTEMS = new SystemRegistry(Map.of("ecom", system("ecom"), "codes", system("codes")));

    private static SystemSettings system(String name) {
        return org.loyaltyhub.support.TestSystems.system(name);
    }

    @TempDir
    Path dir;

    @Test
    void theProjectsRulesLoad() {
        Map<String, FieldRules.EntityRules> rules = FieldRules.load(Path.of("mappings/fields.yaml"), SYSTEMS);

        assertThat(rules.get("card").of("holder.firstName").mode()).isEqualTo(FieldRules.Mode.OWNER);
        assertThat(rules.get("card").of("accumulated.amount").systems()).isEqualTo(Set.of("ecom", "spi"));
        assertThat(rules.get("card").of("program").mode()).isEqualTo(FieldRules.Mode.LAST_WRITER_WINS);
        assertThat(rules.get("promotion").of("amount").systems()).isEqualTo(Set.of("codes"));
    }

    @Test
    void aMissingFileLeavesEveryFieldLastWriterWins() {
        assertThat(FieldRules.load(dir.resolve("fields.yaml"), SYSTEMS)).isEmpty();
    }

    @Test
    void eachMistakeIsNamedWithItsLine() throws IOException {
        Path file = dir.resolve("fields.yaml");
        Files.writeString(file, """
                card:
                  fields:
                    holder: {owner: shop}
                    accumulated.amount: {counter: [ecom]}
                    accumulated: last-writer-wins
                    barcode: first-writer-wins
                    number: {owner: ecom}
                coupon:
                  default: last-writer-wins
                """);

        assertThatThrownBy(() -> FieldRules.load(file, SYSTEMS)).isInstanceOf(FieldRulesException.class)
                .hasMessageContaining("fields.yaml:3: unknown system 'shop'")
                .hasMessageContaining("fields.yaml:4: counter accumulated.amount overlaps accumulated")
                .hasMessageContaining("fields.yaml:6: unknown rule 'first-writer-wins'")
                .hasMessageContaining("fields.yaml:7: number cannot have a rule")
                .hasMessageContaining("fields.yaml:8: unknown entity 'coupon'");
    }
}
