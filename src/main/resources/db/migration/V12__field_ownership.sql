-- Field ownership (mappings/fields.yaml, docs/field-ownership.md).

-- What the hub last saw of each counter (a card's accumulated amount) from each source that holds it as an absolute
-- figure, and as of when: a reading's request time, or the end of the hub's write to that source. A source's change
-- to the counter is the difference from this row; a reading older than seen_at is not news. writing: the figure a
-- write under way sends (read-before-write) until its answer is recorded; a reading showing exactly it is that write.
CREATE TABLE field_counter_seen (
    entity     text        NOT NULL,
    entity_key text        NOT NULL,
    field      text        NOT NULL,               -- dotted path, e.g. accumulated.amount
    system     text        NOT NULL,
    seen       numeric     NOT NULL,
    seen_at    timestamptz NOT NULL,
    writing    numeric,
    PRIMARY KEY (entity, entity_key, field, system)
);

-- When each last-writer-wins field of an entity last changed (the source's change time, else when it was read):
-- {"holder.firstName": "2026-01-01T10:00:00Z", ...}; an older change of the field is refused.
ALTER TABLE canonical_entity ADD COLUMN field_times jsonb NOT NULL DEFAULT '{}';

-- Changes a rule refused, and counter merges whose result differs from the source's figure: for operators
-- (/ops/api/field-conflicts) and the metric hub_field_conflicts_total.
CREATE TABLE field_conflict (
    id          bigserial   PRIMARY KEY,
    entity      text        NOT NULL,
    entity_key  text        NOT NULL,
    field       text        NOT NULL,
    system      text        NOT NULL,
    kind        text        NOT NULL,              -- not-owner, not-a-counter-source, older-change, counter-merged
    offered     text,                              -- what the system sent
    kept        text,                              -- what the hub holds after the merge
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_conflict_recent ON field_conflict (occurred_at DESC, id DESC);
