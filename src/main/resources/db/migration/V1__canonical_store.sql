-- The canonical store: the hub's current view of every entity, whichever system changed it last.
CREATE TABLE canonical_entity (
    entity       text        NOT NULL,              -- card, promotion, ...
    entity_key   text        NOT NULL,              -- card number, promotion code, ...
    body         jsonb       NOT NULL,              -- canonical JSON, refs of every system merged in
    content_hash text        NOT NULL,              -- SHA-256 of the canonical body without refs
    source       text        NOT NULL,              -- system that changed it last
    version      bigint      NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, entity_key)
);
-- SPI lookups fall back from card number to barcode
CREATE INDEX canonical_entity_card_barcode ON canonical_entity ((body ->> 'barcode')) WHERE entity = 'card';

-- What the hub last saw of an entity in each system: change detection per source, so a poll that
-- reads back what the hub itself delivered is not published again.
CREATE TABLE source_state (
    system       text        NOT NULL,
    entity       text        NOT NULL,
    entity_key   text        NOT NULL,
    content_hash text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (system, entity, entity_key)
);

-- Cross references: an entity's id in each system.
CREATE TABLE cross_reference (
    entity      text        NOT NULL,
    entity_key  text        NOT NULL,
    system      text        NOT NULL,
    external_id text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, entity_key, system)
);
CREATE UNIQUE INDEX cross_reference_external ON cross_reference (system, entity, external_id);

-- Transactional outbox: events written with the change that caused them, relayed to Kafka.
CREATE TABLE event_outbox (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    event_key    text        NOT NULL,
    event_type   text        NOT NULL,
    source       text        NOT NULL,
    subject      text        NOT NULL,
    event_time   timestamptz NOT NULL,
    payload      text        NOT NULL,
    extra_headers jsonb      NOT NULL DEFAULT '{}',  -- headers beyond the CloudEvent attributes (dead letters)
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX event_outbox_pending ON event_outbox (id) WHERE published_at IS NULL;
