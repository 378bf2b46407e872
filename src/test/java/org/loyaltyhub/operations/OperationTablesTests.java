package org.loyaltyhub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** The wallet's operation table is checked against the vendor's own table of what each card takes. */
class OperationTablesTests {

    @TempDir
    Path dir;

    @Test
    void theProjectsTableFitsTheVendorsTable() {
        OperationTables tables = OperationTables.load(Path.of("mappings"));
        assertThat(tables.problems()).isEmpty();
        assertThat(tables.ids()).containsExactly("wallet/transaction");
    }

    @Test
    void anOperationACardTypeDoesNotTakeIsRefusedWithItsLine() throws IOException {
        List<String> problems = withTable(table -> table.replace(
                "sale: {operation: add-amount, amount: \"$decimalPercent(totalAmount, $config.cashbackPercent, $config.amountScale)\"}",
                "sale: {operation: add-stamp, quantity: \"1\"}"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .matches("mappings/wallet/transaction\\.operations\\.yaml:\\d+: sale of a cashback card would send add-stamp, which wallet takes only on stamp cards"));
        // its inverse, which the return and revert would send, is refused too
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("return of a cashback card would send subtract-stamp"));
    }

    @Test
    void anInverseTheVendorRefusesForThatKindOfCardIsRefused() throws IOException {
        // a reward card with visit mechanics takes add-visit, but subtract-visit only on multipass and limited membership cards
        List<String> problems = withTable(table -> {
            int visitRule = table.lastIndexOf("mechanics: visit");
            return table.substring(0, visitRule) + table.substring(visitRule).replaceFirst("return: none", "return: inverse");
        });
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("return of a reward with visit mechanics card would send subtract-visit")
                .contains("takes only on multipass or membership with limits cards"));
    }

    @Test
    void anUndoOfWhatCannotBeUndoneAndUnknownNamesAreRefused() throws IOException {
        List<String> problems = withTable(table -> table
                .replace("    sale: {operation: redeem-coupon}\n    return: none", "    sale: {operation: redeem-coupon}\n    return: inverse")
                .replace("card-type: gift", "card-type: voucher"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("redeem-coupon cannot be undone: say none"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("unknown card type 'voucher'"));
    }

    private List<String> withTable(java.util.function.UnaryOperator<String> change) throws IOException {
        Path mappings = dir.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        Path table = mappings.resolve("wallet/transaction.operations.yaml");
        String before = Files.readString(table);
        String after = change.apply(before);
        assertThat(after).as("the test changed the table").isNotEqualTo(before);
        Files.writeString(table, after);
        return OperationTables.load(mappings).problems();
    }
}
