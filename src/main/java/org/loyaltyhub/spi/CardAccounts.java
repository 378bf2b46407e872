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

    private static final String COLUMNS = """
            card_number, balance, pin_hash, failed_pin_attempts, first_failed_pin_at, locked_until, pin_locks,
            daily_pin_failures, first_daily_failure_at, locked_for_operator""";

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
     * <p>
     * A card whose program changed limit type gets a defined balance: a program that starts keeping a balance
     * starts it at its original balance (discounts given while the card was unlimited were never limited), and
     * a program that stops keeping one drops it.
     */
    public CardAccount lock(String cardNumber, CardProgram program) {
        BigDecimal original = program.keepsBalance() ? program.originalBalance() : null;
        jdbc.update("INSERT INTO spi_card_account (card_number, balance) VALUES (:card, :balance) ON CONFLICT (card_number) DO NOTHING",
                new MapSqlParameterSource("card", cardNumber).addValue("balance", original));
        CardAccount account = jdbc.queryForObject("SELECT " + COLUMNS + " FROM spi_card_account WHERE card_number = :card FOR UPDATE",
                new MapSqlParameterSource("card", cardNumber), (row, i) -> read(row));
        if ((account.balance() == null) != (original == null)) {
            setBalance(cardNumber, original);
            return find(cardNumber).orElseThrow();
        }
        return account;
    }

    public void setBalance(String cardNumber, BigDecimal balance) {
        jdbc.update("UPDATE spi_card_account SET balance = :balance, updated_at = now() WHERE card_number = :card",
                new MapSqlParameterSource("card", cardNumber).addValue("balance", balance));
    }

    /** A new PIN (or none): every lock and count is lifted. */
    public void setPinHash(String cardNumber, String pinHash) {
        jdbc.update("UPDATE spi_card_account SET pin_hash = :hash, updated_at = now() WHERE card_number = :card",
                new MapSqlParameterSource("card", cardNumber).addValue("hash", pinHash));
        setPinState(cardNumber, CardAccount.PinState.CLEAR);
    }

    public void setPinState(String cardNumber, CardAccount.PinState state) {
        jdbc.update("""
                UPDATE spi_card_account SET failed_pin_attempts = :attempts, first_failed_pin_at = :first,
                    locked_until = :locked, pin_locks = :locks, daily_pin_failures = :daily, first_daily_failure_at = :firstDaily,
                    locked_for_operator = :operator, updated_at = now() WHERE card_number = :card
                """, new MapSqlParameterSource("card", cardNumber).addValue("attempts", state.failedPinAttempts())
                .addValue("first", timestamp(state.firstFailedPinAt())).addValue("locked", timestamp(state.lockedUntil()))
                .addValue("locks", state.pinLocks()).addValue("daily", state.dailyPinFailures())
                .addValue("firstDaily", timestamp(state.firstDailyFailureAt())).addValue("operator", state.lockedForOperator()));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static CardAccount read(ResultSet row) throws SQLException {
        return new CardAccount(row.getString("card_number"), row.getBigDecimal("balance"), row.getString("pin_hash"),
                row.getInt("failed_pin_attempts"), instant(row, "first_failed_pin_at"), instant(row, "locked_until"),
                row.getInt("pin_locks"), row.getInt("daily_pin_failures"), instant(row, "first_daily_failure_at"),
                row.getBoolean("locked_for_operator"));
    }
}
