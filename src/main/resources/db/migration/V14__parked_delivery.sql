-- Deliveries parked by key (#18): a one-event delivery that keeps failing retryably leaves its Kafka partition and
-- waits here, and later events of the same entity (the CloudEvent subject) for the same target queue behind it, so
-- that other entities flow and one entity's order holds. The head of a key's queue is its lowest id; it is tried
-- again at next_attempt_at by whichever instance leases it first.
CREATE TABLE parked_delivery (
    id              bigserial PRIMARY KEY,
    target          text        NOT NULL,
    entity_key      text        NOT NULL,
    event_id        text        NOT NULL,
    -- the delivery route the event goes through (a subscription's deliver)
    deliver_to      text        NOT NULL,
    -- the delivery item: CloudEvent attributes and body, as the dispatch consumer read them
    item            jsonb       NOT NULL,
    -- failed attempts that spent the target's retry budget, and when the first failed
    attempts        int         NOT NULL DEFAULT 0,
    first_failed_at timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    -- the hub instance attempting it now; a lease of an instance that is gone is released
    leased_by       text,
    parked_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (target, deliver_to, event_id)
);
CREATE INDEX parked_delivery_queue ON parked_delivery (target, entity_key, id);
CREATE INDEX parked_delivery_due ON parked_delivery (next_attempt_at) WHERE leased_by IS NULL;
