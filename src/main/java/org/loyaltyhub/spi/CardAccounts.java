package org.loyaltyhub.spi;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code spi_card_account} rows. Callers that change one hold its row lock ({@link #lock}) in their transaction. */
@Component
public class CardAccounts {

    private static final String COLUMNS = "card_number, balance, pin_hash, failed_pin_attempts, first_failed_pin_at, locked_until";

    private final NamedParameterJdbcTemplate jdbc;

    public CardAccounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CardAccount> find(String cardNumber) {
        return jdbc.query("SELECT " + COLUMNS + " FROM spi_card_account WHERE card_number = :card",
                new MapSqlParameterSource("card", cardNumber), (row, i) -> read(row)).stream().findFirst();
    }

    /**
     * The card's account, created with its program's original balance the first time, and locked until the
     * caller's transaction ends: every change of one card is serialized here (SELECT ... FOR UPDATE).
     */
    public CardAccount lock(String cardNumber, CardProgram program) {
        jdbc.update("INSERT INTO spi_card_account (card_number, balance) VALUES (:card, :balance) ON CONFLICT (card_number) DO NOTHING",
                new MapSqlParameterSource("card", cardNumber)
                        .addValue("balance", program.keepsBalance() ? program.originalBalance() : null));
        return jdbc.queryForObject("SELECT " + COLUMNS + " FROM spi_card_account WHERE card_number = :card FOR UPDATE",
                new MapSqlParameterSource("card", cardNumber), (row, i) -> read(row));
    }

    public void setBalance(String cardNumber, BigDecimal balance) {
        jdbc.update("UPDATE spi_card_account SET balance = :balance, updated_at = now() WHERE card_number = :card",
                new MapSqlParameterSource("card", cardNumber).addValue("balance", balance));
    }

    public void setPinHash(String cardNumber, String pinHash) {
        jdbc.update("""
                UPDATE spi_card_account SET pin_hash = :hash, failed_pin_attempts = 0, first_failed_pin_at = NULL,
                    locked_until = NULL, updated_at = now() WHERE card_number = :card
                """, new MapSqlParameterSource("card", cardNumber).addValue("hash", pinHash));
    }

    public void setPinFailures(String cardNumber, int attempts, Instant firstFailedAt, Instant lockedUntil) {
        jdbc.update("""
                UPDATE spi_card_account SET failed_pin_attempts = :attempts, first_failed_pin_at = :first,
                    locked_until = :locked, updated_at = now() WHERE card_number = :card
                """, new MapSqlParameterSource("card", cardNumber).addValue("attempts", attempts)
                .addValue("first", timestamp(firstFailedAt)).addValue("locked", timestamp(lockedUntil)));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static CardAccount read(ResultSet row) throws SQLException {
        Timestamp first = row.getTimestamp("first_failed_pin_at");
        Timestamp locked = row.getTimestamp("locked_until");
        return new CardAccount(row.getString("card_number"), row.getBigDecimal("balance"), row.getString("pin_hash"),
                row.getInt("failed_pin_attempts"), first == null ? null : first.toInstant(), locked == null ? null : locked.toInstant());
    }
}
