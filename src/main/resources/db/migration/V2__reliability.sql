-- Dead letters: a message that could not be delivered, with everything needed to understand and replay it.
CREATE TABLE dead_letter (
    id              bigserial   PRIMARY KEY,
    event_id        text        NOT NULL,
    target          text        NOT NULL,              -- system the delivery was for
    route_id        text,
    deliver_to      text,                              -- the target's delivery route (direct: endpoint name)
    event_type      text,
    source          text,
    subject         text,
    headers         jsonb       NOT NULL DEFAULT '{}',
    payload         text        NOT NULL,              -- the original canonical message
    error_type      text        NOT NULL,
    error_message   text        NOT NULL,
    permanent       boolean     NOT NULL,
    attempts        integer     NOT NULL,
    first_failed_at timestamptz NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'waiting', -- waiting | replaying | delivered | discarded
    replays         integer     NOT NULL DEFAULT 0,
    history         jsonb       NOT NULL DEFAULT '[]',  -- earlier failures of this message, oldest first
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_waiting ON dead_letter (target, id) WHERE status = 'waiting';
CREATE UNIQUE INDEX dead_letter_open_event ON dead_letter (event_id, target) WHERE status IN ('waiting', 'replaying');

-- Deliveries done, per (event id, target): Camel's JDBC idempotent repository.
CREATE TABLE camel_messageprocessed (
    processorname varchar(255) NOT NULL,
    messageid     varchar(100) NOT NULL,
    createdat     timestamp    NOT NULL,
    PRIMARY KEY (processorname, messageid)
);

-- Batches being aggregated for bulk deliveries (Camel's PostgreSQL aggregation repository).
CREATE TABLE delivery_batch (
    id       varchar(255) NOT NULL PRIMARY KEY,
    exchange bytea        NOT NULL,
    version  bigint       NOT NULL
);
CREATE TABLE delivery_batch_completed (
    id       varchar(255) NOT NULL PRIMARY KEY,
    exchange bytea        NOT NULL,
    version  bigint       NOT NULL
);

-- Creates sent to a system whose outcome is not known yet (the hub may have crashed before the answer
-- was recorded). A create of the same entity waits until a poll of that system tells whether it exists.
CREATE TABLE create_in_flight (
    system     text        NOT NULL,
    entity     text        NOT NULL,
    entity_key text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (system, entity, entity_key)
);

-- When the last complete poll of a system's list started: the list shows every create marked before then.
CREATE TABLE poll_state (
    system       text        NOT NULL,
    entity       text        NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (system, entity)
);
