-- The SPI ledger: what point-of-sale registers did with discount cards. The card itself (number,
-- barcode, active, accumulated amount, program) stays in canonical_entity; this is the hub's own state.

-- One account per card that has been used at a till: its balance (for limits) and its PIN.
CREATE TABLE spi_card_account (
    card_number          text        PRIMARY KEY,           -- the canonical card's number
    balance              numeric(16, 2),                    -- null: the card's program keeps no balance (unlimited)
    pin_hash             text,                              -- salted hash (bcrypt); never the PIN
    failed_pin_attempts  integer     NOT NULL DEFAULT 0,     -- wrong PINs in the current window
    first_failed_pin_at  timestamptz,                       -- start of that window
    locked_until         timestamptz,                       -- too many wrong PINs: refused until then
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Sales, returns and reverts, each as the canonical transaction it was, with the answer the register got
-- (as the canonical view the answer mapping made it from), so that a repeated request gets the same answer.
CREATE TABLE spi_transaction (
    id                      text        PRIMARY KEY,        -- txn_..., the SPI transaction_id
    operation               text        NOT NULL CHECK (operation IN ('transaction', 'revert')),
    type                    text        NOT NULL CHECK (type IN ('sale', 'return', 'revert')),
    card_number             text        NOT NULL REFERENCES spi_card_account (card_number),
    discount_amount         numeric(16, 2) NOT NULL,        -- as a magnitude; the type gives the direction
    total_amount            numeric(16, 2) NOT NULL,
    balance_change          numeric(16, 2) NOT NULL,        -- what this row did to the balance (0 when unlimited)
    accumulated_change      numeric(16, 2) NOT NULL,        -- what it did to the card's accumulated amount
    original_transaction_id text        REFERENCES spi_transaction (id), -- the sale a return gives back, or the transaction a revert undoes
    reverted_by             text        REFERENCES spi_transaction (id), -- set once: a transaction is reverted at most once
    reference               text,                           -- transaction_reference
    register_id             text,
    request_id              text,
    canonical               jsonb       NOT NULL,           -- the canonical transaction (the event's data)
    answer                  jsonb       NOT NULL,           -- canonical view the answer was made from
    created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX spi_transaction_card ON spi_transaction (card_number, created_at);
-- idempotency: a Request-ID is applied once per operation; a receipt once per register and type (the
-- contract's return example reuses its sale's transaction_reference)
CREATE UNIQUE INDEX spi_transaction_request ON spi_transaction (operation, request_id) WHERE request_id IS NOT NULL;
CREATE UNIQUE INDEX spi_transaction_register_reference ON spi_transaction (coalesce(register_id, ''), type, reference)
    WHERE operation = 'transaction' AND reference IS NOT NULL;
-- a transaction is reverted at most once
CREATE UNIQUE INDEX spi_transaction_revert_once ON spi_transaction (original_transaction_id) WHERE type = 'revert';
