-- A poll that would delete more than a system's deletion guard allows (hub.systems.<name>.deletion-guard) deletes
-- nothing: its deletions wait here for an operator (ops API /ops/api/held-deletions), one open hold per system
-- and entity, renewed by each poll that still finds the same gap.
CREATE TABLE held_deletion (
    id           bigserial   PRIMARY KEY,
    system       text        NOT NULL,
    entity       text        NOT NULL,
    entity_keys  jsonb       NOT NULL,              -- the entities the poll no longer listed
    known        integer     NOT NULL,              -- how many the hub held from the system then
    poll_started timestamptz NOT NULL,              -- approving deletes only those not seen since
    status       text        NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'approved', 'rejected', 'superseded')),
    held_at      timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz,
    deleted      integer                            -- how many an approval deleted
);
CREATE UNIQUE INDEX held_deletion_open ON held_deletion (system, entity) WHERE status = 'held';
