package org.loyaltyhub.spi;

import java.math.BigDecimal;
import java.util.Optional;
import org.loyaltyhub.store.CanonicalStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** What the tests read back of a card after requests: its ledger balance, its accumulated amount and its ledger rows. */
public record CardLedger(NamedParameterJdbcTemplate jdbc, CanonicalStore store) {

    /** The account's balance; empty when no till has touched the card yet (or its program keeps none). */
    public Optional<BigDecimal> balance(String card) {
        return jdbc.query("SELECT balance FROM spi_card_account WHERE card_number = :card", new MapSqlParameterSource("card", card),
                (row, i) -> Optional.ofNullable(row.getBigDecimal("balance"))).stream().findFirst().flatMap(balance -> balance);
    }

    public BigDecimal accumulated(String card) {
        return new BigDecimal(store.find("card", card).orElseThrow().path("accumulated").path("amount").asText());
    }

    /** Ledger rows of the card: sales and returns, and with {@code withReverts} its reverts too. */
    public int rows(String card, boolean withReverts) {
        return jdbc.queryForObject("SELECT count(*) FROM spi_transaction WHERE card_number = :card AND (:reverts OR operation = 'transaction')",
                new MapSqlParameterSource("card", card).addValue("reverts", withReverts), Integer.class);
    }
}
