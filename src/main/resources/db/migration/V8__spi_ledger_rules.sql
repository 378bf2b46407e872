-- SPI ledger rules a finance team signs off (README "SPI", docs in the ledger's package):
-- idempotency by business identity, receipts scoped to store + register + card, the balance after each row
-- for the card's statement, and a PIN lockout that escalates instead of resetting after each lock.

ALTER TABLE spi_transaction
    ADD COLUMN store_id      text,
    -- what the request asked for (operation, card, type, amounts, reference, original, store, register):
    -- the same Request-ID with another fingerprint is a conflict, never the first request's answer
    ADD COLUMN fingerprint   text,
    -- the card's balance after this row (null: the program keeps none), for the operators' statement
    ADD COLUMN balance_after numeric(16, 2);

UPDATE spi_transaction SET store_id = canonical ->> 'storeId',
    balance_after = CASE WHEN answer ? 'balance' THEN (answer ->> 'balance')::numeric END;

-- A receipt was unique per register id and type: split tender (one receipt, two cards) and two stores whose
-- registers share an id were merged. A sale is now once per store, register, card and receipt; a return
-- without a Request-ID once per store, register, card, receipt, sale and amounts (two different partial
-- returns of one receipt are two returns; the contract's return reuses its sale's reference).
DROP INDEX spi_transaction_register_reference;
CREATE UNIQUE INDEX spi_transaction_sale_receipt ON spi_transaction
    (coalesce(store_id, ''), coalesce(register_id, ''), card_number, reference)
    WHERE operation = 'transaction' AND type = 'sale' AND reference IS NOT NULL;
CREATE UNIQUE INDEX spi_transaction_return_receipt ON spi_transaction
    (coalesce(store_id, ''), coalesce(register_id, ''), card_number, reference, original_transaction_id, total_amount, discount_amount)
    WHERE operation = 'transaction' AND type = 'return' AND reference IS NOT NULL AND request_id IS NULL;
CREATE INDEX spi_transaction_original ON spi_transaction (original_transaction_id) WHERE original_transaction_id IS NOT NULL;

ALTER TABLE spi_card_account
    -- locks since the last right PIN: each lock lasts lock-duration x 2^(locks - 1), up to max-lock-duration
    ADD COLUMN pin_locks            integer     NOT NULL DEFAULT 0,
    -- wrong PINs in the current day (from first_daily_failure_at); at the daily ceiling only an operator unlocks
    ADD COLUMN daily_pin_failures   integer     NOT NULL DEFAULT 0,
    ADD COLUMN first_daily_failure_at timestamptz,
    ADD COLUMN locked_for_operator  boolean     NOT NULL DEFAULT false;
