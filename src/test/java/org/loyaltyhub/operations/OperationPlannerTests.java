package org.loyaltyhub.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.operations.OperationTables.SubjectKind;

/**
 * The planner over the project's tables, where the golden examples do not reach: how a card's kind is read,
 * what is refused, and which examples are its own. What each kind's events become is in the golden examples.
 */
class OperationPlannerTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "wallet/transaction";

    private final OperationPlanner planner = new OperationPlanner(OperationTables.load(Path.of("mappings")), JSON);

    @Test
    void aCardsKindIsItsProgramsWithLimitsGivenAsText() {
        // a setting given by an environment variable is a string: "true" is a card with limits
        Map<String, Object> config = Map.of("programs", Map.of("club", Map.of("cardType", "membership", "limits", "true")));
        JsonNode card = JSON.createObjectNode().put("number", "7000000000001").put("program", "club");
        assertThat(planner.kindOf(TABLE, card, config)).isEqualTo(new SubjectKind("membership", null, true));
    }

    @Test
    void aCardWhoseProgramGivesNoTypeIsRefusedWithTheTable() {
        JsonNode card = JSON.createObjectNode().put("number", "7000000000001").put("program", "unknown");
        assertThatThrownBy(() -> planner.kindOf(TABLE, card, Map.of("programs", Map.of())))
                .hasMessage("mappings/wallet/transaction.operations.yaml: the card's kind is not configured (its card expression gave nothing)");
    }

    @Test
    void aKindNoRuleCoversAndAnUnknownTableAreRefused() {
        JsonNode event = JSON.createObjectNode().put("id", "txn_1").put("totalAmount", "10.00");
        JsonNode card = JSON.createObjectNode().put("number", "7000000000001");
        SubjectKind kind = new SubjectKind("reward", "bonus", null);
        assertThatThrownBy(() -> planner.plan(TABLE, "sale", event, card, kind, Map.of(), null))
                .hasMessage("mappings/wallet/transaction.operations.yaml has no rule for a reward with bonus mechanics card");
        assertThatThrownBy(() -> planner.plan("wallet/card", "sale", event, card, kind, Map.of(), null))
                .hasMessageStartingWith("no operation table 'wallet/card'");
    }

    @Test
    void itRunsTheExamplesOfTheTablesItHasOnly() {
        assertThat(planner.idFor("wallet", "transaction.operations.cashback-sale")).contains(TABLE);
        assertThat(planner.idFor("wallet", "wallet-operation.from-canonical.add-amount")).isEmpty();
        assertThat(planner.idFor("ecom", "transaction.operations.cashback-sale")).isEmpty();
        assertThat(planner.producesEntity(TABLE)).contains("wallet-operation");
    }
}
