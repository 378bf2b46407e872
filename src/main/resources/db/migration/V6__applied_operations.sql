-- Operations the hub sent to a system for an event, planned by an operation table (a transaction's wallet
-- card operation): what a later return or revert undoes, and proof that an operation is not sent twice.
CREATE TABLE applied_operation (
    system         text        NOT NULL,
    transaction_id text        NOT NULL,               -- the event's transaction
    subject_key    text        NOT NULL,               -- the card it was applied to
    operation      text        NOT NULL,               -- add-stamp, subtract-amount, ...
    unit           text        NOT NULL CHECK (unit IN ('AMOUNT', 'QUANTITY', 'ONE')),
    magnitude      numeric     NOT NULL,               -- exact, with the scale it was sent with
    source_total   numeric,                            -- the sale's total, or what a return gave back
    undoes         text,                               -- the transaction whose operation this one undoes
    status         text        NOT NULL CHECK (status IN ('sent', 'applied')), -- sent: the answer is not in yet
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (system, transaction_id)
);
CREATE INDEX applied_operation_undoes ON applied_operation (system, undoes) WHERE undoes IS NOT NULL;
