-- Systems an operator suspended (POST /ops/api/systems/{system}/suspend): every hub instance stops the
-- system's consuming routes while its row is here, so a suspension holds across instances and restarts.
CREATE TABLE suspended_system (
    system       text PRIMARY KEY,
    suspended_at timestamptz NOT NULL DEFAULT now(),
    suspended_by text
);
